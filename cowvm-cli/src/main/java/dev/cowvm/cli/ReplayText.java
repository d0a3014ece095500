package dev.cowvm.cli;

import dev.cowvm.Sizes;
import dev.cowvm.mmu.PagingMode;
import dev.cowvm.observe.Counter;
import dev.cowvm.trace.AccessKind;
import dev.cowvm.script.text.KernelText;
import dev.cowvm.trace.ReplayReport;
import java.io.PrintWriter;

/** The text report of {@code cowvm replay}: a summary, the processes, the samples, the counters. */
final class ReplayText {
    private final PrintWriter out;

    ReplayText(PrintWriter out) {
        this.out = out;
    }

    void print(ReplayReport r, String childTraceOption) {
        ReplayReport.ProcessReport first = r.processes().getFirst();
        out.printf("cowvm replay %s: %s%s, %d accesses replayed in all%n", first.trace(), first.format().description(),
                first.compressed() ? " (gzip)" : "", r.accesses());
        PagingMode mode = r.config().pagingMode();
        out.printf("machine: %s of memory, %s page tables (%d levels, user addresses below 0x%x), zeroing %s, fork mode %s%n",
                Sizes.format(r.config().memoryBytes()), mode.specName(), mode.levels(), mode.userLimit(),
                r.config().zeroPolicy().label(), r.config().forkMode().label());
        out.printf("pool: %s%n", KernelText.pool(r.config().frames()));
        for (ReplayReport.Fork f : r.forks()) {
            switch (f.outcome()) {
                case "forked" -> out.printf("fork at access %d: process %d forked process %d, which replays %s%n", f.at(),
                        f.parent(), f.child(), childTraceOption == null ? "nothing"
                                : childTraceOption.equals("same") ? "the same trace from its beginning" : childTraceOption);
                case "failed" -> out.printf("fork at access %d: refused, the pool lacked the frames (nothing changed)%n", f.at());
                default -> out.printf("fork at access %d: not reached, process %d ended first%n", f.at(), f.parent());
            }
        }

        out.printf("%nprocesses%n");
        out.printf("  %4s  %-6s  %10s  %10s  %10s  %10s  %10s  %8s  %9s  %9s  %9s  %s%n", "pid", "role", "accesses",
                "fetches", "loads", "stores", "modifies", "pages", "rss KiB", "pss KiB", "uss KiB", "status");
        for (ReplayReport.ProcessReport p : r.processes()) {
            long[] k = p.byKind();
            out.printf("  %4d  %-6s  %10d  %10d  %10d  %10d  %10d  %8d  %9s  %9s  %9s  %s%n", p.pid(), p.role(), p.accesses(),
                    k[AccessKind.INSTRUCTION.ordinal()], k[AccessKind.LOAD.ordinal()], k[AccessKind.STORE.ordinal()],
                    k[AccessKind.MODIFY.ordinal()], p.pagesMapped(), kib(p, 0), kib(p, 1), kib(p, 2), p.status());
        }
        out.printf("  pages: pages mapped on first access (a child also holds those it inherited)%n");
        for (ReplayReport.ProcessReport p : r.processes()) {
            if (!p.endReason().isEmpty()) {
                out.printf("  process %d ended after %d accesses: %s%n", p.pid(), p.accesses(), p.endReason());
            }
            if (p.skipped() > 0) {
                out.printf("  process %d skipped %d malformed line%s of %s; the first:%n", p.pid(), p.skipped(),
                        p.skipped() == 1 ? "" : "s", p.trace());
                for (String s : p.problems()) {
                    out.printf("    %s%n", s);
                }
            }
        }

        out.printf("%nworking set and copy-on-write copies, every %d accesses%n", r.interval());
        out.printf("  %12s  %14s  %11s  %14s%n", "accesses", "pages touched", "cow copies", "frames in use");
        for (ReplayReport.Interval i : r.intervals()) {
            out.printf("  %12d  %14d  %11d  %14d%n", i.endAccess(), i.pagesTouched(), i.cowCopies(), i.framesInUse());
        }

        out.printf("%ncounters when the last access was replayed%n");
        for (Counter c : Counter.values()) {
            out.printf("  %-18s %12d  %s%n", c.label(), r.stats().get(c), c.description());
        }
        out.printf("%nThen every process exited, and every frame was back in the pool (invariants checked).%n");
    }

    private static String kib(ReplayReport.ProcessReport p, int which) {
        if (p.usage() == null) {
            return "-";
        }
        long bytes = switch (which) {
            case 0 -> p.usage().rssBytes();
            case 1 -> p.usage().pssBytes();
            default -> p.usage().ussBytes();
        };
        return Long.toString(bytes / 1024);
    }
}
