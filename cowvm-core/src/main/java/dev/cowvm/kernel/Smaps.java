package dev.cowvm.kernel;

import dev.cowvm.Sizes;
import dev.cowvm.mmu.Pte;
import dev.cowvm.observe.MemoryUsage;
import dev.cowvm.phys.PhysicalMemory;
import java.util.ArrayList;
import java.util.List;

/**
 * Counts a process's memory as Linux's {@code smaps} does (see {@link MemoryUsage}): one
 * walk over the entries that own a frame, each page sorted into shared or private by its
 * frame's reference count, and into dirty or clean by the entry's D bit.
 *
 * <p>PSS is summed in fixed point with {@value #PSS_SHIFT} fractional bits, as Linux's
 * {@code PSS_SHIFT}: a region's figure is truncated once at its end ({@code smaps}), the
 * process's once over all its regions ({@code smaps_rollup}), so the process's PSS can
 * exceed the sum of its regions' by a few bytes, exactly as on Linux.
 */
final class Smaps {
    /** Linux's PSS_SHIFT: PSS is summed with 12 fractional bits. */
    static final int PSS_SHIFT = 12;

    private long rssPages;
    private long pssFixed;
    private long sharedClean;
    private long sharedDirty;
    private long privateClean;
    private long privateDirty;

    private Smaps() {
    }

    /** The process's whole memory, or {@link MemoryUsage#NONE} if it has no page table. */
    static MemoryUsage of(Kernel kernel, Process p) {
        if (p.space.root < 0) {
            return MemoryUsage.NONE;
        }
        Smaps total = new Smaps();
        total.count(kernel, p, 0, p.space.mode().userLimit());
        return total.usage();
    }

    /** Each region's memory, in address order. */
    static List<RegionUsage> byRegion(Kernel kernel, Process p) {
        List<RegionUsage> out = new ArrayList<>();
        for (Region r : p.space.regions.asList()) {
            Smaps s = new Smaps();
            if (p.space.root >= 0) {
                s.count(kernel, p, r.start(), r.end());
            }
            out.add(new RegionUsage(r, s.usage()));
        }
        return out;
    }

    private void count(Kernel kernel, Process p, long from, long to) {
        p.space.pageTable.forEachLeaf(p.space.root, from, to, (va, slot, pte) -> {
            int f = Pte.frame(pte);
            if (f == PhysicalMemory.ZERO_FRAME) {
                return;
            }
            int mapcount = kernel.pool.refCount(f);
            boolean dirty = (pte & Pte.D) != 0;
            rssPages++;
            pssFixed += ((long) Sizes.PAGE_SIZE << PSS_SHIFT) / mapcount;
            if (mapcount > 1) {
                if (dirty) {
                    sharedDirty++;
                } else {
                    sharedClean++;
                }
            } else if (dirty) {
                privateDirty++;
            } else {
                privateClean++;
            }
        });
    }

    private MemoryUsage usage() {
        long page = Sizes.PAGE_SIZE;
        return new MemoryUsage(rssPages * page, pssFixed >> PSS_SHIFT, sharedClean * page, sharedDirty * page,
                privateClean * page, privateDirty * page);
    }
}
