package dev.cowvm.script.text;

import dev.cowvm.Sizes;
import dev.cowvm.kernel.FrameInfo;
import dev.cowvm.kernel.Kernel;
import dev.cowvm.kernel.PageMapping;
import dev.cowvm.kernel.Process;
import dev.cowvm.kernel.Region;
import dev.cowvm.observe.Counter;
import dev.cowvm.observe.MemoryUsage;
import dev.cowvm.observe.Stats;
import dev.cowvm.phys.FrameState;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;

/**
 * Plain-text tables of a kernel's state: a process's page table, the frame table, the
 * counters. Deterministic (the same state gives the same text) so they can be compared in
 * tests. Runs of similar rows are collapsed, so a 1 MiB region is one line, not 256.
 */
public final class KernelText {
    private final Kernel kernel;
    private final IntFunction<String> names;

    /**
     * @param names the name to show for a process id (for example the scenario's name), or
     *              null to show pids only
     */
    public KernelText(Kernel kernel, IntFunction<String> names) {
        this.kernel = kernel;
        this.names = names;
    }

    /** The name of a process as shown: {@code shell (pid 1)}, or {@code pid 1}. */
    public String name(int pid) {
        String n = names == null ? null : names.apply(pid);
        return n == null ? "pid " + pid : n + " (pid " + pid + ")";
    }

    /** A process's page table: one line per run of similar pages. */
    public String pageTable(Process p) {
        StringBuilder out = new StringBuilder();
        MemoryUsage u = p.memoryUsage();
        out.append(name(p.pid())).append(": ").append(p.status().label());
        if (!p.isAlive()) {
            out.append(", no memory (").append(p.deathReason()).append(")\n");
            return out.toString();
        }
        out.append(String.format(Locale.ROOT, ", %s, root table in frame %d, %d table pages, rss %s, pss %s%n",
                p.pagingMode().specName(), p.rootFrame(), p.pageTablePages().size(), Sizes.format(u.rssBytes()), Sizes.format(u.pssBytes())));
        List<PageMapping> maps = p.mappings();
        List<Region> regions = p.regions();
        if (regions.isEmpty()) {
            out.append("  (no regions)\n");
            return out.toString();
        }
        out.append(String.format(Locale.ROOT, "  %-27s %6s  %-13s %-8s %-4s %s%n", "virtual pages", "pages", "frames",
                "flags", "refs", "region"));
        int i = 0;
        for (Region r : regions) {
            boolean any = false;
            while (i < maps.size() && maps.get(i).va() < r.end()) {
                int j = i + 1;
                while (j < maps.size() && maps.get(j).va() < r.end() && continues(maps.get(j - 1), maps.get(j))) {
                    j++;
                }
                PageMapping first = maps.get(i);
                PageMapping last = maps.get(j - 1);
                String frames = first.isZeroPage() ? "0 (zero)" : first.frame() == last.frame()
                        ? Integer.toString(first.frame()) : first.frame() + "-" + last.frame();
                String refs = first.isZeroPage() ? "-" : Integer.toString(kernel.frame(first.frame()).refCount());
                out.append(String.format(Locale.ROOT, "  %-27s %6d  %-13s %-8s %-4s %s%n",
                        range(first.va(), last.va() + 4096), j - i, frames, first.flags(), refs, label(r)));
                any = true;
                i = j;
            }
            if (!any) {
                out.append(String.format(Locale.ROOT, "  %-27s %6s  %-13s %-8s %-4s %s%n",
                        range(r.start(), r.end()), "0", "-", "-", "-", label(r) + ", nothing touched"));
            }
        }
        return out.toString();
    }

    /** The process's regions as Linux's {@code /proc/PID/smaps} lists them (see {@link MemoryMaps}). */
    public String smaps(Process p) {
        return MemoryMaps.smaps(p, name(p.pid()));
    }

    /** The process's regions as a {@code pmap -X} table, with the totals (see {@link MemoryMaps}). */
    public String pmap(Process p) {
        return MemoryMaps.pmap(p, name(p.pid()));
    }

    private boolean continues(PageMapping a, PageMapping b) {
        if (b.va() != a.va() + 4096 || a.isZeroPage() != b.isZeroPage()
                || b.pte() - a.pte() != (b.isZeroPage() ? 0 : 1L << 10)) {
            return false; // same flags and the next frame (or both the zero page)
        }
        return b.isZeroPage() || kernel.frame(a.frame()).refCount() == kernel.frame(b.frame()).refCount();
    }

    private static String label(Region r) {
        return r.name() + " " + r.protection().label();
    }

    /**
     * The frame table: what the pool is, then every frame used so far, runs of identical rows
     * collapsed, then the frames never used as one row.
     */
    public String frames() {
        StringBuilder out = new StringBuilder();
        Stats s = kernel.stats();
        long inUse = s.get(Counter.FRAMES_IN_USE);
        long tables = s.get(Counter.PAGE_TABLE_PAGES);
        out.append("pool: ").append(pool(kernel.frameCount())).append('\n');
        out.append(String.format(Locale.ROOT, "in use %d (%d data, %d page tables); free %d%n",
                inUse, inUse - tables, tables, kernel.freeFrames()));
        out.append(String.format(Locale.ROOT, "  %-13s %-13s %-4s %-18s %s%n", "frame", "state", "refs", "owner",
                "first bytes"));
        int high = kernel.frameHighWater();
        List<String[]> rows = new ArrayList<>();
        for (int f = 0; f < high; f++) {
            FrameInfo info = kernel.frame(f);
            rows.add(new String[] {Integer.toString(f), state(info.state()),
                    info.state() == FrameState.ZERO_PAGE || info.state().isFree() ? "-" : Integer.toString(info.refCount()),
                    owner(info), preview(kernel.peekFrame(f, 0, 8))});
        }
        int i = 0;
        while (i < rows.size()) {
            int j = i + 1;
            while (j < rows.size() && same(rows.get(i), rows.get(j))) {
                j++;
            }
            String label = j - i == 1 ? rows.get(i)[0] : rows.get(i)[0] + "-" + rows.get(j - 1)[0];
            String[] r = rows.get(i);
            out.append(String.format(Locale.ROOT, "  %-13s %-13s %-4s %-18s %s%n", label, r[1], r[2], r[3], r[4]).stripTrailing())
                    .append('\n');
            i = j;
        }
        if (high <= kernel.frameCount()) {
            String label = high == kernel.frameCount() ? Integer.toString(high) : high + "-" + kernel.frameCount();
            out.append(String.format(Locale.ROOT, "  %-13s %s%n", label, "free, never used (zero)"));
        }
        return out.toString();
    }

    /**
     * The pool in the words every view uses, once: {@code 16 frames of 4 KiB (64 KiB), numbered
     * 1-16; frame 0 is the zero page, outside the pool}. A machine's memory is its pool; the
     * zero page comes on top of it, as Linux's {@code empty_zero_page} lives in the kernel image.
     *
     * @param frames the frames the pool may hand out ({@link Kernel#frameCount()})
     */
    public static String pool(int frames) {
        return String.format(Locale.ROOT, "%d frame%s of 4 KiB (%s), numbered %s; frame 0 is the zero page, outside the pool",
                frames, frames == 1 ? "" : "s", Sizes.format(frames * 4096L), frames == 1 ? "1" : "1-" + frames);
    }

    private static boolean same(String[] a, String[] b) {
        for (int k = 1; k < a.length; k++) {
            if (!a[k].equals(b[k])) {
                return false;
            }
        }
        return true;
    }

    private String owner(FrameInfo info) {
        if (info.owner() == 0) {
            return "-";
        }
        String who = name(info.owner());
        return info.state().isFree() ? "was " + who : who;
    }

    private static String state(FrameState s) {
        return switch (s) {
            case FREE_ZEROED -> "free, zeroed";
            case FREE_STALE -> "free, stale";
            case DATA -> "data";
            case PAGE_TABLE -> "page table";
            case ZERO_PAGE -> "zero page";
        };
    }

    /** Eight bytes in hex, then the printable ones. */
    static String preview(byte[] bytes) {
        StringBuilder hex = new StringBuilder();
        StringBuilder text = new StringBuilder();
        for (byte b : bytes) {
            hex.append(String.format(Locale.ROOT, "%02x ", b & 0xFF));
            text.append(b >= 32 && b < 127 ? (char) b : '.');
        }
        return hex + "|" + text + "|";
    }

    /** Every counter, one per line, with what it counts. */
    public static String stats(Stats stats) {
        StringBuilder out = new StringBuilder();
        for (Counter c : Counter.values()) {
            out.append(String.format(Locale.ROOT, "  %-18s %12d  %s%n", c.label(), stats.get(c), c.description()));
        }
        return out.toString();
    }

    /** {@code [0x1000000000, 0x1000004000)}. */
    public static String range(long start, long end) {
        return String.format(Locale.ROOT, "[0x%x, 0x%x)", start, end);
    }
}
