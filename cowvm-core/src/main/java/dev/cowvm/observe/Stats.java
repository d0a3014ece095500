package dev.cowvm.observe;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** An immutable snapshot of the counters, of the whole kernel or of one process. */
public final class Stats {
    private final long[] values;

    /** @param values one value per {@link Counter}, by ordinal; copied */
    public Stats(long[] values) {
        if (values.length != Counter.values().length) {
            throw new IllegalArgumentException("expected " + Counter.values().length + " values, got " + values.length);
        }
        this.values = values.clone();
    }

    /** The value of one counter. */
    public long get(Counter counter) {
        return values[counter.ordinal()];
    }

    /** Every counter by its stable name, in declaration order. */
    public Map<String, Long> asMap() {
        Map<String, Long> m = new LinkedHashMap<>();
        for (Counter c : Counter.values()) {
            m.put(c.label(), values[c.ordinal()]);
        }
        return Collections.unmodifiableMap(m);
    }

    @Override
    public String toString() {
        return asMap().toString();
    }
}
