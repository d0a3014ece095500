package dev.cowvm.kernel;

import dev.cowvm.mmu.Access;
import dev.cowvm.mmu.Pte;

/**
 * The permissions of a region: any of read, write, execute, or none.
 *
 * <p>Write implies read, as Linux does on RISC-V: the format reserves W without R, so a
 * {@code PROT_WRITE}-only mapping is readable too.
 *
 * @param read    loads allowed
 * @param write   stores allowed (implies read)
 * @param execute instruction fetches allowed
 */
public record Protection(boolean read, boolean write, boolean execute) {
    public static final Protection NONE = new Protection(false, false, false);
    public static final Protection R = new Protection(true, false, false);
    public static final Protection RW = new Protection(true, true, false);
    public static final Protection RX = new Protection(true, false, true);
    public static final Protection RWX = new Protection(true, true, true);

    public Protection {
        if (write) {
            read = true;
        }
    }

    /** True if an access of this kind is allowed. */
    public boolean permits(Access access) {
        return switch (access) {
            case READ -> read;
            case WRITE -> write;
            case EXECUTE -> execute;
        };
    }

    /** True if no access at all is allowed. */
    public boolean isNone() {
        return !read && !write && !execute;
    }

    /** The leaf bits R, W, X for this protection. */
    long pteBits() {
        return (read ? Pte.R : 0) | (write ? Pte.W : 0) | (execute ? Pte.X : 0);
    }

    /** {@code r}, {@code rw}, {@code rx}, {@code rwx}, {@code x} or {@code none}. */
    public String label() {
        if (isNone()) {
            return "none";
        }
        return (read ? "r" : "") + (write ? "w" : "") + (execute ? "x" : "");
    }

    /**
     * Parses {@code r}, {@code rw}, {@code rx}, {@code rwx}, {@code x}, {@code w} (read and
     * write) or {@code none}: each letter at most once, in the order r, w, x.
     */
    public static Protection parse(String label) {
        if (label.equals("none")) {
            return NONE;
        }
        if (!label.matches("r?w?x?") || label.isEmpty()) {
            throw new IllegalArgumentException("bad protection '" + label
                    + "'; expected r, rw, rx, rwx, x or none");
        }
        return new Protection(label.indexOf('r') >= 0, label.indexOf('w') >= 0, label.indexOf('x') >= 0);
    }

    @Override
    public String toString() {
        return label();
    }
}
