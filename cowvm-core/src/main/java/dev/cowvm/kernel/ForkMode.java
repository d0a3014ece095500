package dev.cowvm.kernel;

/** How fork gives the child its memory. */
public enum ForkMode {
    /**
     * Copy the parent's page tables, not its data: every present page is shared, writable
     * ones become read-only and marked copy-on-write in both processes. The default, and
     * what every modern kernel does.
     */
    COW("cow"),
    /**
     * The naive baseline: copy every present page at fork, as the first Unix kernels did.
     * Exists so the two can be compared on the same workload.
     */
    COPY("copy");

    private final String label;

    ForkMode(String label) {
        this.label = label;
    }

    /** The mode's name as users write it: {@code cow} or {@code copy}. */
    public String label() {
        return label;
    }

    /** Parses {@code cow} or {@code copy}. */
    public static ForkMode parse(String label) {
        for (ForkMode m : values()) {
            if (m.label.equals(label)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown fork mode '" + label + "'; expected cow or copy");
    }

    @Override
    public String toString() {
        return label;
    }
}
