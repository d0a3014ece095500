package dev.cowvm.bench;

import dev.cowvm.observe.ForkMode;
import dev.cowvm.kernel.Kernel;
import dev.cowvm.kernel.KernelConfig;
import dev.cowvm.kernel.Process;
import dev.cowvm.observe.Counter;
import dev.cowvm.phys.PhysicalMemory;

/**
 * Machines and workloads shared by the benchmarks. Everything here runs in {@code @Setup}
 * or {@code @TearDown}, never inside a measured method.
 *
 * <p>The checks ({@link #expect}) are plain exceptions rather than {@code assert}s: the JMH
 * forks run without {@code -ea}, and a benchmark that silently measures something else (a
 * reuse instead of a copy, a TLB miss instead of a hit) is worse than one that fails.
 */
final class Machines {
    static final int PAGE = PhysicalMemory.PAGE_SIZE;
    static final long MIB = 1L << 20;
    static final long GIB = 1L << 30;

    /** Host memory left alone: the JVM's own heap and code, the system, other programs. */
    private static final long HEADROOM = 2 * GIB;

    private Machines() {
    }

    /**
     * A machine of {@code memoryBytes} whose frames may use all the host memory available but
     * a headroom (the default, half the host's memory, would refuse a 4 GiB copy-mode fork on
     * a small host). Frames live outside the Java heap.
     */
    static Kernel boot(long memoryBytes, ForkMode mode, int tlbEntries) {
        long host = Math.max(PAGE, usableHost());
        return new Kernel(KernelConfig.defaults()
                .withMemory(memoryBytes)
                .withForkMode(mode)
                .withTlbEntries(tlbEntries)
                .withHostMemoryLimit(host));
    }

    /**
     * Refuses a combination this host cannot hold, with a message the run's log shows (JMH
     * reports the exception and goes on with the next combination).
     */
    static void requireHost(long frameBytes, String what) {
        long usable = usableHost();
        if (frameBytes > usable) {
            throw new IllegalStateException(String.format(
                    "skipped %s: needs %d MiB of frames, the host has %d MiB available beyond a headroom",
                    what, frameBytes / MIB, Math.max(0, usable) / MIB));
        }
    }

    /** The host memory the frames may take: what the host has available now, less the headroom. */
    private static long usableHost() {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemAvailable:")) {
                    long kib = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    return kib * 1024 - HEADROOM;
                }
            }
        } catch (java.io.IOException | NumberFormatException e) {
            // not Linux: fall back on the JVM's view below
        }
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getFreeMemorySize() - HEADROOM;
        }
        return 4 * GIB;
    }

    /** Writes one word to each of {@code pages} pages from {@code va}: every page resident and dirty. */
    static void dirty(Process p, long va, long pages) {
        for (long i = 0; i < pages; i++) {
            p.mmu().store64(va + i * PAGE, i);
            if (p.mmu().trapped()) {
                throw new IllegalStateException("process " + p.pid() + " trapped dirtying its memory: "
                        + p.mmu().trapFault() + " at 0x" + Long.toHexString(p.mmu().trapAddress()));
            }
        }
    }

    /** Fails the benchmark if a counter moved by other than {@code expected} since {@code before}. */
    static void expect(Process p, Counter counter, long before, long expected) {
        long moved = p.stats().get(counter) - before;
        if (moved != expected) {
            throw new IllegalStateException(String.format(
                    "expected %d %s in process %d, counted %d: the benchmark measured something else",
                    expected, counter.label(), p.pid(), moved));
        }
    }

    /** The smallest power of two at least {@code n}. */
    static int powerOfTwoAtLeast(long n) {
        if (n <= 1) {
            return 1;
        }
        return (int) Long.highestOneBit(n - 1) << 1;
    }
}
