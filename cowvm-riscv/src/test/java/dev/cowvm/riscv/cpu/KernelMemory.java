package dev.cowvm.riscv.cpu;

import dev.cowvm.Sizes;
import dev.cowvm.kernel.Kernel;
import dev.cowvm.kernel.KernelConfig;
import dev.cowvm.kernel.Process;
import dev.cowvm.kernel.Protection;
import dev.cowvm.kernel.Region;
import dev.cowvm.mmu.Mmu;
import dev.cowvm.riscv.os.GuestMemory;
import java.util.Optional;

/**
 * A {@link TestMemory} that is a process of a real kernel: every access goes to the core's
 * {@link Mmu} through the machine's own {@link GuestMemory}. The test programs run on it
 * exactly as on a {@link FlatMemory}, so the CPU and the core's MMU (TLB, walk, zero-fill
 * faults, misaligned and page-crossing accesses) are checked together against the same
 * expectations.
 */
final class KernelMemory extends GuestMemory implements TestMemory {
    private static final long PAGE = Sizes.PAGE_SIZE;

    private final Process process;

    KernelMemory() {
        this(new Kernel(KernelConfig.defaults().withMemory(64L << 20)).spawn().orElseThrow());
    }

    private KernelMemory(Process process) {
        super(process.mmu());
        this.process = process;
    }

    @Override
    public void map(long va, long length, int perms) {
        long end = (va + length + PAGE - 1) & -PAGE;
        long p = va & -PAGE;
        while (p < end) {
            Optional<Region> r = process.regionAt(p);
            if (r.isPresent()) {
                long upto = Math.min(end, r.get().end());
                process.protect(p, upto - p, union(r.get().protection(), perms)).orElseThrow();
                p = upto;
            } else {
                long q = p;
                while (q < end && process.regionAt(q).isEmpty()) {
                    q += PAGE;
                }
                process.map(p, q - p, union(Protection.NONE, perms), "test").orElseThrow();
                p = q;
            }
        }
    }

    private static Protection union(Protection p, int perms) {
        return new Protection(p.read() || (perms & R) != 0, p.write() || (perms & W) != 0,
                p.execute() || (perms & X) != 0);
    }

    @Override
    public void poke(long va, byte[] bytes) {
        for (long p = va & -PAGE; p < va + bytes.length; p += PAGE) {
            long from = Math.max(p, va);
            int n = (int) (Math.min(p + PAGE, va + bytes.length) - from);
            Protection was = process.regionAt(p).orElseThrow().protection();
            process.protect(p, PAGE, union(was, W)).orElseThrow();
            process.copyOut(from, bytes, (int) (from - va), n).orElseThrow();
            process.protect(p, PAGE, was).orElseThrow();
        }
    }

    @Override
    public byte[] peek(long va, int n) {
        byte[] out = new byte[n];
        process.copyIn(va, out, 0, n).orElseThrow();
        return out;
    }
}
