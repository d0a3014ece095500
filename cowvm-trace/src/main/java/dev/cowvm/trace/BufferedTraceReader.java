package dev.cowvm.trace;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.zip.ZipException;

/**
 * What both readers share: a byte buffer refilled from the stream in large reads (the
 * parsers work on its bytes directly, so no line or record is ever an object), the
 * current record's fields, and the bookkeeping of skipped records.
 */
abstract class BufferedTraceReader implements TraceReader {
    static final int BUFFER = 1 << 16;

    private final String name;
    private final InputStream in;
    private final boolean compressed;
    final boolean lenient;
    final byte[] buf = new byte[BUFFER];
    int pos;
    int limit;
    boolean eof;

    AccessKind kind;
    long address;
    int size;
    long records;

    private long skipped;
    private final List<String> problems = new ArrayList<>();

    BufferedTraceReader(String name, InputStream in, boolean compressed, boolean lenient) {
        this.name = name;
        this.in = in;
        this.compressed = compressed;
        this.lenient = lenient;
    }

    /**
     * Moves the unread bytes to the front and reads more after them.
     *
     * @return false if the stream had nothing more (then {@link #eof} is set)
     */
    final boolean fill() throws IOException {
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, limit - pos);
            limit -= pos;
            pos = 0;
        }
        if (eof || limit == buf.length) {
            return false;
        }
        int n;
        try {
            n = in.read(buf, limit, buf.length - limit);
        } catch (EOFException e) {
            if (!lenient) {
                throw new TraceException(name, "the gzip data ends early: the file is cut short", true, e);
            }
            skip(name + ": the gzip data ends early: the file is cut short");
            n = -1;
        } catch (ZipException e) {
            throw new TraceException(name, "damaged gzip data (" + e.getMessage() + ")", e);
        }
        if (n < 0) {
            eof = true;
            return false;
        }
        limit += n;
        return true;
    }

    /** Reports a malformed record: fails when strict, counts and goes on when lenient. */
    final void malformed(String where, String problem) throws TraceException {
        if (!lenient) {
            throw new TraceException(where, problem, true, null);
        }
        skip(where + ": " + problem);
    }

    final void skip(String message) {
        skipped++;
        if (problems.size() < KEPT_PROBLEMS) {
            problems.add(message);
        }
    }

    @Override
    public final AccessKind kind() {
        return kind;
    }

    @Override
    public final long address() {
        return address;
    }

    @Override
    public final int size() {
        return size;
    }

    @Override
    public final long records() {
        return records;
    }

    @Override
    public final boolean compressed() {
        return compressed;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final long skipped() {
        return skipped;
    }

    @Override
    public final List<String> problems() {
        return Collections.unmodifiableList(problems);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
