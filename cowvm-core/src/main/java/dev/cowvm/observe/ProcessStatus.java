package dev.cowvm.observe;

import dev.cowvm.Labeled;

/** Whether a process runs, and if not, how it ended. Labels: {@code running}, {@code exited}, ... */
public enum ProcessStatus implements Labeled {
    /** Alive. */
    RUNNING,
    /** Ended by calling exit; see its exit code. */
    EXITED,
    /** Killed by a segmentation fault (an access outside its regions or their permissions). */
    SEGV,
    /** Killed because a page fault needed a frame and the pool was empty. */
    OOM,
    /** Killed: by a kill, or by a signal whose default action ends it. */
    KILLED;

    /**
     * Parses a label as written by users.
     *
     * @param label the text
     * @return the status
     * @throws IllegalArgumentException naming the text and the accepted labels
     */
    public static ProcessStatus parse(String label) {
        return Labeled.parse(ProcessStatus.class, "status", label);
    }
}
