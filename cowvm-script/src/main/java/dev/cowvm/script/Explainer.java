package dev.cowvm.script;

import dev.cowvm.Sizes;
import dev.cowvm.kernel.Kernel;
import dev.cowvm.kernel.PageMapping;
import dev.cowvm.kernel.Process;
import dev.cowvm.kernel.Region;
import dev.cowvm.mmu.Pte;
import dev.cowvm.observe.ForkMode;
import dev.cowvm.observe.KernelEvent;
import dev.cowvm.phys.FramePurpose;
import dev.cowvm.phys.FrameState;
import dev.cowvm.phys.ZeroPolicy;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Says in a line or two what the kernel did for one statement, and why, from its events:
 * the faults by kind with the pages and frames involved, forks, execs, exits and reaps, and
 * the frames that went back to the pool.
 *
 * <p>It also says what surprises people who learn these mechanisms: after a copy-on-write
 * copy the other sharer's entry is still read-only and copy-on-write although it is now
 * the frame's only user (its next write reuses the frame, without a copy); under
 * {@code zero none} a frame handed out is not cleared, and what it still holds; a process
 * with no parent is gone as soon as it ends, since nobody can wait for it.
 */
final class Explainer {
    /** Copies looked at for the sharer that is left alone with the frame; more are rare and slow to name. */
    private static final int SHARERS_CHECKED = 256;

    /**
     * What a frame held when a zero-fill fault took it, before any clearing: seen as it left
     * the pool (the kernel clears a frame after handing it out).
     *
     * @param owner the process it was last handed to before, or 0 if never used
     * @param bytes its first printable run of characters, quoted, or its first bytes in hex,
     *              or null if every byte was zero
     */
    record Stale(int owner, String bytes) {
    }

    private final Map<Integer, String> names;
    private final Kernel kernel;
    private final ZeroPolicy policy;
    private final Map<Integer, Stale> stale;
    private final List<KernelEvent.PageFault> zeroFill = new ArrayList<>();
    private int zeroPage;
    private final List<KernelEvent.PageFault> copies = new ArrayList<>();
    private final List<Integer> reuses = new ArrayList<>();
    private final Set<Integer> zeroed = new HashSet<>();
    private int dataFreed;
    private int tablesFreed;
    private int tablesAllocated;

    private Explainer(Map<Integer, String> names, Kernel kernel, Map<Integer, Stale> stale) {
        this.names = names;
        this.kernel = kernel;
        this.policy = kernel.config().zeroPolicy();
        this.stale = stale;
    }

    /**
     * @param events the statement's events, in order
     * @param names  the scenario's name of each pid
     * @param kernel the kernel after the statement
     * @param stale  what each frame a zero-fill fault took held as it left the pool
     */
    static List<String> explain(List<KernelEvent> events, Map<Integer, String> names, Kernel kernel,
                                Map<Integer, Stale> stale) {
        Explainer x = new Explainer(names, kernel, stale);
        for (KernelEvent e : events) {
            x.tally(e);
        }
        return x.lines(events);
    }

    private void tally(KernelEvent e) {
        switch (e) {
            case KernelEvent.PageFault f -> {
                switch (f.kind()) {
                    case ZERO_FILL -> zeroFill.add(f);
                    case ZERO_PAGE_MAP -> zeroPage++;
                    case COW_COPY -> copies.add(f);
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
            out.add(zeroFills());
        }
        if (copies.size() == 1) {
            KernelEvent.PageFault c = copies.getFirst();
            out.add("copy-on-write fault: frame " + c.oldFrame() + " was shared, so frame " + c.newFrame()
                    + " was taken from the pool, frame " + c.oldFrame() + " copied into it, and the writer's entry"
                    + " pointed at " + c.newFrame());
        } else if (copies.size() > 1) {
            out.add(copies.size() + " copy-on-write faults: the shared "
                    + frames(copies.stream().map(KernelEvent.PageFault::oldFrame).toList()) + " were copied into "
                    + frames(copies.stream().map(KernelEvent.PageFault::newFrame).toList())
                    + ", taken from the pool; only the pages written were copied");
        }
        out.addAll(leftAlone());
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
                case KernelEvent.Exited x -> out.add(name(x.pid()) + " ended (" + x.status().label() + ", code "
                        + x.exitCode() + "): " + freed() + " back in the pool, " + (policy == ZeroPolicy.ON_FREE
                        ? "zeroed as they were freed (on-free)" : "still holding their bytes"));
                case KernelEvent.Reaped r when r.parent() == 0 -> out.add(name(r.pid())
                        + " has no parent to wait for it, so it is gone at once: not a zombie, never reaped by anyone");
                case KernelEvent.Reaped r -> out.add(name(r.parent()) + " reaped " + name(r.pid())
                        + ": its exit status was collected and it is gone from the process table");
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

    /** The zero-fill line: which pages, which frames, and whether the frames were cleared. */
    private String zeroFills() {
        List<Integer> taken = zeroFill.stream().map(KernelEvent.PageFault::newFrame).toList();
        KernelEvent.PageFault first = zeroFill.getFirst();
        String line = zeroFill.size() == 1
                ? "zero-fill fault: the first write to page " + page(first.pid(), first.va()) + " took "
                + frames(taken) + " from the pool"
                : zeroFill.size() + " zero-fill faults: first writes to " + zeroFill.size() + " never-touched pages "
                + pages(zeroFill) + " took " + frames(taken) + " from the pool";
        List<Integer> cleared = taken.stream().filter(zeroed::contains).toList();
        List<Integer> dirty = taken.stream().filter(f -> !zeroed.contains(f) && stale.get(f) != null
                && stale.get(f).bytes() != null).toList();
        if (!cleared.isEmpty()) {
            Stale s = stale.get(cleared.getFirst());
            String held = s != null && s.bytes() != null && s.owner() != 0
                    ? " " + s.bytes() + " from " + owner(s.owner()) : " stale bytes";
            line += cleared.size() == 1 && taken.size() == 1 ? "; it held" + held + ", so it was zeroed first"
                    : "; " + cleared.size() + " of them held stale bytes (" + held.strip() + " among them) and were"
                    + " zeroed first";
        }
        if (!dirty.isEmpty()) {
            Stale s = stale.get(dirty.getFirst());
            String what = s.bytes() + (s.owner() != 0 ? " from " + owner(s.owner()) : "");
            line += taken.size() == 1
                    ? "; it was NOT cleared (zero " + policy.label() + "): it still holds " + what
                    : "; " + dirty.size() + " of them were NOT cleared (zero " + policy.label()
                    + ") and still hold another process's bytes, " + what + " among them";
        }
        return line;
    }

    /**
     * After a copy the frame the writer left may have one user: the other sharer, whose entry
     * is still read-only and marked copy-on-write. Its next write does not copy: the kernel
     * sees one reference and makes the frame writable in place.
     */
    private List<String> leftAlone() {
        Map<String, List<Integer>> byHolder = new LinkedHashMap<>();
        for (KernelEvent.PageFault c : copies.subList(0, Math.min(copies.size(), SHARERS_CHECKED))) {
            int f = c.oldFrame();
            if (kernel.frame(f).state() != FrameState.DATA || kernel.frame(f).refCount() != 1) {
                continue;
            }
            long page = Sizes.pageDown(c.va());
            for (Process p : kernel.processes()) {
                PageMapping m = p.isAlive() ? p.mapping(page).orElse(null) : null;
                if (m != null && m.frame() == f && (m.pte() & Pte.COW) != 0) {
                    byHolder.computeIfAbsent(name(p.pid()), k -> new ArrayList<>()).add(f);
                    break;
                }
            }
        }
        List<String> out = new ArrayList<>();
        byHolder.forEach((holder, fs) -> out.add(fs.size() == 1
                ? frames(fs) + " is now mapped by " + holder + " alone, its entry still read-only and copy-on-write: "
                + holder + "'s next write there will reuse the frame in place, without a copy"
                : frames(fs) + " are now mapped by " + holder + " alone, its entries still read-only and"
                + " copy-on-write: " + holder + "'s next write to each will reuse that frame in place, without a copy"));
        return out;
    }

    /** {@code 0x1000002000 (heap+8KiB)}: a page and, when it has one, its region and offset. */
    private String page(int pid, long va) {
        long page = Sizes.pageDown(va);
        String at = "0x" + Long.toHexString(page);
        Region r = kernel.process(pid).flatMap(p -> p.isAlive() ? p.regionAt(page) : java.util.Optional.empty())
                .orElse(null);
        if (r == null) {
            return at;
        }
        String name = r.isHeap() ? "brk" : r.name();
        long off = page - r.start();
        return at + " (" + (off == 0 ? name : name + "+" + offset(off)) + ")";
    }

    /** {@code in heap, 0x1000000000 to 0x10000ff000}: the pages of several faults. */
    private String pages(List<KernelEvent.PageFault> faults) {
        long lo = Long.MAX_VALUE;
        long hi = Long.MIN_VALUE;
        for (KernelEvent.PageFault f : faults) {
            lo = Math.min(lo, Sizes.pageDown(f.va()));
            hi = Math.max(hi, Sizes.pageDown(f.va()));
        }
        int pid = faults.getFirst().pid();
        long first = lo;
        String region = kernel.process(pid).flatMap(p -> p.isAlive() ? p.regionAt(first) : java.util.Optional.empty())
                .map(r -> "of " + (r.isHeap() ? "brk" : r.name()) + " ").orElse("");
        return region + "(0x" + Long.toHexString(lo) + " to 0x" + Long.toHexString(hi) + ")";
    }

    /** An offset as the language writes it: {@code 8KiB}, {@code 4100}. */
    private static String offset(long bytes) {
        String s = Sizes.format(bytes);
        return s.endsWith(" B") ? s.substring(0, s.length() - 2) : s.replace(" ", "");
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

    /** {@code login (pid 1)}: the process a frame's stale bytes came from. */
    private String owner(int pid) {
        String n = names.get(pid);
        return n == null ? "pid " + pid : n + " (pid " + pid + ")";
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

    /**
     * What a page of bytes holds, in a few words: its first run of at least three printable
     * characters, quoted (up to 40), else its first non-zero bytes in hex; null if all zero.
     */
    static String describe(byte[] page) {
        int run = 0;
        for (int i = 0; i <= page.length; i++) {
            boolean printable = i < page.length && page[i] >= 32 && page[i] < 127;
            if (printable) {
                run++;
                continue;
            }
            if (run >= 3) {
                int start = i - run;
                int n = Math.min(run, 40);
                return "\"" + new String(page, start, n, java.nio.charset.StandardCharsets.US_ASCII)
                        + (run > n ? "..." : "") + "\"";
            }
            run = 0;
        }
        for (int i = 0; i < page.length; i++) {
            if (page[i] != 0) {
                StringBuilder hex = new StringBuilder("bytes 0x");
                for (int j = i; j < Math.min(page.length, i + 8); j++) {
                    hex.append(String.format("%02x", page[j] & 0xFF));
                }
                return hex.append(" at offset ").append(i).toString();
            }
        }
        return null;
    }
}
