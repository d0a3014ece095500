package dev.cowvm.riscv.cpu;

import dev.cowvm.kernel.Kernel;
import dev.cowvm.kernel.KernelConfig;
import dev.cowvm.kernel.Process;
import dev.cowvm.kernel.Protection;
import dev.cowvm.kernel.Region;
import dev.cowvm.mmu.Mmu;
import java.util.Optional;

/**
 * A {@link TestMemory} that is a process of a real kernel: every access goes to the core's
 * {@link Mmu}, as on a machine. The test programs run on it exactly as on a
 * {@link FlatMemory}, so the CPU and the core's MMU (TLB, walk, zero-fill faults,
 * misaligned and page-crossing accesses) are checked together against the same
 * expectations.
 */
final class KernelMemory implements TestMemory {
    private static final long PAGE = 4096;

    private final Kernel kernel = new Kernel(KernelConfig.defaults().withMemory(64L << 20));
    private final Process process = kernel.spawn().orElseThrow();
    private final Mmu mmu = process.mmu();

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

    @Override
    public int load8(long va) {
        return mmu.load8(va);
    }

    @Override
    public int load16(long va) {
        return mmu.load16(va);
    }

    @Override
    public int load32(long va) {
        return mmu.load32(va);
    }

    @Override
    public long load64(long va) {
        return mmu.load64(va);
    }

    @Override
    public void store8(long va, int v) {
        mmu.store8(va, v);
    }

    @Override
    public void store16(long va, int v) {
        mmu.store16(va, v);
    }

    @Override
    public void store32(long va, int v) {
        mmu.store32(va, v);
    }

    @Override
    public void store64(long va, long v) {
        mmu.store64(va, v);
    }

    @Override
    public int fetch16(long va) {
        return mmu.fetch16(va);
    }

    @Override
    public int fetch32(long va) {
        return mmu.fetch32(va);
    }

    @Override
    public boolean trapped() {
        return mmu.trapped();
    }

    @Override
    public int trapCause() {
        return mmu.trapCause();
    }

    @Override
    public long trapAddress() {
        return mmu.trapAddress();
    }

    @Override
    public void clearTrap() {
        mmu.clearTrap();
    }

    @Override
    public long codeAddress(long va) {
        return mmu.codeAddress(va);
    }

    @Override
    public int codeGeneration(int frame) {
        return mmu.codeGeneration(frame);
    }

    @Override
    public void watchCode(long va) {
        mmu.watchCode(va);
    }

    @Override
    public long codeEpoch() {
        return mmu.codeEpoch();
    }
}
