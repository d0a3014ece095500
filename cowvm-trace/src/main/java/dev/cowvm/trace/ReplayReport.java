package dev.cowvm.trace;

import dev.cowvm.kernel.KernelConfig;
import dev.cowvm.observe.MemoryUsage;
import dev.cowvm.observe.Stats;
import java.util.List;

/**
 * What a replay did. Counters are taken when the last access has been replayed, before the
 * processes exit; the exits that follow are checked ({@code checkInvariants}) but not counted
 * here.
 *
 * @param config    the machine
 * @param accesses  accesses replayed, by all processes
 * @param forks     each fork point, in order
 * @param processes each process, in order of creation
 * @param intervals the working set and copy-on-write copies over time
 * @param stats     the kernel's counters
 */
public record ReplayReport(KernelConfig config, long accesses, List<Fork> forks, List<ProcessReport> processes,
                           List<Interval> intervals, long interval, int quantum, Stats stats) {

    /**
     * A fork point.
     *
     * @param at      the parent's access count at which it was to fork
     * @param parent  the forking process
     * @param child   the child's pid, or 0 if there was no child
     * @param outcome {@code forked}, {@code failed} (the pool lacked the frames: nothing
     *                changed) or {@code not-reached} (the parent's trace ended first, or
     *                it died)
     */
    public record Fork(long at, int parent, int child, String outcome) {
    }

    /**
     * One replayed process.
     *
     * @param role        {@code parent} or {@code child}
     * @param trace       the trace's name, or null for a child that replays nothing
     * @param format      the trace's format, or null
     * @param accesses    accesses it replayed, one per record whatever its kind
     * @param byKind      accesses by kind, indexed by {@link AccessKind#ordinal()}
     * @param pagesMapped pages in its regions: every page it touched, plus for a child the
     *                    pages it inherited
     * @param status      {@code running} (its trace was replayed to the end), or how it died
     * @param endReason   why it died, or empty
     * @param usage       its RSS, PSS and USS at the end, or null if it died
     * @param stats       its own counters
     */
    public record ProcessReport(int pid, String role, String trace, TraceFormat format, boolean compressed,
                                long accesses, long[] byKind, long pagesMapped, long skipped, List<String> problems,
                                String status, String endReason, MemoryUsage usage, Stats stats) {
    }

    /**
     * One sampling interval.
     *
     * @param endAccess    accesses replayed (over all processes) at its end
     * @param pagesTouched distinct pages touched in it, each process's pages counted apart
     * @param cowCopies    copy-on-write faults that copied a page in it
     * @param framesInUse  frames out of the pool at its end
     */
    public record Interval(long endAccess, long pagesTouched, long cowCopies, long framesInUse) {
    }
}
