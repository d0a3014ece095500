package dev.cowvm;

/**
 * The page size and the arithmetic of sizes, in one place: every layer of cowvm (frames,
 * page tables, the scenario language, the views) uses these.
 *
 * <p>A page (virtual) and a frame (physical) are both {@value #PAGE_SIZE} bytes, as in
 * RISC-V's Sv39 and Sv48. Sizes are always bytes, in a {@code long}; the units are binary
 * ({@code KiB} is 1024 bytes), as Linux's {@code /proc} files and the scenario language
 * write them.
 *
 * <pre>{@code
 * long heap = 16 * Sizes.KiB;               // 16384 bytes
 * Sizes.pages(heap + 1)                     // 5: pages needed to hold that many bytes
 * Sizes.pageDown(0x1000_0123L)              // 0x1000_0000: the page an address is in
 * Sizes.format(64 * Sizes.MiB)              // "64 MiB"
 * }</pre>
 */
public final class Sizes {
    /** log2 of the page size: an address's page number is {@code va >>> PAGE_SHIFT}. */
    public static final int PAGE_SHIFT = 12;
    /** Bytes in a page or a frame: 4096. */
    public static final int PAGE_SIZE = 1 << PAGE_SHIFT;
    /** The offset bits of an address within its page: {@code va & PAGE_MASK}. */
    public static final int PAGE_MASK = PAGE_SIZE - 1;

    /** 1024 bytes. */
    public static final long KiB = 1L << 10;
    /** 1024 KiB. */
    public static final long MiB = 1L << 20;
    /** 1024 MiB. */
    public static final long GiB = 1L << 30;
    /** 1024 GiB. */
    public static final long TiB = 1L << 40;

    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB"};

    private Sizes() {
    }

    /**
     * The start of the page that holds {@code va}.
     *
     * @param va an address
     * @return {@code va} rounded down to a multiple of {@value #PAGE_SIZE}
     */
    public static long pageDown(long va) {
        return va & ~(long) PAGE_MASK;
    }

    /**
     * {@code bytes} rounded up to whole pages.
     *
     * @param bytes a size or an address, at most {@code Long.MAX_VALUE - 4095}
     * @return the next multiple of {@value #PAGE_SIZE}, or {@code bytes} if it is one
     */
    public static long pageUp(long bytes) {
        return (bytes + PAGE_MASK) & ~(long) PAGE_MASK;
    }

    /**
     * The number of pages that {@code bytes} bytes occupy, the last one possibly partly.
     *
     * @param bytes a size, 0 or more
     * @return pages, rounded up
     */
    public static long pages(long bytes) {
        return pageUp(bytes) >>> PAGE_SHIFT;
    }

    /**
     * True if {@code value} is a multiple of the page size (an address at the start of a
     * page, or a size of whole pages).
     *
     * @param value an address or a size
     * @return true if page-aligned
     */
    public static boolean isPageAligned(long value) {
        return (value & PAGE_MASK) == 0;
    }

    /**
     * Bytes in the largest binary unit that divides them exactly, as people write them:
     * {@code 64 MiB}, {@code 12 KiB}, {@code 100 B}. Exact, never rounded: 4100 bytes is
     * {@code 4100 B}.
     *
     * @param bytes a size
     * @return the size with its unit
     */
    public static String format(long bytes) {
        int u = 0;
        long v = bytes;
        while (u < UNITS.length - 1 && v != 0 && v % 1024 == 0) {
            v /= 1024;
            u++;
        }
        return v + " " + UNITS[u];
    }
}
