package dev.cowvm.trace;

import java.io.IOException;
import java.nio.file.Path;

/** Where a replayed process's accesses come from: opened afresh for every process that replays it. */
public interface TraceSource {
    /** How it is named in reports: the file's path as given. */
    String name();

    /** A reader from its first record. */
    TraceReader open() throws IOException;

    /** A trace file, in any format {@link TraceReader#open(Path, boolean)} recognises. */
    static TraceSource file(Path path, boolean lenient) {
        return new TraceSource() {
            @Override
            public String name() {
                return path.toString();
            }

            @Override
            public TraceReader open() throws IOException {
                return TraceReader.open(path, lenient);
            }
        };
    }
}
