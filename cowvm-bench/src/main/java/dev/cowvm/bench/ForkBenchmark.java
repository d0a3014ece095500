package dev.cowvm.bench;

import dev.cowvm.observe.ForkMode;
import dev.cowvm.kernel.Kernel;
import dev.cowvm.kernel.Process;
import dev.cowvm.kernel.Protection;
import dev.cowvm.observe.Counter;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Figure 1: fork latency against resident memory.
 *
 * <p>A parent has {@code residentMiB} of private memory, every page written. One operation
 * is one {@code fork}; the report divides it by the pages to give the cost per page and per
 * GiB. The Linux side ({@code bench/native/linux_ref.c}) forks a process with the same
 * amount of touched anonymous memory.
 *
 * <p>Why {@link Level#Invocation}: a fork cannot be repeated without undoing it, and the
 * undo (the child's exit) and the re-dirtying of the parent are far more expensive than the
 * fork itself in cow mode. They must stay out of the measurement, and JMH's per-invocation
 * fixtures do exactly that. Their known cost, a timestamp around every call, is tens of
 * nanoseconds, while the smallest fork here takes microseconds.
 *
 * <p>Why re-dirty before every fork: after one fork every page of the parent is read-only
 * and marked copy-on-write, and a second fork would find less work (no entry of the parent
 * to rewrite). Writing every page again (each a reuse fault) puts the parent back where a
 * real program that forks periodically is, as Redis does for its snapshots; the Linux side
 * does the same.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Thread)
public class ForkBenchmark {
    @Param({"1", "16", "256", "1024", "4096"})
    public int residentMiB;

    @Param({"cow", "copy"})
    public String mode;

    private Kernel kernel;
    private Process parent;
    private Process child;
    private ForkMode forkMode;
    private long heap;
    private long pages;

    @Setup(Level.Trial)
    public void boot() {
        forkMode = ForkMode.parse(mode);
        long bytes = residentMiB * Machines.MIB;
        pages = bytes / Machines.PAGE;
        // Copy mode holds two copies of every page while the child lives; page tables add
        // about one frame in 512.
        long frames = (forkMode == ForkMode.COPY ? 2 : 1) * bytes + bytes / 256 + 16 * Machines.MIB;
        Machines.requireHost(frames, "fork of " + residentMiB + " MiB in " + mode + " mode");
        kernel = Machines.boot(frames, forkMode, 256);
        parent = kernel.spawn().orElseThrow();
        heap = parent.map(0, bytes, Protection.RW, "heap").orElseThrow();
        Machines.dirty(parent, heap, pages);
    }

    @Setup(Level.Invocation)
    public void redirty() {
        Machines.dirty(parent, heap, pages);
    }

    @Benchmark
    public Process fork() {
        child = kernel.fork(parent, forkMode).orElseThrow();
        return child;
    }

    @TearDown(Level.Invocation)
    public void reap() {
        long copied = child.stats().get(Counter.PAGES_COPIED);
        if (copied != (forkMode == ForkMode.COPY ? pages : 0)) {
            throw new IllegalStateException("fork in " + mode + " mode copied " + copied + " of " + pages + " pages");
        }
        kernel.exit(child, 0);
        kernel.wait(parent, child).orElseThrow();
        child = null;
    }
}
