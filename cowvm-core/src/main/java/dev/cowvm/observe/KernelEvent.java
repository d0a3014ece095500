package dev.cowvm.observe;

import dev.cowvm.kernel.ForkMode;
import dev.cowvm.kernel.ProcessStatus;
import dev.cowvm.mmu.Access;
import dev.cowvm.phys.FramePurpose;

/**
 * Something the kernel did. Listeners get them in the order they happened; a kernel with no
 * listener builds none of them. Process ids are {@code pid}s; frames are frame numbers.
 */
public sealed interface KernelEvent {

    /** The event's short name, as in JSON lines: {@code fork}, {@code fault}, ... */
    String type();

    /** A process was created with an empty address space. */
    record Spawned(int pid) implements KernelEvent {
        public String type() {
            return "spawn";
        }
    }

    /** A fork succeeded: {@code sharedPages} now shared, {@code copiedPages} copied. */
    record Forked(int parent, int child, ForkMode mode, long sharedPages, long copiedPages,
                  int pageTablePages) implements KernelEvent {
        public String type() {
            return "fork";
        }
    }

    /** A fork was refused: it needed more frames than the pool had. Nothing was changed. */
    record ForkFailed(int parent, long framesNeeded, long framesAvailable) implements KernelEvent {
        public String type() {
            return "fork-failed";
        }
    }

    /** A process replaced its image; {@code pagesReleased} references were dropped. */
    record Execed(int pid, long pagesReleased) implements KernelEvent {
        public String type() {
            return "exec";
        }
    }

    /** A process ended; it is a zombie until its parent waits (or reaped at once if it has none). */
    record Exited(int pid, ProcessStatus status, int exitCode, String reason) implements KernelEvent {
        public String type() {
            return "exit";
        }
    }

    /** A zombie was reaped by {@code parent} (0 when it had none). */
    record Reaped(int pid, int parent) implements KernelEvent {
        public String type() {
            return "reap";
        }
    }

    /**
     * A page fault and how it was resolved. {@code oldFrame} is the frame mapped before
     * (-1 if none), {@code newFrame} the frame mapped after (-1 if the process died).
     */
    record PageFault(int pid, long va, Access access, FaultKind kind, int oldFrame, int newFrame)
            implements KernelEvent {
        public String type() {
            return "fault";
        }
    }

    /** A frame left the pool. */
    record FrameAllocated(int frame, FramePurpose purpose, int pid) implements KernelEvent {
        public String type() {
            return "frame-alloc";
        }
    }

    /** A frame was cleared to zeros. */
    record FrameZeroed(int frame) implements KernelEvent {
        public String type() {
            return "frame-zero";
        }
    }

    /** A page was copied from one frame to another, for process {@code pid}. */
    record FrameCopied(int from, int to, int pid) implements KernelEvent {
        public String type() {
            return "frame-copy";
        }
    }

    /**
     * A frame went back to the pool (with its stale bytes, unless the policy zeroes on free);
     * {@code pageTable} if it held a page table.
     */
    record FrameFreed(int frame, boolean pageTable) implements KernelEvent {
        public String type() {
            return "frame-free";
        }
    }

    /** A region was mapped. */
    record Mapped(int pid, long start, long length, String protection, String name) implements KernelEvent {
        public String type() {
            return "map";
        }
    }

    /** A range was unmapped; {@code pagesReleased} references were dropped. */
    record Unmapped(int pid, long start, long length, long pagesReleased) implements KernelEvent {
        public String type() {
            return "unmap";
        }
    }

    /** A range's protection changed. */
    record Protected(int pid, long start, long length, String protection) implements KernelEvent {
        public String type() {
            return "protect";
        }
    }

    /** The program break moved. */
    record BrkMoved(int pid, long oldBreak, long newBreak) implements KernelEvent {
        public String type() {
            return "brk";
        }
    }
}
