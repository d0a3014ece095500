package dev.cowvm.script.text;

import dev.cowvm.kernel.Process;
import dev.cowvm.kernel.Protection;
import dev.cowvm.kernel.Region;
import dev.cowvm.kernel.RegionUsage;
import dev.cowvm.observe.MemoryUsage;
import java.util.List;
import java.util.Locale;

/**
 * A process's memory region by region, in the two forms Linux users know: the entries of
 * {@code /proc/PID/smaps} ({@link #smaps}) and the table of {@code pmap -X} ({@link #pmap}).
 * Figures are in kB (1024 bytes) and truncated, as Linux prints them; addresses are hex.
 *
 * <p>Every region is private anonymous memory, so each shows as {@code p} (private) in its
 * permissions, with offset 0, no device and no inode, and its Anonymous figure equals its
 * Rss. A region mapped by a scenario is named {@code [anon:NAME]}, as Linux names an
 * anonymous region given a name with {@code prctl(PR_SET_VMA_ANON_NAME)}; the heap that
 * {@code brk} grows is {@code [heap]}.
 */
final class MemoryMaps {
    private MemoryMaps() {
    }

    /** Every region as an entry of {@code /proc/PID/smaps}. */
    static String smaps(Process p, String title) {
        StringBuilder out = new StringBuilder();
        out.append(title).append(": /proc/").append(p.pid()).append("/smaps");
        if (!p.isAlive()) {
            return out.append(": none, it has ended (").append(p.status().label()).append(")\n").toString();
        }
        List<RegionUsage> regions = p.smaps();
        if (regions.isEmpty()) {
            return out.append(": no regions\n").toString();
        }
        out.append('\n');
        for (RegionUsage ru : regions) {
            Region r = ru.region();
            MemoryUsage u = ru.usage();
            out.append(String.format(Locale.ROOT, "%x-%x %s 00000000 00:00 0%s%s%n", r.start(), r.end(),
                    perms(r.protection()), " ".repeat(10), mapping(r)));
            field(out, "Size", r.length());
            field(out, "Rss", u.rssBytes());
            field(out, "Pss", u.pssBytes());
            field(out, "Shared_Clean", u.sharedCleanBytes());
            field(out, "Shared_Dirty", u.sharedDirtyBytes());
            field(out, "Private_Clean", u.privateCleanBytes());
            field(out, "Private_Dirty", u.privateDirtyBytes());
            field(out, "Anonymous", u.rssBytes());
        }
        return out.toString();
    }

    private static void field(StringBuilder out, String name, long bytes) {
        out.append(String.format(Locale.ROOT, "%-16s%8d kB%n", name + ":", bytes >> 10));
    }

    /**
     * One line per region, then the totals, as {@code pmap -X} prints them. The total PSS is
     * the process's own, truncated once as Linux's {@code smaps_rollup} does, so it can be a
     * little more than the sum of the lines.
     */
    static String pmap(Process p, String title) {
        StringBuilder out = new StringBuilder();
        out.append(title).append(": pmap -X ").append(p.pid());
        if (!p.isAlive()) {
            return out.append(": none, it has ended (").append(p.status().label()).append(")\n").toString();
        }
        out.append(" (sizes in kB)\n");
        String row = "%16s %4s %8s %8s %8s %12s %12s %13s %13s %9s %s%n";
        out.append(String.format(Locale.ROOT, row, "Address", "Perm", "Size", "Rss", "Pss", "Shared_Clean",
                "Shared_Dirty", "Private_Clean", "Private_Dirty", "Anonymous", "Mapping"));
        long size = 0;
        for (RegionUsage ru : p.smaps()) {
            Region r = ru.region();
            MemoryUsage u = ru.usage();
            size += r.length();
            out.append(String.format(Locale.ROOT, row, Long.toHexString(r.start()), perms(r.protection()),
                    kb(r.length()), kb(u.rssBytes()), kb(u.pssBytes()), kb(u.sharedCleanBytes()),
                    kb(u.sharedDirtyBytes()), kb(u.privateCleanBytes()), kb(u.privateDirtyBytes()), kb(u.rssBytes()),
                    mapping(r)));
        }
        MemoryUsage t = p.memoryUsage();
        out.append(String.format(Locale.ROOT, row, "", "", "=".repeat(8), "=".repeat(8), "=".repeat(8),
                "=".repeat(12), "=".repeat(12), "=".repeat(13), "=".repeat(13), "=".repeat(9), "").stripTrailing())
                .append('\n');
        out.append(String.format(Locale.ROOT, row, "", "", kb(size), kb(t.rssBytes()), kb(t.pssBytes()),
                kb(t.sharedCleanBytes()), kb(t.sharedDirtyBytes()), kb(t.privateCleanBytes()),
                kb(t.privateDirtyBytes()), kb(t.rssBytes()), "KB"));
        return out.toString();
    }

    private static String kb(long bytes) {
        return Long.toString(bytes >> 10);
    }

    /** {@code rw-p}: read, write, execute, and p for a private mapping. */
    static String perms(Protection p) {
        return (p.read() ? "r" : "-") + (p.write() ? "w" : "-") + (p.execute() ? "x" : "-") + "p";
    }

    /** The name Linux would show: {@code [heap]}, or {@code [anon:NAME]}. */
    static String mapping(Region r) {
        return r.isHeap() ? r.name() : "[anon:" + r.name() + "]";
    }
}
