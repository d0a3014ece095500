package dev.cowvm.kernel;

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
        for (PageMapping m : p.mappings()) {
            if (m.va() == (va & -PAGE)) {
                return m;
            }
        }
        return null;
    }
}
