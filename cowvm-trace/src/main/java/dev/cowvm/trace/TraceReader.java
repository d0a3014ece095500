package dev.cowvm.trace;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * A stream of memory accesses read from a trace, one record at a time, with nothing
 * allocated per record: {@link #next()} moves to the next record, and {@link #kind()},
 * {@link #address()} and {@link #size()} describe it until the next call.
 *
 * <pre>{@code
 * try (TraceReader trace = TraceReader.open(Path.of("sort.cvt"), false)) {
 *     while (trace.next()) {
 *         use(trace.kind(), trace.address(), trace.size());
 *     }
 * }
 * }</pre>
 *
 * <p>{@link #open} recognises the format by its first bytes, never by the file's name: gzip
 * (1f 8b) is unwrapped, then the cowvm binary magic ({@code CVTR}) selects the binary
 * reader, and anything else is read as valgrind lackey text.
 *
 * <p>A malformed record is a {@link TraceException} naming the place. A lenient reader
 * instead skips it and counts it ({@link #skipped()}), keeping the first few messages.
 * The binary format cannot resynchronise after a bad record, so leniency there only
 * accepts a trace cut short (no end mark, or a truncated gzip stream).
 */
public interface TraceReader extends Closeable {
    /** Records larger than this are malformed: an access touches at most two pages. */
    int MAX_SIZE = 4096;
    /** How many skipped-record messages a lenient reader keeps. */
    int KEPT_PROBLEMS = 5;

    /**
     * Moves to the next record.
     *
     * @return false at the end of the trace
     * @throws TraceException on a malformed record (strict) or a damaged file
     */
    boolean next() throws IOException;

    /** The current record's kind. */
    AccessKind kind();

    /** The current record's first byte address. */
    long address();

    /** The current record's size in bytes, 1 to {@link #MAX_SIZE}. */
    int size();

    /** Records returned so far, the current one included. */
    long records();

    /** Where the current record is: {@code file:line}, or {@code file: record N}. */
    String where();

    /** The format read. */
    TraceFormat format();

    /** True if the file was gzip-compressed. */
    boolean compressed();

    /** The trace's name as given when opened (the path, for files). */
    String name();

    /** Malformed records (or a cut-short end) skipped, in lenient mode; 0 when strict. */
    long skipped();

    /** The first {@link #KEPT_PROBLEMS} messages about skipped records. */
    List<String> problems();

    /**
     * Opens a trace file, recognising its format by content.
     *
     * @param lenient skip malformed records instead of failing
     * @throws java.nio.file.NoSuchFileException if it does not exist
     * @throws TraceException if it is gzip but not valid gzip
     */
    static TraceReader open(Path path, boolean lenient) throws IOException {
        return open(path.toString(), Files.newInputStream(path), lenient);
    }

    /**
     * Reads a trace from a stream, recognising its format by content. The reader closes the
     * stream.
     */
    static TraceReader open(String name, InputStream in, boolean lenient) throws IOException {
        BufferedInputStream outer = new BufferedInputStream(in, 1 << 16);
        boolean gzip = false;
        InputStream body = outer;
        try {
            if (startsWith(outer, new byte[] {(byte) 0x1f, (byte) 0x8b})) {
                gzip = true;
                try {
                    body = new BufferedInputStream(new GZIPInputStream(outer, 1 << 16), 1 << 16);
                } catch (ZipException | java.io.EOFException e) {
                    throw new TraceException(name, "not a valid gzip file (" + e.getMessage() + ")", e);
                }
            }
            if (startsWith(body, BinaryTraceFormat.MAGIC)) {
                return new BinaryTraceReader(name, body, gzip, lenient);
            }
            return new LackeyTraceReader(name, body, gzip, lenient);
        } catch (IOException | RuntimeException e) {
            outer.close();
            if (e instanceof TraceException || !(e instanceof ZipException || e instanceof java.io.EOFException)) {
                throw e;
            }
            throw new TraceException(name, "damaged gzip data (" + e.getMessage() + ")", e);
        }
    }

    private static boolean startsWith(InputStream in, byte[] prefix) throws IOException {
        in.mark(prefix.length);
        byte[] got = in.readNBytes(prefix.length);
        in.reset();
        return java.util.Arrays.equals(got, prefix);
    }
}
