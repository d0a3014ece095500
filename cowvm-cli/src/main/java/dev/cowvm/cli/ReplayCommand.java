package dev.cowvm.cli;

import dev.cowvm.observe.ForkMode;
import dev.cowvm.kernel.KernelConfig;
import dev.cowvm.mmu.PagingMode;
import dev.cowvm.phys.ZeroPolicy;
import dev.cowvm.trace.ReplayPlan;
import dev.cowvm.trace.ReplayReport;
import dev.cowvm.trace.Replayer;
import dev.cowvm.trace.TraceException;
import dev.cowvm.trace.TraceSource;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cowvm replay}: a real program's memory trace, run through the kernel. */
@Command(name = "replay", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Replay a program's memory trace through the kernel.",
            "%nThe trace runs as one process, optionally forked at chosen accesses; the report gives the kernel's"
                + " counters, the working set and the copy-on-write copies over time.",
            "%nTRACE is valgrind lackey output (valgrind --tool=lackey --trace-mem=yes) or a trace written by"
                + " 'cowvm record'; either may be gzip-compressed. Pages are mapped on their first access."
                + " See docs/traces.md.%n"},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the trace was replayed", "2:bad usage, or a trace that cannot be read or replayed"})
final class ReplayCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "TRACE", description = "the trace to replay")
    Path trace;

    @Option(names = "--fork-at", split = ",", paramLabel = "N",
            description = "fork the first process when it has replayed N accesses (several: N,N,...)")
    List<Long> forkAt = new ArrayList<>();

    @Option(names = "--child-trace", paramLabel = "TRACE2",
            description = "what each child replays: a trace, or 'same' for TRACE from its beginning (default: nothing)")
    String childTrace;

    @Option(names = "--memory", paramLabel = "SIZE", converter = MemorySize.class, defaultValue = "1G",
            description = "physical memory, for example 64M or 4G (default: ${DEFAULT-VALUE})")
    long memory;

    @Option(names = "--zero", paramLabel = "POLICY", converter = Converters.Zero.class, defaultValue = "on-alloc",
            description = "when frames are zeroed: on-alloc, on-free or none (default: ${DEFAULT-VALUE})")
    ZeroPolicy zero;

    @Option(names = "--fork-mode", paramLabel = "MODE", converter = Converters.Fork.class, defaultValue = "cow",
            description = "cow shares pages copy-on-write, copy copies them all at fork (default: ${DEFAULT-VALUE})")
    ForkMode forkMode;

    @Option(names = "--paging", paramLabel = "FORMAT", converter = Converters.Paging.class, defaultValue = "sv48",
            description = "page tables: sv48 (4 levels, 47-bit user addresses, as x86-64) or sv39 (default: ${DEFAULT-VALUE})")
    PagingMode paging;

    @Option(names = "--interval", paramLabel = "N", defaultValue = "100000",
            description = "accesses per working-set sample (default: ${DEFAULT-VALUE})")
    long interval;

    @Option(names = "--quantum", paramLabel = "N", defaultValue = "1",
            description = "accesses a process replays on each turn when several run (default: ${DEFAULT-VALUE})")
    int quantum;

    @Option(names = "--lenient", description = "skip malformed lines (and accept a cut-short trace), counting them")
    boolean lenient;

    @Option(names = "--json", description = "print one JSON document instead of text")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        KernelConfig config;
        ReplayPlan plan;
        try {
            config = KernelConfig.defaults().withMemory(memory).withZeroPolicy(zero).withForkMode(forkMode)
                    .withPagingMode(paging);
            TraceSource main = source(trace);
            TraceSource child = null;
            if (childTrace != null) {
                if (forkAt.isEmpty()) {
                    return usage("--child-trace needs --fork-at: without a fork there is no child to replay it");
                }
                child = childTrace.equals("same") ? main : source(Path.of(childTrace));
            }
            plan = new ReplayPlan(main, child, new ArrayList<>(new TreeSet<>(forkAt)), interval, quantum);
        } catch (IllegalArgumentException e) {
            return usage(e.getMessage());
        } catch (IOException e) {
            return usage(e.getMessage());
        }
        ReplayReport report;
        try {
            report = Replayer.run(config, plan);
        } catch (TraceException e) {
            err.println("cowvm replay: " + e.getMessage()
                    + (e.skippable() ? "\ncowvm replay: --lenient skips malformed lines and replays a cut-short trace" : ""));
            err.flush();
            return Cowvm.USAGE;
        } catch (NoSuchFileException e) {
            return usage(e.getFile() + ": no such file");
        } catch (AccessDeniedException e) {
            return usage(e.getFile() + ": permission denied");
        } catch (IOException e) {
            return usage("cannot read the trace: " + e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(ReplayJson.render(report, childTrace));
        } else {
            new ReplayText(out).print(report, childTrace);
        }
        out.flush();
        return Cowvm.OK;
    }

    /**
     * A trace file, checked before it is opened: a named pipe would block the reader until
     * something writes to it, and a device such as {@code /dev/zero} never ends. A regular
     * file may be as large as it likes: the readers stream it through a fixed buffer.
     */
    private TraceSource source(Path p) throws IOException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(p, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(p.toString(), null, "no such file");
        }
        if (attributes.isDirectory()) {
            throw new IOException(p + ": is a directory, not a trace");
        }
        if (!attributes.isRegularFile()) {
            throw new IOException(p + ": not a regular file; traces are read from files (save a pipe's output to a"
                    + " file first)");
        }
        if (!Files.isReadable(p)) {
            throw new AccessDeniedException(p.toString(), null, "permission denied");
        }
        return TraceSource.file(p, lenient);
    }

    private int usage(String message) {
        PrintWriter err = spec.commandLine().getErr();
        err.println("cowvm replay: " + message);
        err.flush();
        return Cowvm.USAGE;
    }
}
