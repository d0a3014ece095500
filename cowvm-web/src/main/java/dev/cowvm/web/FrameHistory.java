package dev.cowvm.web;

import dev.cowvm.kernel.FrameInfo;
import dev.cowvm.kernel.Kernel;
import dev.cowvm.observe.FaultKind;
import dev.cowvm.observe.KernelEvent;
import dev.cowvm.phys.FrameState;
import dev.cowvm.script.Run;
import dev.cowvm.script.StepResult;
import java.util.ArrayList;
import java.util.List;

/**
 * The story of one frame over a run, told from the kernel's events: when it left the pool
 * and for whom, when it was cleared, copied, shared by a fork, and when it came back with
 * its stale bytes. A change of its reference count that no event names (an exit or exec of
 * one of its sharers) is told from the counts themselves.
 */
final class FrameHistory {
    /** Entries kept: the most recent ones, when a frame has a long life. */
    static final int MAX_ENTRIES = 100;

    /**
     * What happened to the frame in one statement.
     *
     * @param step      the statement's number (from 1)
     * @param line      its line in the scenario
     * @param statement its source text
     * @param what      one sentence an event
     */
    record Entry(int step, int line, String statement, List<String> what) {
    }

    private final int frame;
    private final List<Entry> entries = new ArrayList<>();
    private FrameInfo last;
    private int dropped;

    FrameHistory(int frame) {
        this.frame = frame;
    }

    List<Entry> entries() {
        return entries;
    }

    /** Entries left out at the start of a long history. */
    int dropped() {
        return dropped;
    }

    /** Records what statement {@code step} did to the frame; {@code kernel} is after it, or null if none yet. */
    void after(int step, StepResult r, Kernel kernel, Run run, String source) {
        if (kernel == null) {
            return;
        }
        List<String> what = new ArrayList<>();
        boolean forked = false;
        for (KernelEvent e : r.events()) {
            forked |= e instanceof KernelEvent.Forked;
            String s = describe(e, run);
            if (s != null && (what.isEmpty() || !what.getLast().equals(s))) {
                what.add(s);
            }
        }
        FrameInfo now = kernel.frame(frame);
        if (last != null && last.state() == FrameState.DATA && now.state() == FrameState.DATA
                && last.refCount() != now.refCount()) {
            what.add((forked && now.refCount() > last.refCount() ? "shared by the fork: " : "")
                    + "mapped by " + last.refCount() + " entries, now " + now.refCount());
        }
        last = now;
        if (!what.isEmpty()) {
            entries.add(new Entry(step, r.statement().line(), source, List.copyOf(what)));
            if (entries.size() > MAX_ENTRIES) {
                entries.removeFirst();
                dropped++;
            }
        }
    }

    private String describe(KernelEvent event, Run run) {
        return switch (event) {
            case KernelEvent.FrameAllocated a when a.frame() == frame -> "taken from the pool for " + name(run, a.pid())
                    + switch (a.purpose()) {
                        case PAGE_TABLE -> ", to hold a page table";
                        case COPY_TARGET -> ", to receive a copy";
                        case ZEROED_DATA -> ", as fresh memory";
                    };
            case KernelEvent.FrameZeroed z when z.frame() == frame -> "cleared: 4096 bytes of zeros over the old contents";
            case KernelEvent.FrameCopied c when c.from() == frame -> "its 4096 bytes copied into frame " + c.to()
                    + " for " + name(run, c.pid());
            case KernelEvent.FrameCopied c when c.to() == frame -> "filled with a copy of frame " + c.from() + " for "
                    + name(run, c.pid());
            case KernelEvent.FrameFreed f when f.frame() == frame -> "back in the pool"
                    + (f.pageTable() ? " (it held a page table)" : "") + ", its bytes left as they were";
            case KernelEvent.PageFault f when f.newFrame() == frame && frame != 0 -> switch (f.kind()) {
                case ZERO_FILL -> "mapped at " + hex(f.va()) + " of " + name(run, f.pid()) + ": a zero-fill fault";
                case COW_COPY -> "mapped at " + hex(f.va()) + " of " + name(run, f.pid())
                        + ", writable: its own copy after a copy-on-write fault";
                case COW_REUSE -> name(run, f.pid()) + " wrote " + hex(f.va())
                        + " and no one else maps it: made writable again, no copy";
                default -> null;
            };
            case KernelEvent.PageFault f when f.oldFrame() == frame && f.newFrame() != frame
                    && f.kind() == FaultKind.COW_COPY -> name(run, f.pid()) + " wrote its page "
                    + hex(f.va()) + ": it now maps its own copy, frame " + f.newFrame();
            default -> null;
        };
    }

    static String name(Run run, int pid) {
        String n = run.nameOf(pid);
        return n == null ? "pid " + pid : n;
    }

    private static String hex(long va) {
        return "0x" + Long.toHexString(va);
    }
}
