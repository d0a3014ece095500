package dev.cowvm.bench;

import dev.cowvm.observe.ForkMode;
import dev.cowvm.kernel.Kernel;
import dev.cowvm.kernel.Process;
import dev.cowvm.kernel.Protection;
import dev.cowvm.observe.Counter;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Figure 2: the copy-on-write fault, next to the copy it cannot avoid.
 *
 * <p>One operation is one fault: the first write to one page. Each invocation writes to
 * {@value #PAGES} pages (16 MiB) and counts as that many operations, so the per-invocation
 * fixture (a fork before, an exit after) is paid once per {@value #PAGES} faults and its
 * timestamps vanish in the batch. The teardown checks the counters: every write must have
 * been exactly the fault it claims to measure.
 *
 * <ul>
 *   <li>{@code copyFault}: a child writes pages it shares with its parent. Each fault takes
 *       a frame from the pool, copies 4 KiB into it, remaps the page and flushes one TLB
 *       entry. The target frames are the ones the previous child freed, as in a steady
 *       state, so no host memory is allocated.</li>
 *   <li>{@code reuseFault}: the parent writes pages whose other sharer has exited. Each
 *       fault makes the entry writable again: no copy.</li>
 *   <li>{@code bareArraycopy}, {@code bareSegmentCopy}: the physical limit inside the JVM,
 *       4 KiB copied per operation with {@code System.arraycopy} between {@code byte[]}
 *       pages (what frames are) and with {@code MemorySegment.copy} off the heap, over the
 *       same number of distinct pages so the caches see the same footprint as the fault.</li>
 *   <li>{@code bareArraycopyHot}: the same 4 KiB copy between two pages that stay in the
 *       first-level cache: the floor no fault over 16 MiB can reach.</li>
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CopyOnWriteFaultBenchmark {
    /** Pages written per invocation: 16 MiB, larger than any cache level but the last. */
    static final int PAGES = 4096;

    /** A parent with {@value #PAGES} written pages. */
    @State(Scope.Thread)
    public static class Parent {
        Kernel kernel;
        Process parent;
        long heap;

        @Setup(Level.Trial)
        public void boot() {
            kernel = Machines.boot(3L * PAGES * Machines.PAGE + 16 * Machines.MIB, ForkMode.COW, 256);
            parent = kernel.spawn().orElseThrow();
            heap = parent.map(0, (long) PAGES * Machines.PAGE, Protection.RW, "heap").orElseThrow();
            Machines.dirty(parent, heap, PAGES);
        }
    }

    /** Before each invocation, a fresh child sharing every page; after it, the child exits. */
    @State(Scope.Thread)
    public static class Shared extends Parent {
        Process child;

        @Setup(Level.Invocation)
        public void fork() {
            child = kernel.fork(parent).orElseThrow();
        }

        @TearDown(Level.Invocation)
        public void exit() {
            Machines.expect(child, Counter.COW_COPY_FAULTS, 0, PAGES);
            kernel.exit(child, 0);
            kernel.wait(parent, child).orElseThrow();
        }
    }

    /** Before each invocation, a child forks and exits: every page is marked but no longer shared. */
    @State(Scope.Thread)
    public static class Orphaned extends Parent {
        long reusesBefore;

        @Setup(Level.Invocation)
        public void forkAndExit() {
            Process child = kernel.fork(parent).orElseThrow();
            kernel.exit(child, 0);
            kernel.wait(parent, child).orElseThrow();
            reusesBefore = parent.stats().get(Counter.COW_REUSE_FAULTS);
        }

        @TearDown(Level.Invocation)
        public void check() {
            Machines.expect(parent, Counter.COW_REUSE_FAULTS, reusesBefore, PAGES);
        }
    }

    /** {@value #PAGES} source and target pages, on the heap and off it; random bytes, fixed seed. */
    @State(Scope.Thread)
    public static class Bare {
        byte[][] from;
        byte[][] to;
        Arena arena;
        MemorySegment fromSegment;
        MemorySegment toSegment;

        @Setup(Level.Trial)
        public void allocate() {
            SplittableRandom random = new SplittableRandom(42);
            from = new byte[PAGES][Machines.PAGE];
            to = new byte[PAGES][Machines.PAGE];
            for (byte[] page : from) {
                random.nextBytes(page);
            }
            arena = Arena.ofConfined();
            fromSegment = arena.allocate((long) PAGES * Machines.PAGE, Machines.PAGE);
            toSegment = arena.allocate((long) PAGES * Machines.PAGE, Machines.PAGE);
            for (int i = 0; i < PAGES; i++) {
                MemorySegment.copy(from[i], 0, fromSegment, java.lang.foreign.ValueLayout.JAVA_BYTE,
                        (long) i * Machines.PAGE, Machines.PAGE);
            }
        }

        @TearDown(Level.Trial)
        public void free() {
            arena.close();
        }
    }

    @Benchmark
    @OperationsPerInvocation(PAGES)
    public boolean copyFault(Shared s) {
        return writeEveryPage(s.child, s.heap);
    }

    @Benchmark
    @OperationsPerInvocation(PAGES)
    public boolean reuseFault(Orphaned s) {
        return writeEveryPage(s.parent, s.heap);
    }

    @Benchmark
    @OperationsPerInvocation(PAGES)
    public byte[][] bareArraycopy(Bare b) {
        byte[][] from = b.from;
        byte[][] to = b.to;
        for (int i = 0; i < PAGES; i++) {
            System.arraycopy(from[i], 0, to[i], 0, Machines.PAGE);
        }
        return to;
    }

    @Benchmark
    @OperationsPerInvocation(PAGES)
    public MemorySegment bareSegmentCopy(Bare b) {
        for (long i = 0; i < PAGES; i++) {
            MemorySegment.copy(b.fromSegment, i * Machines.PAGE, b.toSegment, i * Machines.PAGE, Machines.PAGE);
        }
        return b.toSegment;
    }

    @Benchmark
    public byte[] bareArraycopyHot(Bare b) {
        System.arraycopy(b.from[0], 0, b.to[0], 0, Machines.PAGE);
        return b.to[0];
    }

    /** One 8-byte store at the start of every page: one fault each. */
    static boolean writeEveryPage(Process p, long va) {
        dev.cowvm.mmu.Mmu m = p.mmu();
        for (int i = 0; i < PAGES; i++) {
            m.store64(va + (long) i * Machines.PAGE, i);
        }
        return !m.trapped();
    }
}
