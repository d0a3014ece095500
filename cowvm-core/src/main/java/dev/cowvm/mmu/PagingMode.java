package dev.cowvm.mmu;

import dev.cowvm.Labeled;

/**
 * The RISC-V page-table formats this MMU walks. Both use 4 KiB pages, 8-byte entries and
 * 512 entries per table page; they differ in the number of levels and so in the width of a
 * virtual address (RISC-V privileged specification, "Sv39" and "Sv48").
 *
 * <p>A process uses the lower, user half of the address space: addresses below
 * {@code 2^(vaBits-1)}, as Linux does on RISC-V (the upper half is the kernel's).
 */
public enum PagingMode implements Labeled {
    /** Three levels, 39-bit addresses, 256 GiB of user space. */
    SV39(3, 39),
    /** Four levels, 48-bit addresses, 128 TiB of user space (what x86-64 programs use). */
    SV48(4, 48);

    private final int levels;
    private final int vaBits;

    PagingMode(int levels, int vaBits) {
        this.levels = levels;
        this.vaBits = vaBits;
    }

    /** Levels of the table: 3 or 4. */
    public int levels() {
        return levels;
    }

    /** Significant bits of a virtual address: 39 or 48. */
    public int vaBits() {
        return vaBits;
    }

    /** The first address above user space: {@code 2^(vaBits-1)}. */
    public long userLimit() {
        return 1L << (vaBits - 1);
    }

    /** The format's name as written in the specification: {@code Sv39}, {@code Sv48}. */
    public String specName() {
        return "Sv" + vaBits;
    }

    /**
     * Parses {@code sv39} or {@code sv48}, in any case.
     *
     * @param label the text
     * @return the mode
     * @throws IllegalArgumentException naming the text and the accepted labels
     */
    public static PagingMode parse(String label) {
        return Labeled.parse(PagingMode.class, "paging mode", label.toLowerCase(java.util.Locale.ROOT));
    }
}
