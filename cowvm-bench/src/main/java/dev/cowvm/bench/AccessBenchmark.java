package dev.cowvm.bench;

import dev.cowvm.kernel.Kernel;
import dev.cowvm.kernel.Process;
import dev.cowvm.kernel.Protection;
import dev.cowvm.mmu.Mmu;
import dev.cowvm.observe.Counter;
import dev.cowvm.observe.ForkMode;
import dev.cowvm.phys.PhysicalMemory;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Figure 4: 8-byte loads and stores, and 4-byte instruction fetches, through the MMU with a
 * warm TLB, next to the same accesses on a plain {@code long[]} (or {@code int[]} for the
 * fetches), and on an off-heap segment of the same size reached without translation (how
 * cowvm holds physical memory: what remains between the two is the TLB's cost).
 *
 * <p>The working set runs from 16 KiB (the first-level cache) to 1 GiB (far past the last
 * level). The process's TLB is sized to cover the whole working set, and every page is
 * written once before measuring, so every access hits the TLB with write permission: what
 * is measured is the translation a hit costs, not the walk. The teardown checks that no
 * access missed and none trapped.
 *
 * <p>Each invocation makes {@value #OPS} accesses, in a loop all three share exactly:
 * the same address arithmetic, the same dependency between iterations, the same result
 * returned. Sequential accesses step 8 bytes; random ones take the next value of a 64-bit
 * linear congruential generator (Knuth's MMIX constants), whose high bits pick the slot,
 * so neither the JIT nor the hardware prefetcher can predict them. The position carries
 * over between invocations, so the whole working set is swept, not its first pages.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class AccessBenchmark {
    static final int OPS = 4096;
    private static final long MUL = 6364136223846793005L;
    private static final long ADD = 1442695040888963407L;

    /** The working set, and where the sweep is. */
    @State(Scope.Thread)
    public abstract static class WorkingSet {
        @Param({"16", "256", "4096", "65536", "1048576"})
        public int workingSetKiB;

        long bytes;
        long mask;
        long cursor;

        void size(String what) {
            bytes = workingSetKiB * 1024L;
            mask = (bytes - 1) & ~7L;
            Machines.requireHost(bytes, what + " over " + workingSetKiB + " KiB");
        }
    }

    /** A process whose TLB covers the whole working set, every page written once, code allowed. */
    @State(Scope.Thread)
    public static class Guest extends WorkingSet {
        Kernel kernel;
        Process process;
        Mmu mmu;
        long base;
        private long missesBefore;

        @Setup(Level.Trial)
        public void boot() {
            size("translated access");
            long pages = bytes / Machines.PAGE;
            kernel = Machines.boot(bytes + 16 * Machines.MIB, ForkMode.COW,
                    Math.max(256, Machines.powerOfTwoAtLeast(pages)));
            process = kernel.spawn().orElseThrow();
            base = process.map(0, bytes, Protection.RWX, "data").orElseThrow();
            mmu = process.mmu();
            Machines.dirty(process, base, pages);
            // The TLB grows with its misses: sweep until a whole sweep hits, loads, stores
            // and fetches alike.
            for (int round = 0; round < 64; round++) {
                long before = process.stats().get(Counter.TLB_MISSES);
                for (long i = 0; i < pages; i++) {
                    mmu.store64(base + i * Machines.PAGE, i);
                    mmu.fetch32(base + i * Machines.PAGE);
                }
                if (process.stats().get(Counter.TLB_MISSES) == before) {
                    return;
                }
            }
            throw new IllegalStateException("the TLB never covered the working set of " + pages + " pages");
        }

        @Setup(Level.Iteration)
        public void count() {
            missesBefore = process.stats().get(Counter.TLB_MISSES);
        }

        @TearDown(Level.Iteration)
        public void checkWarm() {
            Machines.expect(process, Counter.TLB_MISSES, missesBefore, 0);
            if (mmu.trapped()) {
                throw new IllegalStateException("an access trapped: " + mmu.trapFault());
            }
        }

        @TearDown(Level.Trial)
        public void shutdown() {
            kernel.close();
        }
    }

    /**
     * The same bytes in one off-heap segment reached by offset, with no translation: how
     * cowvm holds physical memory. Between it and cowvm lies the cost of the TLB.
     */
    @State(Scope.Thread)
    public static class Segment extends WorkingSet {
        Arena arena;
        MemorySegment memory;

        @Setup(Level.Trial)
        public void allocate() {
            size("segment access");
            arena = Arena.ofShared();
            memory = arena.allocate(bytes, Machines.PAGE);
            memory.fill((byte) 1);
        }

        @TearDown(Level.Trial)
        public void free() {
            arena.close();
        }
    }

    /** A plain array of the same size, every element written once; and the same as ints. */
    @State(Scope.Thread)
    public static class Plain extends WorkingSet {
        long[] array;
        int[] ints;

        @Setup(Level.Trial)
        public void allocate() {
            size("array access");
            array = new long[(int) (bytes / 8)];
            java.util.Arrays.fill(array, 1);
            ints = new int[(int) (bytes / 4)];
            java.util.Arrays.fill(ints, 0x13);
        }
    }

    private static long random(long x) {
        return x * MUL + ADD;
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public long loadSequential(Guest g) {
        Mmu p = g.mmu;
        long at = g.base;
        long m = g.mask;
        long x = g.cursor;
        long sum = 0;
        for (int i = 0; i < OPS; i++) {
            x += 8;
            sum += p.load64(at + (x & m));
        }
        g.cursor = x;
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public long arrayLoadSequential(Plain plain) {
        long[] a = plain.array;
        long m = plain.mask;
        long x = plain.cursor;
        long sum = 0;
        for (int i = 0; i < OPS; i++) {
            x += 8;
            sum += a[(int) ((x & m) >>> 3)];
        }
        plain.cursor = x;
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public long loadRandom(Guest g) {
        Mmu p = g.mmu;
        long at = g.base;
        long m = g.mask;
        long x = g.cursor;
        long sum = 0;
        for (int i = 0; i < OPS; i++) {
            x = random(x);
            sum += p.load64(at + ((x >>> 24) & m));
        }
        g.cursor = x;
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public long arrayLoadRandom(Plain plain) {
        long[] a = plain.array;
        long m = plain.mask;
        long x = plain.cursor;
        long sum = 0;
        for (int i = 0; i < OPS; i++) {
            x = random(x);
            sum += a[(int) (((x >>> 24) & m) >>> 3)];
        }
        plain.cursor = x;
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public Mmu storeSequential(Guest g) {
        Mmu p = g.mmu;
        long at = g.base;
        long m = g.mask;
        long x = g.cursor;
        for (int i = 0; i < OPS; i++) {
            x += 8;
            p.store64(at + (x & m), x);
        }
        g.cursor = x;
        return p;
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public long[] arrayStoreSequential(Plain plain) {
        long[] a = plain.array;
        long m = plain.mask;
        long x = plain.cursor;
        for (int i = 0; i < OPS; i++) {
            x += 8;
            a[(int) ((x & m) >>> 3)] = x;
        }
        plain.cursor = x;
        return a;
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public Mmu storeRandom(Guest g) {
        Mmu p = g.mmu;
        long at = g.base;
        long m = g.mask;
        long x = g.cursor;
        for (int i = 0; i < OPS; i++) {
            x = random(x);
            p.store64(at + ((x >>> 24) & m), x);
        }
        g.cursor = x;
        return p;
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public long[] arrayStoreRandom(Plain plain) {
        long[] a = plain.array;
        long m = plain.mask;
        long x = plain.cursor;
        for (int i = 0; i < OPS; i++) {
            x = random(x);
            a[(int) (((x >>> 24) & m) >>> 3)] = x;
        }
        plain.cursor = x;
        return a;
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public long fetchSequential(Guest g) {
        Mmu p = g.mmu;
        long at = g.base;
        long m = (g.bytes - 1) & ~3L;
        long x = g.cursor;
        long sum = 0;
        for (int i = 0; i < OPS; i++) {
            x += 4;
            sum += p.fetch32(at + (x & m));
        }
        g.cursor = x;
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public long arrayFetchSequential(Plain plain) {
        int[] a = plain.ints;
        long m = (plain.bytes - 1) & ~3L;
        long x = plain.cursor;
        long sum = 0;
        for (int i = 0; i < OPS; i++) {
            x += 4;
            sum += a[(int) ((x & m) >>> 2)];
        }
        plain.cursor = x;
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public long segmentFetchSequential(Segment seg) {
        MemorySegment mem = seg.memory;
        long m = (seg.bytes - 1) & ~3L;
        long x = seg.cursor;
        long sum = 0;
        for (int i = 0; i < OPS; i++) {
            x += 4;
            sum += mem.get(PhysicalMemory.INT, x & m);
        }
        seg.cursor = x;
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public long segmentLoadSequential(Segment seg) {
        MemorySegment mem = seg.memory;
        long m = seg.mask;
        long x = seg.cursor;
        long sum = 0;
        for (int i = 0; i < OPS; i++) {
            x += 8;
            sum += mem.get(PhysicalMemory.LONG, x & m);
        }
        seg.cursor = x;
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public long segmentLoadRandom(Segment seg) {
        MemorySegment mem = seg.memory;
        long m = seg.mask;
        long x = seg.cursor;
        long sum = 0;
        for (int i = 0; i < OPS; i++) {
            x = random(x);
            sum += mem.get(PhysicalMemory.LONG, (x >>> 24) & m);
        }
        seg.cursor = x;
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public MemorySegment segmentStoreSequential(Segment seg) {
        MemorySegment mem = seg.memory;
        long m = seg.mask;
        long x = seg.cursor;
        for (int i = 0; i < OPS; i++) {
            x += 8;
            mem.set(PhysicalMemory.LONG, x & m, x);
        }
        seg.cursor = x;
        return mem;
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public MemorySegment segmentStoreRandom(Segment seg) {
        MemorySegment mem = seg.memory;
        long m = seg.mask;
        long x = seg.cursor;
        for (int i = 0; i < OPS; i++) {
            x = random(x);
            mem.set(PhysicalMemory.LONG, (x >>> 24) & m, x);
        }
        seg.cursor = x;
        return mem;
    }
}
