package dev.cowvm.kernel;

import dev.cowvm.mmu.Pte;
import dev.cowvm.phys.PhysicalMemory;

/**
 * One page-table entry that maps a page: its virtual address, the frame, and the raw Sv39
 * entry (decode it with {@link Pte}).
 *
 * @param va    the page's virtual address
 * @param frame the frame it maps (0 for the zero page)
 * @param pte   the Sv39 entry
 */
public record PageMapping(long va, int frame, long pte) {
    /** True if the entry maps the shared zero page. */
    public boolean isZeroPage() {
        return frame == PhysicalMemory.ZERO_FRAME;
    }

    /** True if marked copy-on-write. */
    public boolean isCopyOnWrite() {
        return (pte & Pte.COW) != 0;
    }

    /** True if a store needs no fault. */
    public boolean isWritable() {
        return (pte & Pte.W) != 0;
    }

    /** True for a page of a PROT_NONE region: the frame is kept but every access faults. */
    public boolean isHeld() {
        return (pte & Pte.HELD) != 0;
    }

    /** {@code rwxuadC}-style flags. */
    public String flags() {
        return Pte.flags(pte);
    }
}
