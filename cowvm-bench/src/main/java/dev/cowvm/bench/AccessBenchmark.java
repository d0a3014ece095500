package dev.cowvm.bench;

import dev.cowvm.kernel.ForkMode;
import dev.cowvm.kernel.Kernel;
import dev.cowvm.kernel.Process;
import dev.cowvm.kernel.Protection;
import dev.cowvm.observe.Counter;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
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
 * Figure 4: 8-byte loads and stores through the MMU with a warm TLB, next to the same
 * accesses on a plain {@code long[]}, and on {@code byte[]} pages as cowvm holds frames.
 *
 * <p>The working set runs from 16 KiB (the first-level cache) to 1 GiB (far past the last
 * level). The process's TLB is sized to cover the whole working set, and every page is
 * written once before measuring, so every access hits the TLB with write permission: what
 * is measured is the translation a hit costs, not the walk. The teardown checks that no
 * access missed.
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
            Machines.requireHeap(bytes, what + " over " + workingSetKiB + " KiB");
        }
    }

    /** A process whose TLB covers the whole working set, every page written once. */
    @State(Scope.Thread)
    public static class Guest extends WorkingSet {
        Kernel kernel;
        Process process;
        long base;
        private long missesBefore;

        @Setup(Level.Trial)
        public void boot() {
            size("translated access");
            long pages = bytes / Machines.PAGE;
            kernel = Machines.boot(bytes + 16 * Machines.MIB, ForkMode.COW,
                    Math.max(256, Machines.powerOfTwoAtLeast(pages)));
            process = kernel.spawn().orElseThrow();
            base = process.map(0, bytes, Protection.RW, "data");
            Machines.dirty(process, base, pages);
        }

        @Setup(Level.Iteration)
        public void count() {
            missesBefore = process.stats().get(Counter.TLB_MISSES);
        }

        @TearDown(Level.Iteration)
        public void checkWarm() {
            Machines.expect(process, Counter.TLB_MISSES, missesBefore, 0);
        }
    }

    /**
     * The same bytes as 4 KiB {@code byte[]} pages reached through a {@code byte[][]}: how
     * cowvm's frames are held, without the translation. Between it and the plain array
     * lies the cost of that representation (a second load, the page's bounds check); between
     * cowvm and it, the cost of the TLB.
     */
    @State(Scope.Thread)
    public static class Paged extends WorkingSet {
        byte[][] pages;

        @Setup(Level.Trial)
        public void allocate() {
            size("paged access");
            pages = new byte[(int) (bytes / Machines.PAGE)][Machines.PAGE];
            for (byte[] page : pages) {
                java.util.Arrays.fill(page, (byte) 1);
            }
        }
    }

    /** A plain array of the same size, every element written once. */
    @State(Scope.Thread)
    public static class Plain extends WorkingSet {
        long[] array;

        @Setup(Level.Trial)
        public void allocate() {
            size("array access");
            array = new long[(int) (bytes / 8)];
            java.util.Arrays.fill(array, 1);
        }
    }

    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private static long random(long x) {
        return x * MUL + ADD;
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public long loadSequential(Guest g) {
        Process p = g.process;
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
        Process p = g.process;
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
    public boolean storeSequential(Guest g) {
        Process p = g.process;
        long at = g.base;
        long m = g.mask;
        long x = g.cursor;
        boolean ok = true;
        for (int i = 0; i < OPS; i++) {
            x += 8;
            ok &= p.store64(at + (x & m), x);
        }
        g.cursor = x;
        return ok;
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
    public boolean storeRandom(Guest g) {
        Process p = g.process;
        long at = g.base;
        long m = g.mask;
        long x = g.cursor;
        boolean ok = true;
        for (int i = 0; i < OPS; i++) {
            x = random(x);
            ok &= p.store64(at + ((x >>> 24) & m), x);
        }
        g.cursor = x;
        return ok;
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
    public long pagesLoadSequential(Paged paged) {
        byte[][] pages = paged.pages;
        long m = paged.mask;
        long x = paged.cursor;
        long sum = 0;
        for (int i = 0; i < OPS; i++) {
            x += 8;
            long off = (x & m);
            sum += (long) LONG.get(pages[(int) (off >>> 12)], (int) off & 4095);
        }
        paged.cursor = x;
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public long pagesLoadRandom(Paged paged) {
        byte[][] pages = paged.pages;
        long m = paged.mask;
        long x = paged.cursor;
        long sum = 0;
        for (int i = 0; i < OPS; i++) {
            x = random(x);
            long off = ((x >>> 24) & m);
            sum += (long) LONG.get(pages[(int) (off >>> 12)], (int) off & 4095);
        }
        paged.cursor = x;
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public byte[][] pagesStoreSequential(Paged paged) {
        byte[][] pages = paged.pages;
        long m = paged.mask;
        long x = paged.cursor;
        for (int i = 0; i < OPS; i++) {
            x += 8;
            long off = (x & m);
            LONG.set(pages[(int) (off >>> 12)], (int) off & 4095, x);
        }
        paged.cursor = x;
        return pages;
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public byte[][] pagesStoreRandom(Paged paged) {
        byte[][] pages = paged.pages;
        long m = paged.mask;
        long x = paged.cursor;
        for (int i = 0; i < OPS; i++) {
            x = random(x);
            long off = ((x >>> 24) & m);
            LONG.set(pages[(int) (off >>> 12)], (int) off & 4095, x);
        }
        paged.cursor = x;
        return pages;
    }
}
