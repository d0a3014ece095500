package dev.cowvm.kernel;

import java.util.ArrayList;
import java.util.List;

/**
 * A process's regions, sorted by start, never overlapping. Lookup is a binary search with
 * no allocation (the fault path runs it on every fault); changes rebuild the affected part.
 * Adjacent regions with the same name and protection are merged, as Linux merges VMAs.
 */
final class RegionList {
    private final ArrayList<Region> regions = new ArrayList<>();

    RegionList() {
    }

    /** Replaces these regions with a copy of {@code other}'s (for fork). */
    void clearAndCopy(RegionList other) {
        regions.clear();
        regions.addAll(other.regions);
    }

    /** The region containing {@code va}, or null. */
    Region find(long va) {
        int lo = 0;
        int hi = regions.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            Region r = regions.get(mid);
            if (va < r.start()) {
                hi = mid - 1;
            } else if (va >= r.end()) {
                lo = mid + 1;
            } else {
                return r;
            }
        }
        return null;
    }

    /** The first region that overlaps {@code [start, end)}, or null. A binary search. */
    Region firstOverlap(long start, long end) {
        int i = firstEndingAfter(start);
        if (i < regions.size() && regions.get(i).start() < end) {
            return regions.get(i);
        }
        return null;
    }

    /** The index of the first region whose end is above {@code va} (regions.size() if none). */
    private int firstEndingAfter(long va) {
        int lo = 0;
        int hi = regions.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (regions.get(mid).end() > va) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    /** True if every byte of {@code [start, end)} is in some region. */
    boolean covers(long start, long end) {
        long at = start;
        for (Region r : regions) {
            if (r.end() <= at) {
                continue;
            }
            if (r.start() > at) {
                return false;
            }
            at = r.end();
            if (at >= end) {
                return true;
            }
        }
        return at >= end;
    }

    /**
     * The lowest {@code start >= from} such that {@code [start, start+length)} is free and
     * ends at or below {@code limit}, or -1.
     */
    long firstFit(long from, long length, long limit) {
        long candidate = from;
        for (Region r : regions) {
            if (r.end() <= candidate) {
                continue;
            }
            if (r.start() - candidate >= length) {
                break;
            }
            candidate = r.end();
        }
        return candidate <= limit - length ? candidate : -1;
    }

    /** Adds a region that overlaps none. */
    void insert(Region region) {
        assert firstOverlap(region.start(), region.end()) == null : "overlap inserting " + region;
        int i = firstEndingAfter(region.start());
        regions.add(i, region);
        mergeAround(i);
    }

    /**
     * The regions with {@code [start, end)} removed from every one, splitting where it cuts
     * one; this list is not changed (see {@link #replace}).
     */
    List<Region> without(long start, long end) {
        return rebuild(start, end, null);
    }

    /**
     * The regions with {@code [start, end)}, which must be covered, given a new protection,
     * and neighbours that now agree merged; this list is not changed (see {@link #replace}).
     */
    List<Region> reprotected(long start, long end, Protection protection) {
        assert covers(start, end);
        List<Region> out = rebuild(start, end, protection);
        List<Region> merged = new ArrayList<>(out.size());
        for (Region r : out) {
            Region last = merged.isEmpty() ? null : merged.getLast();
            if (last != null && mergeable(last, r)) {
                merged.set(merged.size() - 1, last.withRange(last.start(), r.end()));
            } else {
                merged.add(r);
            }
        }
        return merged;
    }

    /** Makes {@code next}, from {@link #without} or {@link #reprotected}, the regions. */
    void replace(List<Region> next) {
        regions.clear();
        regions.addAll(next);
    }

    /** True if some region overlapping {@code [start, end)} allows instruction fetches. */
    boolean anyExecutable(long start, long end) {
        for (int i = firstEndingAfter(start); i < regions.size() && regions.get(i).start() < end; i++) {
            if (regions.get(i).protection().execute()) {
                return true;
            }
        }
        return false;
    }

    /** Cuts the regions at {@code start} and {@code end}; the part between is dropped, or re-protected. */
    private List<Region> rebuild(long start, long end, Protection protection) {
        List<Region> out = new ArrayList<>(regions.size() + 2);
        for (Region r : regions) {
            if (r.end() <= start || r.start() >= end) {
                out.add(r);
                continue;
            }
            if (r.start() < start) {
                out.add(r.withRange(r.start(), start));
            }
            if (protection != null) {
                out.add(r.withRange(Math.max(r.start(), start), Math.min(r.end(), end)).withProtection(protection));
            }
            if (r.end() > end) {
                out.add(r.withRange(end, r.end()));
            }
        }
        return out;
    }

    private void mergeAround(int i) {
        if (i + 1 < regions.size() && mergeable(regions.get(i), regions.get(i + 1))) {
            regions.set(i, regions.get(i).withRange(regions.get(i).start(), regions.get(i + 1).end()));
            regions.remove(i + 1);
        }
        if (i > 0 && mergeable(regions.get(i - 1), regions.get(i))) {
            regions.set(i - 1, regions.get(i - 1).withRange(regions.get(i - 1).start(), regions.get(i).end()));
            regions.remove(i);
        }
    }

    private static boolean mergeable(Region a, Region b) {
        return a.end() == b.start() && a.protection().equals(b.protection()) && a.name().equals(b.name());
    }

    int size() {
        return regions.size();
    }

    List<Region> asList() {
        return List.copyOf(regions);
    }

    void clear() {
        regions.clear();
    }
}
