package dev.cowvm.riscv.abi;

import dev.cowvm.kernel.Process;
import dev.cowvm.kernel.Protection;
import dev.cowvm.kernel.Region;
import dev.cowvm.mmu.Fault;
import dev.cowvm.riscv.cpu.Trap;
import java.util.Optional;

/**
 * Why a page fault the kernel did not resolve happened, told from the process's regions
 * once the hart has reported it: no region there (Linux's SEGV_MAPERR), a region that
 * forbids the access (SEGV_ACCERR), or a region that allows it, so the kernel had no frame
 * to give (out of memory).
 */
final class Faults {
    private Faults() {
    }

    /**
     * @param p     the process that faulted
     * @param cause the RISC-V exception code (12, 13 or 15)
     * @param va    the address ({@code stval})
     * @return MAPERR, ACCERR or OOM
     */
    static Fault classify(Process p, int cause, long va) {
        Optional<Region> region = p.regionAt(va);
        if (region.isEmpty()) {
            return Fault.MAPERR;
        }
        Protection allowed = region.get().protection();
        boolean permitted = switch (cause) {
            case Trap.FETCH_PAGE_FAULT -> allowed.execute();
            case Trap.STORE_PAGE_FAULT -> allowed.write();
            default -> allowed.read();
        };
        return permitted ? Fault.OOM : Fault.ACCERR;
    }

    static boolean isPageFault(int cause) {
        return cause == Trap.FETCH_PAGE_FAULT || cause == Trap.LOAD_PAGE_FAULT || cause == Trap.STORE_PAGE_FAULT;
    }
}
