package dev.cowvm.kernel;

import dev.cowvm.observe.ForkMode;
import dev.cowvm.mmu.Mmu;
import dev.cowvm.observe.ForkMode;
import dev.cowvm.phys.ZeroPolicy;
import java.nio.charset.StandardCharsets;

/** Small helpers shared by the kernel's tests. */
final class Machines {
    static final int PAGE = 4096;

    private Machines() {
    }

    static Kernel kernel() {
        return new Kernel(KernelConfig.defaults());
    }

    static Kernel kernel(long memoryBytes) {
        return new Kernel(KernelConfig.defaults().withMemory(memoryBytes));
    }

    static Kernel kernel(long memoryBytes, ForkMode mode, ZeroPolicy policy) {
        return new Kernel(KernelConfig.defaults().withMemory(memoryBytes).withForkMode(mode).withZeroPolicy(policy));
    }

    /**
     * A load of the process's own, through its MMU, with the kernel's default handling of a
     * trap (the process is killed), as a CPU with no signal handler does.
     */
    static long load64(Process p, long va) {
        long v = p.mmu().load64(va);
        trap(p);
        return v;
    }

    static int load32(Process p, long va) {
        int v = p.mmu().load32(va);
        trap(p);
        return v;
    }

    static int load8(Process p, long va) {
        int v = p.mmu().load8(va);
        trap(p);
        return v;
    }

    /** A store of the process's own; false if it trapped (and the process was killed). */
    static boolean store64(Process p, long va, long value) {
        p.mmu().store64(va, value);
        return !trap(p);
    }

    /** Applies the kernel's default to a pending trap; true if there was one. */
    static boolean trap(Process p) {
        Mmu m = p.mmu();
        if (!m.trapped()) {
            return false;
        }
        var fault = m.trapFault();
        m.clearTrap();
        p.kernel.killForFault(p, fault, m.trapAddress(), m.trapAccess());
        return true;
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    static String ascii(byte[] b) {
        return new String(b, StandardCharsets.US_ASCII);
    }

    /** The frame that maps {@code va} in {@code p}, or -1. */
    static int frameOf(Process p, long va) {
        for (PageMapping m : p.mappings()) {
            if (m.va() == (va & -PAGE)) {
                return m.frame();
            }
        }
        return -1;
    }

    static PageMapping mappingOf(Process p, long va) {
        return p.mapping(va).orElse(null);
    }
}
