package dev.cowvm.trace;

import dev.cowvm.Labeled;

/** The trace formats cowvm reads; each may also come gzip-compressed. */
public enum TraceFormat implements Labeled {
    /** valgrind's lackey tool, {@code --trace-mem=yes}: one access a line, as text. */
    LACKEY("lackey", "valgrind lackey text"),
    /** cowvm's own compact format (docs/traces.md), written by {@code cowvm record}. */
    BINARY("cowvm-binary", "cowvm binary trace");

    private final String key;
    private final String description;

    TraceFormat(String key, String description) {
        this.key = key;
        this.description = description;
    }

    /** The stable name used in JSON: {@code lackey}, {@code cowvm-binary}. */
    @Override
    public String label() {
        return key;
    }

    /** In words, for people. */
    public String description() {
        return description;
    }
}
