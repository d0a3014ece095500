package dev.cowvm.script;

import dev.cowvm.observe.ForkMode;
import dev.cowvm.observe.KernelEvent;
import dev.cowvm.phys.FramePurpose;
import dev.cowvm.phys.ZeroPolicy;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Says in a line or two what the kernel did for one statement, and why, from its events:
 * the faults by kind with the frames involved, forks, execs, exits, and the frames that went
 * back to the pool.
 */
final class Explainer {
    private final Map<Integer, String> names;
    private final ZeroPolicy policy;
    private final List<Integer> zeroFill = new ArrayList<>();
    private int zeroPage;
    private final List<int[]> copies = new ArrayList<>();
    private final List<Integer> reuses = new ArrayList<>();
    private final Set<Integer> zeroed = new HashSet<>();
    private int dataFreed;
    private int tablesFreed;
    private int tablesAllocated;

    private Explainer(Map<Integer, String> names, ZeroPolicy policy) {
        this.names = names;
        this.policy = policy;
    }

    static List<String> explain(List<KernelEvent> events, Map<Integer, String> names, ZeroPolicy policy) {
        Explainer x = new Explainer(names, policy);
        for (KernelEvent e : events) {
            x.tally(e);
        }
        return x.lines(events);
    }

    private void tally(KernelEvent e) {
        switch (e) {
            case KernelEvent.PageFault f -> {
                switch (f.kind()) {
                    case ZERO_FILL -> zeroFill.add(f.newFrame());
                    case ZERO_PAGE_MAP -> zeroPage++;
                    case COW_COPY -> copies.add(new int[] {f.oldFrame(), f.newFrame()});
                    case COW_REUSE -> reuses.add(f.newFrame());
                    case SEGV, OOM -> { } // the process's death line tells these
                }
            }
            case KernelEvent.FrameAllocated a when a.purpose() == FramePurpose.PAGE_TABLE -> tablesAllocated++;
            case KernelEvent.FrameZeroed z -> zeroed.add(z.frame());
            case KernelEvent.FrameFreed f -> {
                if (f.pageTable()) {
                    tablesFreed++;
                } else {
                    dataFreed++;
                }
            }
            default -> { }
        }
    }

    private List<String> lines(List<KernelEvent> events) {
        List<String> out = new ArrayList<>();
        if (zeroPage > 0) {
            out.add(zeroPage == 1
                    ? "read fault on a never-touched page: the shared zero page was mapped read-only, no frame used"
                    : zeroPage + " read faults on never-touched pages: the shared zero page was mapped"
                    + " read-only, no frame used");
        }
        if (!zeroFill.isEmpty()) {
            long stale = zeroFill.stream().filter(zeroed::contains).count();
            String took = zeroFill.size() == 1
                    ? "zero-fill fault: the first write to a never-touched page took " + frames(zeroFill) + " from the pool"
                    : zeroFill.size() + " zero-fill faults: first writes to never-touched pages took " + frames(zeroFill)
                    + " from the pool";
            if (stale > 0) {
                took += stale == zeroFill.size() && stale == 1 ? "; it held stale bytes, so it was zeroed first"
                        : "; " + stale + " of them held stale bytes and were zeroed first";
            }
            out.add(took);
        }
        if (copies.size() == 1) {
            int[] c = copies.getFirst();
            out.add("copy-on-write fault: frame " + c[0] + " was shared, so frame " + c[1]
                    + " was taken from the pool, frame " + c[0] + " copied into it, and the writer's entry pointed at "
                    + c[1]);
        } else if (copies.size() > 1) {
            out.add(copies.size() + " copy-on-write faults: the shared " + frames(copies.stream().map(c -> c[0]).toList())
                    + " were copied into " + frames(copies.stream().map(c -> c[1]).toList())
                    + ", taken from the pool; only the pages written were copied");
        }
        if (!reuses.isEmpty()) {
            out.add(count(reuses.size(), "copy-on-write fault") + " on " + frames(reuses)
                    + ", which no one else maps any more: made writable in place, nothing copied");
        }
        for (KernelEvent e : events) {
            switch (e) {
                case KernelEvent.Forked f -> out.add(f.mode() == ForkMode.COW
                        ? "fork: " + name(f.child()) + " got a copy of " + name(f.parent()) + "'s page table ("
                        + count(f.pageTablePages(), "table page") + "); " + count(f.sharedPages(), "page")
                        + " now shared copy-on-write, none copied"
                        : "fork in copy mode: " + count(f.copiedPages(), "page") + " copied into new frames for "
                        + name(f.child()));
                case KernelEvent.Execed x -> out.add("exec: " + count(x.pagesReleased(), "page reference")
                        + " dropped; " + freed() + " back in the pool; a new empty page table; nothing copied");
                case KernelEvent.Exited x -> out.add(name(x.pid()) + " ended (" + x.status().label() + "): "
                        + freed() + " back in the pool, " + (policy == ZeroPolicy.ON_FREE
                        ? "zeroed as they were freed (on-free)" : "still holding their bytes"));
                case KernelEvent.Unmapped u when u.pagesReleased() > 0 -> out.add("unmap: "
                        + count(u.pagesReleased(), "page reference") + " dropped; " + freed() + " back in the pool");
                default -> { }
            }
        }
        boolean madeByProcessCreation = events.stream().anyMatch(e -> e instanceof KernelEvent.Forked
                || e instanceof KernelEvent.Spawned || e instanceof KernelEvent.Execed);
        if (tablesAllocated > 0 && !madeByProcessCreation) {
            out.add(count(tablesAllocated, "page-table page") + " added to reach the new addresses");
        }
        return out;
    }

    private String freed() {
        if (dataFreed == 0 && tablesFreed == 0) {
            return "no frame";
        }
        List<String> parts = new ArrayList<>();
        if (dataFreed > 0) {
            parts.add(count(dataFreed, "data frame"));
        }
        if (tablesFreed > 0) {
            parts.add(count(tablesFreed, "page-table page"));
        }
        return String.join(" and ", parts);
    }

    private String name(int pid) {
        String n = names.get(pid);
        return n == null ? "pid " + pid : n;
    }

    static String count(long n, String thing) {
        return n + " " + (n == 1 ? thing : thing + "s");
    }

    private static String frames(List<Integer> frames) {
        if (frames.size() == 1) {
            return "frame " + frames.getFirst();
        }
        boolean consecutive = true;
        for (int i = 1; i < frames.size(); i++) {
            consecutive &= frames.get(i) == frames.get(i - 1) + 1;
        }
        if (consecutive) {
            return "frames " + frames.getFirst() + "-" + frames.getLast();
        }
        if (frames.size() <= 6) {
            return "frames " + String.join(", ", frames.stream().map(String::valueOf).toList());
        }
        return "frames " + frames.getFirst() + ", " + frames.get(1) + ", ... " + frames.getLast();
    }
}
