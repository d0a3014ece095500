package dev.cowvm.mmu;

/**
 * What the MMU calls when a walk finds no entry that permits an access: the operating
 * system's page-fault handler. The kernel implements it, one per address space; the MMU
 * knows nothing else above it. Data flows one way: MMU, then resolver, then the frame pool.
 */
@FunctionalInterface
public interface FaultResolver {
    /**
     * Handles a page fault. On {@link Fault#NONE} the page table now permits the access and
     * the MMU walks again (hardware retries the faulting instruction); otherwise the access
     * fails with the fault returned, and nothing has changed. A resolver that changes an
     * entry the TLB may hold flushes it through {@link Mmu#flush}.
     *
     * @param va         the faulting virtual address, inside user space
     * @param access     what was attempted
     * @param pteAddress the physical address of the level-0 entry for {@code va}, or
     *                   {@link PageTable#NO_SLOT} if the walk could not reach level 0
     * @param pte        that entry (0 if there is none)
     * @return {@link Fault#NONE} if resolved, else why the access must fail
     */
    Fault resolve(long va, Access access, long pteAddress, long pte);
}
