package dev.cowvm.bench;

import dev.cowvm.observe.ForkMode;
import dev.cowvm.kernel.Kernel;
import dev.cowvm.kernel.Process;
import dev.cowvm.kernel.Protection;
import dev.cowvm.observe.Counter;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
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
 * Figure 3: the zero-fill-on-demand fault, next to the fill it cannot avoid.
 *
 * <p>One operation is the first access to one page of a freshly mapped region. As in
 * {@link CopyOnWriteFaultBenchmark}, each invocation touches {@value #PAGES} pages, so the
 * per-invocation fixture (map before, check and unmap after) is paid once per batch.
 *
 * <ul>
 *   <li>{@code firstWrite}: takes a frame from the pool and zeroes it (the frames are the
 *       ones the previous unmap freed, stale, so the default on-alloc policy must clear
 *       them, as Linux clears every page it hands to a process), building the level-0
 *       tables on the way, as Linux does after {@code munmap} freed them.</li>
 *   <li>{@code firstRead}: maps the shared zero page read-only; no frame, no fill.</li>
 *   <li>{@code bareFill}, {@code bareSegmentFill}: 4 KiB zeroed per operation with
 *       {@code Arrays.fill} on {@code byte[]} pages and {@code MemorySegment.fill} off the
 *       heap, over the same number of distinct pages.</li>
 *   <li>{@code bareFillHot}: the same fill of one page that stays in the first-level cache.</li>
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ZeroFillFaultBenchmark {
    static final int PAGES = 4096;
    private static final long BYTES = (long) PAGES * Machines.PAGE;

    /** A process that maps a fresh region before each invocation and unmaps it after. */
    @State(Scope.Thread)
    public abstract static class Fresh {
        Kernel kernel;
        Process process;
        long region;
        private long before;

        @Setup(Level.Trial)
        public void boot() {
            kernel = Machines.boot(2 * BYTES + 16 * Machines.MIB, ForkMode.COW, 256);
            process = kernel.spawn().orElseThrow();
            // Once through, so every frame has host memory and comes back stale: the steady
            // state of a long-running machine, where the pool hands out recycled frames.
            long va = process.map(0, BYTES, Protection.RW, "warm").orElseThrow();
            Machines.dirty(process, va, PAGES);
            process.unmap(va, BYTES);
        }

        @Setup(Level.Invocation)
        public void map() {
            region = process.map(0, BYTES, Protection.RW, "fresh").orElseThrow();
            before = process.stats().get(counter());
        }

        @TearDown(Level.Invocation)
        public void unmap() {
            Machines.expect(process, counter(), before, PAGES);
            process.unmap(region, BYTES);
        }

        abstract Counter counter();
    }

    @State(Scope.Thread)
    public static class ForWrite extends Fresh {
        @Override
        Counter counter() {
            return Counter.ZERO_FILL_FAULTS;
        }
    }

    @State(Scope.Thread)
    public static class ForRead extends Fresh {
        @Override
        Counter counter() {
            return Counter.ZERO_PAGE_MAPS;
        }
    }

    /** {@value #PAGES} pages on the heap and off it, and one page for the hot fill. */
    @State(Scope.Thread)
    public static class Bare {
        byte[][] pages;
        Arena arena;
        MemorySegment[] segmentPages;

        @Setup(Level.Trial)
        public void allocate() {
            pages = new byte[PAGES][Machines.PAGE];
            arena = Arena.ofConfined();
            MemorySegment all = arena.allocate(BYTES, Machines.PAGE);
            segmentPages = new MemorySegment[PAGES];
            for (int i = 0; i < PAGES; i++) {
                segmentPages[i] = all.asSlice((long) i * Machines.PAGE, Machines.PAGE);
            }
        }

        @TearDown(Level.Trial)
        public void free() {
            arena.close();
        }
    }

    @Benchmark
    @OperationsPerInvocation(PAGES)
    public boolean firstWrite(ForWrite s) {
        dev.cowvm.mmu.Mmu m = s.process.mmu();
        for (int i = 0; i < PAGES; i++) {
            m.store64(s.region + (long) i * Machines.PAGE, i);
        }
        return !m.trapped();
    }

    @Benchmark
    @OperationsPerInvocation(PAGES)
    public long firstRead(ForRead s) {
        long sum = 0;
        for (int i = 0; i < PAGES; i++) {
            sum += s.process.mmu().load64(s.region + (long) i * Machines.PAGE);
        }
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(PAGES)
    public byte[][] bareFill(Bare b) {
        byte[][] pages = b.pages;
        for (int i = 0; i < PAGES; i++) {
            Arrays.fill(pages[i], (byte) 0);
        }
        return pages;
    }

    @Benchmark
    @OperationsPerInvocation(PAGES)
    public MemorySegment[] bareSegmentFill(Bare b) {
        MemorySegment[] pages = b.segmentPages;
        for (int i = 0; i < PAGES; i++) {
            pages[i].fill((byte) 0);
        }
        return pages;
    }

    @Benchmark
    public byte[] bareFillHot(Bare b) {
        byte[] page = b.pages[0];
        Arrays.fill(page, (byte) 0);
        return page;
    }
}
