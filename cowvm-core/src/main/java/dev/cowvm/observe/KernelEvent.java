package dev.cowvm.observe;

import dev.cowvm.mmu.Access;
import dev.cowvm.phys.FramePurpose;

/**
 * Something the kernel did. Listeners get them in the order they happened; a kernel with no
 * listener builds none of them. Process ids are {@code pid}s; frames are frame numbers.
 */
public sealed interface KernelEvent {

    /** The event's short name, as in JSON lines: {@code fork}, {@code fault}, ... */
    String type();

    /**
     * A process was created with an empty address space.
     *
     * @param pid the new process
     */
    record Spawned(int pid) implements KernelEvent {
        public String type() {
            return "spawn";
        }
    }

    /**
     * A fork succeeded: {@code sharedPages} now shared, {@code copiedPages} copied.
     *
     * @param parent         the process that forked
     * @param child          the new process
     * @param mode           how memory was given to the child
     * @param sharedPages    pages now shared copy-on-write
     * @param copiedPages    pages copied at once (copy mode)
     * @param pageTablePages page-table pages the child's table took
     */
    record Forked(int parent, int child, ForkMode mode, long sharedPages, long copiedPages,
                  int pageTablePages) implements KernelEvent {
        public String type() {
            return "fork";
        }
    }

    /**
     * A vfork: the child shares the parent's address space until it execs or ends.
     *
     * @param parent the process that forked
     * @param child  the new process
     */
    record VForked(int parent, int child) implements KernelEvent {
        public String type() {
            return "vfork";
        }
    }

    /**
     * A fork was refused: it needed more frames than the pool had. Nothing was changed.
     *
     * @param parent          the process that tried to fork
     * @param framesNeeded    frames the fork could have needed
     * @param framesAvailable frames the pool had
     */
    record ForkFailed(int parent, long framesNeeded, long framesAvailable) implements KernelEvent {
        public String type() {
            return "fork-failed";
        }
    }

    /**
     * A process replaced its image; {@code pagesReleased} references were dropped.
     *
     * @param pid           the process
     * @param pagesReleased page references dropped
     */
    record Execed(int pid, long pagesReleased) implements KernelEvent {
        public String type() {
            return "exec";
        }
    }

    /**
     * A process ended; it is a zombie until its parent waits (or reaped at once if it has none).
     *
     * @param pid      the process
     * @param status   how it ended
     * @param exitCode its exit code (128 plus the signal when killed)
     * @param reason   why, in words
     */
    record Exited(int pid, ProcessStatus status, int exitCode, String reason) implements KernelEvent {
        public String type() {
            return "exit";
        }
    }

    /**
     * A zombie was reaped by {@code parent} (0 when it had none).
     *
     * @param pid    the process reaped
     * @param parent who reaped it, 0 if it had no parent
     */
    record Reaped(int pid, int parent) implements KernelEvent {
        public String type() {
            return "reap";
        }
    }

    /**
     * A page fault and how it was resolved. {@code oldFrame} is the frame mapped before
     * (-1 if none), {@code newFrame} the frame mapped after (-1 if the process died).
     *
     * @param pid      the faulting process
     * @param va       the faulting address
     * @param access   read, write or execute
     * @param kind     how the fault was resolved
     * @param oldFrame the frame mapped before, or -1
     * @param newFrame the frame mapped after, or -1 if the process died
     */
    record PageFault(int pid, long va, Access access, FaultKind kind, int oldFrame, int newFrame)
            implements KernelEvent {
        public String type() {
            return "fault";
        }
    }

    /**
     * A frame left the pool.
     *
     * @param frame   the frame
     * @param purpose fresh data, a copy's target, or a page table
     * @param pid     the process it was taken for
     */
    record FrameAllocated(int frame, FramePurpose purpose, int pid) implements KernelEvent {
        public String type() {
            return "frame-alloc";
        }
    }

    /**
     * A frame was cleared to zeros.
     *
     * @param frame the frame
     */
    record FrameZeroed(int frame) implements KernelEvent {
        public String type() {
            return "frame-zero";
        }
    }

    /**
     * A page was copied from one frame to another, for process {@code pid}.
     *
     * @param from the shared frame
     * @param to   the new frame
     * @param pid  the process the copy is for
     */
    record FrameCopied(int from, int to, int pid) implements KernelEvent {
        public String type() {
            return "frame-copy";
        }
    }

    /**
     * A frame went back to the pool (with its stale bytes, unless the policy zeroes on free);
     * {@code pageTable} if it held a page table.
     *
     * @param frame     the frame
     * @param pageTable true if it held a page table
     */
    record FrameFreed(int frame, boolean pageTable) implements KernelEvent {
        public String type() {
            return "frame-free";
        }
    }

    /**
     * A region was mapped.
     *
     * @param pid        the process
     * @param start      the first address
     * @param length     bytes
     * @param protection its protection, as {@code rw}
     * @param name       its name
     */
    record Mapped(int pid, long start, long length, String protection, String name) implements KernelEvent {
        public String type() {
            return "map";
        }
    }

    /**
     * A range was unmapped; {@code pagesReleased} references were dropped.
     *
     * @param pid           the process
     * @param start         the first address
     * @param length        bytes
     * @param pagesReleased page references dropped
     */
    record Unmapped(int pid, long start, long length, long pagesReleased) implements KernelEvent {
        public String type() {
            return "unmap";
        }
    }

    /**
     * A range's pages were dropped and their regions kept (madvise MADV_DONTNEED).
     *
     * @param pid           the process
     * @param start         the first address
     * @param length        bytes
     * @param pagesReleased page references dropped
     */
    record Discarded(int pid, long start, long length, long pagesReleased) implements KernelEvent {
        public String type() {
            return "discard";
        }
    }

    /**
     * A region moved to grow (mremap): its page-table entries moved, its frames stayed.
     *
     * @param pid        the process
     * @param from       where it was
     * @param to         where it is
     * @param oldLength  bytes before
     * @param newLength  bytes after
     * @param pagesMoved entries moved
     */
    record Moved(int pid, long from, long to, long oldLength, long newLength, long pagesMoved) implements KernelEvent {
        public String type() {
            return "move";
        }
    }

    /**
     * A range's protection changed.
     *
     * @param pid        the process
     * @param start      the first address
     * @param length     bytes
     * @param protection the new protection, as {@code r}
     */
    record Protected(int pid, long start, long length, String protection) implements KernelEvent {
        public String type() {
            return "protect";
        }
    }

    /**
     * The program break moved.
     *
     * @param pid      the process
     * @param oldBreak the break before
     * @param newBreak the break after
     */
    record BrkMoved(int pid, long oldBreak, long newBreak) implements KernelEvent {
        public String type() {
            return "brk";
        }
    }
}
