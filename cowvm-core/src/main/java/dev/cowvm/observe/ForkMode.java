package dev.cowvm.observe;

import dev.cowvm.Labeled;

/** How fork gives the child its memory. Labels: {@code cow}, {@code copy}. */
public enum ForkMode implements Labeled {
    /**
     * Copy the parent's page tables, not its data: every present page is shared, writable
     * ones become read-only and marked copy-on-write in both processes. The default, and
     * what every modern kernel does.
     */
    COW,
    /**
     * The naive baseline: copy every present page at fork, as the first Unix kernels did.
     * Exists so the two can be compared on the same workload.
     */
    COPY;

    /**
     * Parses {@code cow} or {@code copy}.
     *
     * @param label the text
     * @return the mode
     * @throws IllegalArgumentException naming the text and the accepted labels
     */
    public static ForkMode parse(String label) {
        return Labeled.parse(ForkMode.class, "fork mode", label);
    }

    @Override
    public String toString() {
        return label();
    }
}
