package dev.cowvm.kernel;

import dev.cowvm.mmu.PagingMode;
import dev.cowvm.observe.ForkMode;
import dev.cowvm.phys.FramePool;
import dev.cowvm.phys.PhysicalMemory;
import dev.cowvm.phys.ZeroPolicy;

/**
 * How a {@link Kernel} is built. Immutable; start from {@link #defaults()} and change what you
 * need:
 * <pre>{@code
 * KernelConfig config = KernelConfig.defaults()
 *         .withMemory(256L << 20)
 *         .withForkMode(ForkMode.COPY);
 * }</pre>
 *
 * @param memoryBytes     physical memory, a multiple of 4 KiB from 4 KiB to 4 TiB
 *                        (default 64 MiB); host memory is used only for frames handed out
 * @param zeroPolicy      when frames are zeroed (default {@link ZeroPolicy#ON_ALLOC})
 * @param forkMode        how fork shares memory (default {@link ForkMode#COW})
 * @param pagingMode      page-table format of new processes (default {@link PagingMode#SV39})
 * @param tlbEntries      entries of each process's TLB, a power of two (default 256)
 * @param hostMemoryLimit bytes of host memory the frames may use; past it the pool reports
 *                        empty instead of exhausting the host (default half the host's
 *                        physical memory)
 */
public record KernelConfig(long memoryBytes, ZeroPolicy zeroPolicy, ForkMode forkMode,
                           PagingMode pagingMode, int tlbEntries, long hostMemoryLimit) {

    /** The host's physical memory, or 8 GiB where the JVM cannot tell. */
    private static final long HOST_MEMORY = hostMemory();

    private static long hostMemory() {
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os && os.getTotalMemorySize() > 0) {
            return os.getTotalMemorySize();
        }
        return 8L << 30;
    }

    /** The largest machine: 4 TiB. */
    public static final long MAX_MEMORY = (long) FramePool.MAX_FRAMES * PhysicalMemory.PAGE_SIZE;

    public KernelConfig {
        if (memoryBytes < PhysicalMemory.PAGE_SIZE || memoryBytes > MAX_MEMORY
                || memoryBytes % PhysicalMemory.PAGE_SIZE != 0) {
            throw new IllegalArgumentException("memory " + memoryBytes
                    + " bytes must be a multiple of 4096 between 4 KiB and 4 TiB");
        }
        if (zeroPolicy == null || forkMode == null || pagingMode == null) {
            throw new IllegalArgumentException("zeroPolicy, forkMode and pagingMode must not be null");
        }
        if (tlbEntries < 1 || tlbEntries > (1 << 20) || Integer.bitCount(tlbEntries) != 1) {
            throw new IllegalArgumentException("tlbEntries " + tlbEntries
                    + " must be a power of two from 1 to 1048576");
        }
        if (hostMemoryLimit < PhysicalMemory.PAGE_SIZE) {
            throw new IllegalArgumentException("hostMemoryLimit " + hostMemoryLimit + " must be at least 4096");
        }
    }

    /** 64 MiB, on-alloc zeroing, copy-on-write fork, Sv39, 256 TLB entries. */
    public static KernelConfig defaults() {
        return new KernelConfig(64L << 20, ZeroPolicy.ON_ALLOC, ForkMode.COW, PagingMode.SV39, 256,
                HOST_MEMORY / 2);
    }

    /** Frames in the pool. */
    public int frames() {
        return (int) (memoryBytes / PhysicalMemory.PAGE_SIZE);
    }

    public KernelConfig withMemory(long bytes) {
        return new KernelConfig(bytes, zeroPolicy, forkMode, pagingMode, tlbEntries, hostMemoryLimit);
    }

    public KernelConfig withZeroPolicy(ZeroPolicy policy) {
        return new KernelConfig(memoryBytes, policy, forkMode, pagingMode, tlbEntries, hostMemoryLimit);
    }

    public KernelConfig withForkMode(ForkMode mode) {
        return new KernelConfig(memoryBytes, zeroPolicy, mode, pagingMode, tlbEntries, hostMemoryLimit);
    }

    public KernelConfig withPagingMode(PagingMode mode) {
        return new KernelConfig(memoryBytes, zeroPolicy, forkMode, mode, tlbEntries, hostMemoryLimit);
    }

    public KernelConfig withTlbEntries(int entries) {
        return new KernelConfig(memoryBytes, zeroPolicy, forkMode, pagingMode, entries, hostMemoryLimit);
    }

    public KernelConfig withHostMemoryLimit(long bytes) {
        return new KernelConfig(memoryBytes, zeroPolicy, forkMode, pagingMode, tlbEntries, bytes);
    }
}
