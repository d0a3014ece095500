package dev.cowvm.bench;

import dev.cowvm.observe.ForkMode;
import dev.cowvm.kernel.Kernel;
import dev.cowvm.kernel.KernelConfig;
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
 * Figure 5: what size costs.
 *
 * <ul>
 *   <li>{@code boot}: create a machine of 1, 16 or 64 GiB. Host memory is read from JMH's
 *       {@code gc} profiler ({@code gc.alloc.rate.norm}, bytes allocated per operation):
 *       since the machine is made inside the operation, that figure bounds what it
 *       holds.</li>
 *   <li>{@code run1000Processes}: boot the machine, then a first process writes 64 KiB and
 *       forks 1,000 children that each write one page of their own (a copy fault) and stay
 *       alive until all have run; then all exit and are reaped, and the invariants are
 *       checked outside the measurement. The frames in use are the same whatever the
 *       machine's size, and so should be the host memory.</li>
 *   <li>{@code forkSparse}: fork a process whose page tables cover the whole 256 GiB of
 *       Sv39 user space sparsely: one written page every {@code spacingMiB}. At 1024 the
 *       tables are mostly empty upper levels; at 2 every page has a level-0 table of its
 *       own, so the fork builds 130,560 tables for 130,560 pages.</li>
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ScaleBenchmark {
    static final int PROCESSES = 1000;

    /** The size of the machine. */
    @State(Scope.Thread)
    public static class Machine {
        @Param({"1", "16", "64"})
        public int machineGiB;

        KernelConfig config;
        Kernel last;

        @Setup(Level.Trial)
        public void configure() {
            config = KernelConfig.defaults().withMemory(machineGiB * Machines.GIB);
        }

        @TearDown(Level.Invocation)
        public void check() {
            if (last != null) {
                last.checkInvariants();
                if (last.stats().get(Counter.FRAMES_IN_USE) != 0) {
                    throw new IllegalStateException("frames left in use after every process exited");
                }
                last.close();
                last = null;
            }
        }
    }

    /** Machines booted by one invocation of {@link #boot}, closed after it. */
    static final int BOOTS = 16;

    /** The machines one invocation of {@link #boot} made, to close outside the measurement. */
    @State(Scope.Thread)
    public static class Booted {
        final Kernel[] kernels = new Kernel[BOOTS];

        @TearDown(Level.Invocation)
        public void close() {
            for (Kernel k : kernels) {
                k.close();
            }
        }
    }

    @Benchmark
    @org.openjdk.jmh.annotations.OperationsPerInvocation(BOOTS)
    public Kernel[] boot(Machine m, Booted b) {
        for (int i = 0; i < BOOTS; i++) {
            b.kernels[i] = new Kernel(m.config);
        }
        return b.kernels;
    }

    @Benchmark
    public Kernel run1000Processes(Machine m) {
        m.last = runProcesses(new Kernel(m.config));
        return m.last;
    }

    /**
     * A first process writes 64 KiB and forks 1,000 children that each write one page of
     * their own, all alive at once; then all exit and are reaped.
     */
    static Kernel runProcesses(Kernel kernel) {
        Process init = kernel.spawn().orElseThrow();
        long heap = init.map(0, 16 * Machines.PAGE, Protection.RW, "heap").orElseThrow();
        Machines.dirty(init, heap, 16);
        Process[] children = new Process[PROCESSES];
        for (int i = 0; i < PROCESSES; i++) {
            children[i] = kernel.fork(init).orElseThrow();
            children[i].mmu().store64(heap + (i % 16) * (long) Machines.PAGE, i);
        }
        for (Process child : children) {
            kernel.exit(child, 0);
            kernel.wait(init, child).orElseThrow();
        }
        kernel.exit(init, 0);
        return kernel;
    }

    /** A process with one written page every {@code spacingMiB} across all of user space. */
    @State(Scope.Thread)
    public static class Sparse {
        @Param({"1024", "2"})
        public int spacingMiB;

        Kernel kernel;
        Process parent;
        Process child;
        long start;
        long stride;
        long pages;

        @Setup(Level.Trial)
        public void boot() {
            start = Machines.GIB;
            long end = 256 * Machines.GIB;
            stride = spacingMiB * Machines.MIB;
            pages = (end - start) / stride;
            // Each page may need its own level-0 table, in the parent and in the child.
            long frames = 3 * pages * Machines.PAGE + 16 * Machines.MIB;
            Machines.requireHost(frames, "sparse fork every " + spacingMiB + " MiB");
            kernel = Machines.boot(frames, ForkMode.COW, 256);
            parent = kernel.spawn().orElseThrow();
            parent.map(start, end - start, Protection.RW, "sparse");
            redirty();
        }

        @Setup(Level.Invocation)
        public void redirty() {
            for (long i = 0; i < pages; i++) {
                parent.mmu().store64(start + i * stride, i);
                if (parent.mmu().trapped()) {
                    throw new IllegalStateException("parent trapped: " + parent.mmu().trapFault());
                }
            }
        }

        @TearDown(Level.Invocation)
        public void reap() {
            kernel.exit(child, 0);
            kernel.wait(parent, child).orElseThrow();
        }
    }

    @Benchmark
    public Process forkSparse(Sparse s) {
        s.child = s.kernel.fork(s.parent).orElseThrow();
        return s.child;
    }
}
