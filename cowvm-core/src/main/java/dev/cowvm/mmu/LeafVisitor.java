package dev.cowvm.mmu;

/** Visits the entries of a page table that own a frame (leaves and held entries). */
@FunctionalInterface
public interface LeafVisitor {
    /**
     * @param va   the virtual address of the page
     * @param slot the physical address of the entry, for rewriting it
     * @param pte  the entry
     */
    void visit(long va, long slot, long pte);
}
