package dev.cowvm.script;

import dev.cowvm.kernel.AddressLayout;
import dev.cowvm.phys.PhysicalMemory;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * One process's address space as the kernel will lay it out, worked out before anything
 * runs, so that the checker can refuse a {@code map} the kernel would refuse: a region that
 * overlaps another or the heap, no free range for a region placed by the kernel, or one
 * region too many.
 *
 * <p>It follows the kernel's rules (the process's {@code AddressSpace} and region list):
 * a region without an address goes at the lowest free range at or above
 * {@link AddressLayout#MMAP_BASE} (first fit); the heap grows from
 * {@link AddressLayout#HEAP_BASE} by whole pages and a move that would run into a region is
 * refused and changes nothing; {@code exec} empties it. A scenario has no branches, so the
 * layout is exact as long as the process is alive, and statements of a dead process are
 * skipped when the scenario runs: the checker follows only processes that have not exited.
 *
 * <pre>
 *   spans:  start -&gt; [start, end) and the region's name; adjacent pieces of the heap merge
 *   named:  region name -&gt; the range map gave it (what unmap and protect act on)
 * </pre>
 */
final class Layout {
    static final long PAGE = PhysicalMemory.PAGE_SIZE;
    /** The heap's name in messages; the scenario calls it {@code brk}. */
    private static final String HEAP = "the heap";

    private record Span(long start, long end, String name) {
        String describe() {
            return (name.equals(HEAP) ? HEAP : "region " + name) + " " + range(start, end);
        }
    }

    private final TreeMap<Long, Span> spans = new TreeMap<>();
    private final Map<String, long[]> named = new HashMap<>();
    private long brk = AddressLayout.HEAP_BASE;

    /** A fork's child: the same layout. */
    Layout copy() {
        Layout c = new Layout();
        c.spans.putAll(spans);
        named.forEach((k, v) -> c.named.put(k, v.clone()));
        c.brk = brk;
        return c;
    }

    /** exec: nothing mapped, the heap empty again. */
    void clear() {
        spans.clear();
        named.clear();
        brk = AddressLayout.HEAP_BASE;
    }

    /**
     * Places a region of {@code length} bytes (1 to the user limit, checked by the caller) at
     * {@code at}, or where the kernel picks when {@code at} is 0.
     *
     * @return null if the kernel will map it, else why it will refuse
     */
    String map(String name, long length, long at, long userLimit) {
        long len = pageUp(length);
        long start = at;
        if (at == 0) {
            start = firstFit(AddressLayout.MMAP_BASE, len, userLimit);
            if (start < 0) {
                return "no free range of " + len + " bytes for region " + name + " in the address space: the"
                        + " kernel places regions from 0x" + Long.toHexString(AddressLayout.MMAP_BASE) + " to 0x"
                        + Long.toHexString(userLimit);
            }
        } else {
            Span clash = firstOverlap(start, start + len);
            if (clash != null) {
                return "region " + name + " " + range(start, start + len) + " overlaps " + clash.describe();
            }
        }
        if (spans.size() >= AddressLayout.MAX_REGIONS) {
            return "a process may have at most " + AddressLayout.MAX_REGIONS + " regions (Linux's default"
                    + " vm.max_map_count); region " + name + " would be one more";
        }
        insert(new Span(start, start + len, name));
        named.put(name, new long[] {start, start + len});
        return null;
    }

    /** unmap: the region's range is emptied (for the heap, up to the break). */
    void unmap(String name) {
        long[] r = range(name);
        if (r != null && r[1] > r[0]) {
            remove(r[0], r[1]);
        }
        named.remove(name);
    }

    /**
     * protect: the kernel wants the whole range mapped, which it no longer is when the heap
     * was unmapped or shrunk through it.
     *
     * @return null, or why the kernel will refuse
     */
    String protect(String name) {
        long[] r = range(name);
        if (r != null && r[1] > r[0] && !covers(r[0], r[1])) {
            return range(r[0], r[1]) + " is not entirely mapped any more";
        }
        return null;
    }

    /** brk: moves the break as the kernel does, or leaves it where it is when it would refuse. */
    void brk(long delta, long userLimit) {
        long target = brk + delta;
        if (target < AddressLayout.HEAP_BASE || target > userLimit || (delta > 0 && target < brk)) {
            return;
        }
        long oldEnd = pageUp(brk);
        long newEnd = pageUp(target);
        if (newEnd > oldEnd) {
            if (firstOverlap(oldEnd, newEnd) != null) {
                return;
            }
            insert(new Span(oldEnd, newEnd, HEAP));
        } else if (newEnd < oldEnd) {
            remove(newEnd, oldEnd);
        }
        brk = target;
    }

    /**
     * The range unmap and protect act on: what map gave the region, or the heap up to the
     * break; null for a region whose map was refused (the checker has reported it).
     */
    private long[] range(String name) {
        if (name.equals(Checker.HEAP)) {
            return new long[] {AddressLayout.HEAP_BASE, pageUp(brk)};
        }
        return named.get(name);
    }

    private Span firstOverlap(long start, long end) {
        var below = spans.floorEntry(start);
        if (below != null && below.getValue().end() > start) {
            return below.getValue();
        }
        var above = spans.ceilingEntry(start);
        return above != null && above.getValue().start() < end ? above.getValue() : null;
    }

    /** The lowest free start at or above {@code from} for {@code len} bytes below {@code limit}, or -1. */
    private long firstFit(long from, long len, long limit) {
        long candidate = from;
        Long first = spans.floorKey(from);
        for (Span s : spans.tailMap(first == null ? from : first).values()) {
            if (s.end() <= candidate) {
                continue;
            }
            if (s.start() - candidate >= len) {
                break;
            }
            candidate = s.end();
        }
        return candidate <= limit - len ? candidate : -1;
    }

    private boolean covers(long start, long end) {
        long at = start;
        var from = spans.floorKey(start);
        for (Span s : spans.tailMap(from == null ? start : from).values()) {
            if (s.end() <= at) {
                continue;
            }
            if (s.start() > at) {
                return false;
            }
            at = s.end();
            if (at >= end) {
                return true;
            }
        }
        return at >= end;
    }

    /** Adds a span that overlaps none, merged with an adjacent piece of the same name. */
    private void insert(Span s) {
        var before = spans.lowerEntry(s.start());
        if (before != null && before.getValue().end() == s.start() && before.getValue().name().equals(s.name())) {
            spans.remove(before.getKey());
            s = new Span(before.getValue().start(), s.end(), s.name());
        }
        Span after = spans.get(s.end());
        if (after != null && after.name().equals(s.name())) {
            spans.remove(after.start());
            s = new Span(s.start(), after.end(), s.name());
        }
        spans.put(s.start(), s);
    }

    /** Takes {@code [start, end)} out of every span, cutting those it crosses. */
    private void remove(long start, long end) {
        var from = spans.floorKey(start);
        var hit = spans.subMap(from == null ? start : from, true, end, false);
        for (Span s : hit.values().toArray(Span[]::new)) {
            if (s.end() <= start) {
                continue;
            }
            spans.remove(s.start());
            if (s.start() < start) {
                spans.put(s.start(), new Span(s.start(), start, s.name()));
            }
            if (s.end() > end) {
                spans.put(end, new Span(end, s.end(), s.name()));
            }
        }
    }

    static long pageUp(long v) {
        return (v + PAGE - 1) & -PAGE;
    }

    static String range(long start, long end) {
        return "[0x" + Long.toHexString(start) + ", 0x" + Long.toHexString(end) + ")";
    }
}
