package dev.cowvm.phys;

import dev.cowvm.Labeled;

/**
 * When the pool clears a frame's old contents, so that one process never reads another's
 * data.
 *
 * <p>Whatever the policy, a page-table page is always handed out zeroed (a stale entry would
 * map someone else's frame), and the target of a copy is never zeroed first (the copy
 * overwrites all of it), as in Linux, which asks for {@code __GFP_ZERO} only for the former.
 */
public enum ZeroPolicy implements Labeled {
    /**
     * Zero a frame when it is handed to a process for fresh memory: zero-fill-on-demand, the
     * default and what Linux does. Frames sit in the pool with their stale bytes; only the
     * frames actually reused are ever cleared.
     */
    ON_ALLOC(true),
    /**
     * Zero a frame as soon as it is released, so the pool never holds anyone's data. Costs a
     * clear for every freed frame, reused or not.
     */
    ON_FREE(true),
    /**
     * Never zero data frames. <strong>Insecure</strong>: a process may read what an earlier
     * process left in the frame it was given. Exists only to show the leak that
     * zero-fill-on-demand prevents; it is never the default and must be asked for by name.
     */
    NONE(false);

    private final boolean secure;

    ZeroPolicy(boolean secure) {
        this.secure = secure;
    }

    /** False only for {@link #NONE}, which lets stale data reach another process. */
    public boolean isSecure() {
        return secure;
    }

    /**
     * Parses a label as written by users ({@code on-alloc}, {@code on-free}, {@code none}).
     *
     * @throws IllegalArgumentException naming the label and the accepted ones
     */
    public static ZeroPolicy parse(String label) {
        return Labeled.parse(ZeroPolicy.class, "zero policy", label);
    }

    @Override
    public String toString() {
        return label();
    }
}
