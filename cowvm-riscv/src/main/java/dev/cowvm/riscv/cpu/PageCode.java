package dev.cowvm.riscv.cpu;

import java.util.Arrays;

/**
 * What is known about the code of one physical frame at one generation: per 2-byte offset,
 * the basic block decoded from there, how many times it was entered, and the translated
 * region ({@link Translator}) that runs it, if any. Arrays are indexed by slot,
 * {@code (pc & 4095) / 2}.
 */
final class PageCode {
    /** Decoded basic blocks (see {@link CodeCache}), null where none was entered. */
    final long[][] blocks = new long[CodeCache.SLOTS][];
    /** Entries into each block while interpreted; made when first needed. */
    int[] heat;
    /** The translated region entered at each slot, null if none; made when first needed. */
    Region[] regions;
    /** Slots found unsuitable for translation, so they are not tried again. */
    boolean[] untranslatable;

    void clear() {
        Arrays.fill(blocks, null);
        heat = null;
        regions = null;
        untranslatable = null;
    }
}
