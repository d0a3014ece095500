package dev.cowvm.web;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.cowvm.kernel.FrameInfo;
import dev.cowvm.kernel.Kernel;
import dev.cowvm.kernel.PageMapping;
import dev.cowvm.kernel.Process;
import dev.cowvm.kernel.Region;
import dev.cowvm.mmu.Pte;
import dev.cowvm.observe.MemoryUsage;
import dev.cowvm.phys.PhysicalMemory;
import dev.cowvm.script.Run;
import dev.cowvm.script.text.KernelText;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the page draws of a kernel at one moment: the machine, its frames, every process
 * the scenario created with its page table, and the counters.
 *
 * <p>Frames are sent as parallel arrays indexed by frame number (one letter of state, a
 * reference count and an owner pid each), and only up to the highest frame ever used:
 * every frame above it is untouched and zero, so 65,536 frames of a large machine cost
 * nothing until they are used. Page tables are sent by region, the pages of a region that
 * were never touched as one row; a process with more than {@value #PER_PAGE_LIMIT} pages
 * mapped has its runs of similar pages (next virtual page, next frame, same flags and
 * sharers) collapsed into one row each, as {@code show} does in text.
 */
final class StateView {
    /** The grid shows at least this many frames (or the whole machine if smaller), so the pool is seen. */
    static final int MIN_FRAMES_SHOWN = 128;
    /** Up to this many pages mapped, a process's table has one row a page. */
    static final int PER_PAGE_LIMIT = 32;
    /** At most this many rows a process; the rest is summed up in one row per region. */
    static final int MAX_ROWS = 256;
    /** Bytes of each frame sent for the hover; the frame endpoint sends more. */
    static final int PREVIEW_BYTES = 16;

    record State(Machine machine, Frames frames, List<ProcessView> processes, Map<String, Long> stats,
                 List<String> warnings) {
    }

    /**
     * @param memory   bytes of memory: the pool, {@code frames} times 4 KiB
     * @param frames   the frames in the pool, numbered 1 to {@code frames}
     * @param zeroPage the zero page's frame, 0: outside the pool, on top of {@code memory}
     * @param pool     the pool in the words {@code show frames} prints
     */
    record Machine(long memory, int frames, int zeroPage, String pool, String zero, String forkMode, String paging,
                   boolean started) {
    }

    /**
     * @param used  one past the highest frame ever handed out
     * @param shown frames described below: at least {@code used}
     * @param state a letter a frame: {@code z} zero page, {@code d} data, {@code t} page table,
     *              {@code s} free with stale bytes, {@code f} free and zeroed
     * @param bytes the first bytes, in hex, of each frame that is not all zeros
     */
    record Frames(int used, int shown, String state, int[] refs, int[] owner, Map<Integer, String> bytes) {
    }

    /**
     * @param exitCode the code its parent's wait sees; null (left out) while it runs
     * @param root     the root page table's frame; null (left out) once it has ended
     */
    record ProcessView(String name, int pid, String parent, String status, boolean zombie, boolean reaped,
                       Integer exitCode, String reason, String paging, Integer root, List<TablePage> tables, Usage usage,
                       List<RegionView> regions, int mappedPages, boolean collapsed) {
    }

    record TablePage(int frame, int level) {
    }

    record Usage(long rss, long pss, long uss, long shared, @JsonProperty("private") long privateBytes) {
    }

    record RegionView(String name, long start, long end, String prot, List<Row> rows) {
    }

    /**
     * One row of a page table. {@code kind} is {@code entry} (pages mapped: frames
     * {@code frame} to {@code frame + pages - 1}, or the zero page), {@code untouched}
     * (pages of the region with no entry yet) or {@code more} (rows left out past the limit).
     */
    record Row(String kind, long va, long pages, Integer frame, Boolean zero, String flags, String pte, String bits,
               Integer refs) {
        static Row untouched(long va, long pages) {
            return new Row("untouched", va, pages, null, null, null, null, null, null);
        }
    }

    private StateView() {
    }

    /** The state of {@code kernel}, whose processes are those {@code run} created if it {@code started}. */
    static State of(Kernel kernel, Run run, boolean started) {
        var c = kernel.config();
        Machine machine = new Machine(c.memoryBytes(), kernel.frameCount(), PhysicalMemory.ZERO_FRAME,
                KernelText.pool(kernel.frameCount()), c.zeroPolicy().label(), c.forkMode().label(), c.pagingMode().label(), started);
        List<ProcessView> processes = new ArrayList<>();
        if (started) {
            run.processes().forEach((name, p) -> processes.add(process(kernel, run, name, p)));
        }
        return new State(machine, frames(kernel), processes, kernel.stats().asMap(), kernel.warnings());
    }

    static Frames frames(Kernel kernel) {
        int numbers = kernel.frameCount() + 1; // the pool's frames and the zero page
        int used = kernel.frameHighWater();
        int shown = Math.min(numbers, Math.max(used, MIN_FRAMES_SHOWN));
        StringBuilder state = new StringBuilder(shown);
        int[] refs = new int[shown];
        int[] owner = new int[shown];
        Map<Integer, String> bytes = new LinkedHashMap<>();
        for (int f = 0; f < shown; f++) {
            if (f >= used) {
                state.append('f'); // never handed out: zero, no host memory behind it
                continue;
            }
            FrameInfo info = kernel.frame(f);
            state.append(switch (info.state()) {
                case FREE_ZEROED -> 'f';
                case FREE_STALE -> 's';
                case DATA -> 'd';
                case PAGE_TABLE -> 't';
                case ZERO_PAGE -> 'z';
            });
            refs[f] = info.refCount();
            owner[f] = info.owner();
            byte[] b = kernel.peekFrame(f, 0, PREVIEW_BYTES);
            if (!allZero(b)) {
                bytes.put(f, HexFormat.of().formatHex(b));
            }
        }
        return new Frames(used, shown, state.toString(), refs, owner, bytes);
    }

    static boolean allZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    private static ProcessView process(Kernel kernel, Run run, String name, Process p) {
        String parentName = p.parent().map(q -> run.nameOf(q.pid())).orElse(null);
        MemoryUsage u = p.memoryUsage();
        List<TablePage> tables = p.pageTablePages().stream().map(t -> new TablePage(t.frame(), t.level())).toList();
        List<PageMapping> maps = p.mappings();
        boolean collapse = maps.size() > PER_PAGE_LIMIT;
        return new ProcessView(name, p.pid(), parentName, p.status().label(), p.isZombie(), p.isReaped(),
                p.isAlive() ? null : p.exitCode(), p.isAlive() ? null : p.deathReason(), p.pagingMode().label(),
                p.rootFrame() < 0 ? null : p.rootFrame(), tables,
                new Usage(u.rssBytes(), u.pssBytes(), u.ussBytes(), u.sharedBytes(), u.privateBytes()),
                regions(kernel, p.regions(), maps, collapse), maps.size(), collapse);
    }

    /** The rows of each region: entries in address order, untouched ranges as one row each. */
    static List<RegionView> regions(Kernel kernel, List<Region> regions, List<PageMapping> maps, boolean collapse) {
        List<RegionView> out = new ArrayList<>();
        int i = 0;
        int rowsLeft = MAX_ROWS;
        for (Region r : regions) {
            List<Row> rows = new ArrayList<>();
            long va = r.start();
            while (i < maps.size() && maps.get(i).va() < r.end()) {
                PageMapping first = maps.get(i);
                int j = i + 1;
                while (collapse && j < maps.size() && maps.get(j).va() < r.end()
                        && continues(kernel, maps.get(j - 1), maps.get(j))) {
                    j++;
                }
                if (rowsLeft <= 1) {
                    break;
                }
                if (first.va() > va) {
                    rows.add(Row.untouched(va, (first.va() - va) >>> 12));
                    rowsLeft--;
                }
                rows.add(entry(kernel, first, j - i));
                rowsLeft--;
                va = maps.get(j - 1).va() + 4096;
                i = j;
            }
            if (va < r.end()) {
                boolean cut = i < maps.size() && maps.get(i).va() < r.end();
                rows.add(cut ? new Row("more", va, (r.end() - va) >>> 12, null, null, null, null, null, null)
                        : Row.untouched(va, (r.end() - va) >>> 12));
                rowsLeft--;
            }
            while (i < maps.size() && maps.get(i).va() < r.end()) {
                i++; // past the row limit: counted in the "more" row above
            }
            out.add(new RegionView(r.name(), r.start(), r.end(), r.protection().label(), rows));
        }
        return out;
    }

    private static Row entry(Kernel kernel, PageMapping m, int pages) {
        Integer refs = m.isZeroPage() ? null : kernel.frame(m.frame()).refCount();
        return new Row("entry", m.va(), pages, m.frame(), m.isZeroPage() ? Boolean.TRUE : null, m.flags(),
                "0x" + Long.toHexString(m.pte()), Pte.describe(m.pte()), refs);
    }

    /** True if {@code b} continues {@code a}'s run: the next page, same flags, the next frame, as many sharers. */
    private static boolean continues(Kernel kernel, PageMapping a, PageMapping b) {
        if (b.va() != a.va() + 4096 || a.isZeroPage() != b.isZeroPage()
                || b.pte() - a.pte() != (b.isZeroPage() ? 0 : 1L << Pte.PPN_SHIFT)) {
            return false;
        }
        return b.isZeroPage() || kernel.frame(a.frame()).refCount() == kernel.frame(b.frame()).refCount();
    }
}
