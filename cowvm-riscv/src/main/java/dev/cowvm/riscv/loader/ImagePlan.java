package dev.cowvm.riscv.loader;

import dev.cowvm.kernel.Protection;
import dev.cowvm.mmu.PagingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The page-level layout of a loaded image, computed before anything is mapped: the
 * regions its segments need and the frames loading will take.
 *
 * <p>Two segments may share a page without sharing a byte (a linker packs the end of one
 * and the start of the next into one page when told to). A page has one protection, so a
 * shared page gets the union of both segments' protections; Linux's mappings overlap there
 * and the later one wins, which can take a permission from the earlier segment's bytes.
 */
final class ImagePlan {
    static final long PAGE = 4096;

    private ImagePlan() {
    }

    /**
     * A run of pages with one protection.
     *
     * @param start      first address, page-aligned
     * @param end        first address past it, page-aligned
     * @param protection what the program may do there
     */
    record Span(long start, long end, Protection protection) {
    }

    static long pageDown(long v) {
        return v & -PAGE;
    }

    static long pageUp(long v) {
        return (v + PAGE - 1) & -PAGE;
    }

    /** The regions for the segments (already checked not to overlap), moved by {@code bias}. */
    static List<Span> spans(List<ProgramHeader> loads, long bias) {
        TreeSet<Long> cuts = new TreeSet<>();
        for (ProgramHeader s : loads) {
            cuts.add(pageDown(bias + s.vaddr()));
            cuts.add(pageUp(bias + s.end()));
        }
        List<Span> out = new ArrayList<>();
        Long from = null;
        for (long to : cuts) {
            if (from != null) {
                Protection p = null;
                for (ProgramHeader s : loads) {
                    if (pageDown(bias + s.vaddr()) <= from && to <= pageUp(bias + s.end())) {
                        p = p == null ? s.protection() : union(p, s.protection());
                    }
                }
                if (p != null) {
                    Span last = out.isEmpty() ? null : out.getLast();
                    if (last != null && last.end() == from && last.protection().equals(p)) {
                        out.set(out.size() - 1, new Span(last.start(), to, p));
                    } else {
                        out.add(new Span(from, to, p));
                    }
                }
            }
            from = to;
        }
        return out;
    }

    private static Protection union(Protection a, Protection b) {
        return new Protection(a.read() || b.read(), a.write() || b.write(), a.execute() || b.execute());
    }

    /**
     * Frames the load will take: one per page it writes (the segments' file bytes and the
     * stack image) and the page-table pages those pages need below the root (the root
     * itself exec replaces one for one).
     *
     * @param written page-aligned ranges {@code [start, end)} the loader writes, any order
     */
    static long framesNeeded(List<long[]> written, PagingMode mode) {
        List<long[]> pages = new ArrayList<>();
        for (long[] r : written) {
            if (r[1] > r[0]) {
                pages.add(new long[] {r[0] / PAGE, r[1] / PAGE});
            }
        }
        pages.sort((a, b) -> Long.compare(a[0], b[0]));
        List<long[]> merged = new ArrayList<>();
        for (long[] r : pages) {
            long[] last = merged.isEmpty() ? null : merged.getLast();
            if (last != null && r[0] <= last[1]) {
                last[1] = Math.max(last[1], r[1]);
            } else {
                merged.add(new long[] {r[0], r[1]});
            }
        }
        long frames = 0;
        for (long[] r : merged) {
            frames += r[1] - r[0];
        }
        for (int level = 0; level < mode.levels() - 1; level++) {
            int shift = 9 * (level + 1);
            long lastGroup = -1;
            for (long[] r : merged) {
                long first = r[0] >>> shift;
                long last = (r[1] - 1) >>> shift;
                frames += last - first + 1 - (first == lastGroup ? 1 : 0);
                lastGroup = last;
            }
        }
        return frames;
    }
}
