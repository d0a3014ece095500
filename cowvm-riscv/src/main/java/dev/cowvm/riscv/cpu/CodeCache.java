package dev.cowvm.riscv.cpu;

import java.util.Arrays;

/**
 * Decoded instructions per physical frame: decode once, execute many times.
 *
 * <h2>Data</h2>
 * <pre>
 *   set    = hash(frame) &amp; (sets - 1); each set has two ways, w = 2·set and 2·set + 1
 *   frame[w]       the physical frame the way holds, -1 if empty
 *   generation[w]  the frame's {@link Memory#codeGeneration} when decoding began
 *   pages[w]       the {@link PageCode}: for each 2-byte offset in the page where execution
 *                  has entered, the basic block decoded from there, how often it ran, and
 *                  the translated region it belongs to, if any
 *   recent[set]    the way used last, so a miss replaces the other one
 * </pre>
 * A block is a {@code long[]}: the decoded instructions from its entry up to and including
 * the first that transfers control (a branch, jump, ecall, ebreak, fence.i or illegal
 * instruction), stopping earlier at the end of the page or after 30 parcels, then one
 * {@link Op#BLOCK_END} whose immediate is the block's length in bytes (see {@link Op} for
 * the packing; each instruction also records its offset from the entry). Blocks are
 * decoded lazily, where execution goes, so data sharing a page with code is never decoded;
 * blocks entered at different offsets may overlap. A 4-byte instruction in the page's
 * last two bytes continues in a frame this entry does not know, so it is never cached: it
 * is fetched and decoded each time it runs.
 *
 * <h2>Validity</h2>
 * An entry is valid for its frame while the frame's generation is unchanged. The hart
 * calls {@link Memory#watchCode} before it claims an entry, so the next store to the frame
 * changes the generation (and the address space's {@link Memory#codeEpoch}), after which
 * the entry no longer matches and is cleared on its next use. Because entries are keyed by
 * physical frame, harts of processes that share code after a fork may share one cache
 * (one thread at a time, as the kernel is used).
 */
public final class CodeCache {
    /** Block entries per 4 KiB page: one per 2-byte parcel. */
    static final int SLOTS = 2048;

    private final int[] frame;
    private final int[] generation;
    private final PageCode[] pages;
    private final byte[] recent;
    private final int setMask;

    /** A cache of 512 pages (two ways of 256 sets); a page's table takes 8 to 16 KiB once used. */
    public CodeCache() {
        this(512);
    }

    /**
     * A cache of a given size.
     *
     * @param pages how many decoded pages it keeps: a power of two, at least 2
     * @throws IllegalArgumentException if {@code pages} is not such a number
     */
    public CodeCache(int pages) {
        if (pages < 2 || Integer.bitCount(pages) != 1) {
            throw new IllegalArgumentException("code cache pages " + pages + " must be a power of two, at least 2");
        }
        frame = new int[pages];
        generation = new int[pages];
        this.pages = new PageCode[pages];
        recent = new byte[pages / 2];
        setMask = pages / 2 - 1;
        Arrays.fill(frame, -1);
    }

    private int set(int f) {
        return (f * 0x9E3779B1) >>> 16 & setMask;
    }

    /**
     * The decoded code of {@code f} at generation {@code g}, or {@code null} if the cache
     * holds none (then {@link #claim} after watching the frame).
     */
    PageCode find(int f, int g) {
        int s = set(f);
        int w = s << 1;
        if (frame[w] == f && generation[w] == g) {
            recent[s] = 0;
            return pages[w];
        }
        if (frame[w + 1] == f && generation[w + 1] == g) {
            recent[s] = 1;
            return pages[w + 1];
        }
        return null;
    }

    /** Empty decoded code for {@code f} at generation {@code g}, replacing a stale or older entry. */
    PageCode claim(int f, int g) {
        int s = set(f);
        int w = s << 1;
        if (frame[w] != f && (frame[w + 1] == f || recent[s] == 0)) {
            w++; // reuse the frame's own stale way, else the way not used last
        }
        recent[s] = (byte) (w & 1);
        PageCode c = pages[w];
        if (c == null) {
            c = pages[w] = new PageCode();
        } else {
            c.clear();
        }
        frame[w] = f;
        generation[w] = g;
        return c;
    }

    /** Forgets every decoded page. */
    public void clear() {
        Arrays.fill(frame, -1);
    }
}
