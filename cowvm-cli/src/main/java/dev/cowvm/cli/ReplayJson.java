package dev.cowvm.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cowvm.observe.Counter;
import dev.cowvm.observe.Stats;
import dev.cowvm.trace.AccessKind;
import dev.cowvm.trace.ReplayReport;

/**
 * The JSON report of {@code cowvm replay --json}. Field names are stable and documented in
 * docs/traces.md; counters use {@link Counter#label()}, in the enum's order.
 */
final class ReplayJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ReplayJson() {
    }

    static String render(ReplayReport r, String childTraceOption) {
        ObjectNode root = MAPPER.createObjectNode();
        ReplayReport.ProcessReport first = r.processes().getFirst();
        root.put("trace", first.trace());
        root.put("format", first.format().label());
        root.put("compressed", first.compressed());
        if (childTraceOption == null) {
            root.putNull("childTrace");
        } else {
            root.put("childTrace", childTraceOption);
        }
        root.put("pagingMode", r.config().pagingMode().label());
        root.put("memoryBytes", r.config().memoryBytes());
        root.put("zeroPolicy", r.config().zeroPolicy().label());
        root.put("forkMode", r.config().forkMode().label());
        root.put("interval", r.interval());
        root.put("quantum", r.quantum());
        root.put("accesses", r.accesses());

        ArrayNode forks = root.putArray("forks");
        for (ReplayReport.Fork f : r.forks()) {
            ObjectNode n = forks.addObject();
            n.put("at", f.at());
            n.put("parent", f.parent());
            if (f.child() == 0) {
                n.putNull("child");
            } else {
                n.put("child", f.child());
            }
            n.put("outcome", f.outcome());
        }

        ArrayNode procs = root.putArray("processes");
        for (ReplayReport.ProcessReport p : r.processes()) {
            ObjectNode n = procs.addObject();
            n.put("pid", p.pid());
            n.put("role", p.role());
            if (p.trace() == null) {
                n.putNull("trace");
                n.putNull("format");
            } else {
                n.put("trace", p.trace());
                n.put("format", p.format().label());
            }
            n.put("accesses", p.accesses());
            n.put("instructionFetches", p.byKind()[AccessKind.INSTRUCTION.ordinal()]);
            n.put("loads", p.byKind()[AccessKind.LOAD.ordinal()]);
            n.put("stores", p.byKind()[AccessKind.STORE.ordinal()]);
            n.put("modifies", p.byKind()[AccessKind.MODIFY.ordinal()]);
            n.put("pagesMapped", p.pagesMapped());
            n.put("skippedLines", p.skipped());
            ArrayNode problems = n.putArray("problems");
            p.problems().forEach(problems::add);
            n.put("status", p.status());
            n.put("endReason", p.endReason());
            if (p.usage() == null) {
                n.putNull("rssBytes");
                n.putNull("pssBytes");
                n.putNull("ussBytes");
            } else {
                n.put("rssBytes", p.usage().rssBytes());
                n.put("pssBytes", p.usage().pssBytes());
                n.put("ussBytes", p.usage().ussBytes());
            }
            stats(n.putObject("stats"), p.stats());
        }

        ArrayNode intervals = root.putArray("intervals");
        for (ReplayReport.Interval i : r.intervals()) {
            ObjectNode n = intervals.addObject();
            n.put("endAccess", i.endAccess());
            n.put("pagesTouched", i.pagesTouched());
            n.put("cowCopies", i.cowCopies());
            n.put("framesInUse", i.framesInUse());
        }
        stats(root.putObject("stats"), r.stats());
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of plain values always serialises", e);
        }
    }

    private static void stats(ObjectNode n, Stats s) {
        for (Counter c : Counter.values()) {
            n.put(c.label(), s.get(c));
        }
    }
}
