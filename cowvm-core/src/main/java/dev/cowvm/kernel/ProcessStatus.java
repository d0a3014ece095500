package dev.cowvm.kernel;

/** Whether a process runs, and if not, how it ended. */
public enum ProcessStatus {
    /** Alive. */
    RUNNING,
    /** Ended by calling exit; see {@link Process#exitCode()}. */
    EXITED,
    /** Killed by a segmentation fault (an access outside its regions or their permissions). */
    SEGV,
    /** Killed because a page fault needed a frame and the pool was empty. */
    OOM,
    /** Killed by {@link Kernel#kill}. */
    KILLED;

    /** Lower-case name, as in scenarios and JSON: {@code running}, {@code segv}, ... */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Parses a label as written by users. */
    public static ProcessStatus parse(String label) {
        for (ProcessStatus s : values()) {
            if (s.label().equals(label)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown status '" + label
                + "'; expected running, exited, segv, oom or killed");
    }
}
