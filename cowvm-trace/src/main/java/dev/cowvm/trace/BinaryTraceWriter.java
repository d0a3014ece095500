package dev.cowvm.trace;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes the cowvm binary trace format ({@link BinaryTraceFormat}) to a stream, which it
 * owns and closes. Wrap the stream in a {@code GZIPOutputStream} for a compressed file.
 * {@link #close()} writes the end mark; a trace without it reads as cut short.
 */
public final class BinaryTraceWriter implements Closeable {
    private final OutputStream out;
    private final byte[] buf = new byte[1 << 16];
    private int pos;
    private long previousInstruction;
    private long previousData;
    private long records;
    private boolean closed;

    public BinaryTraceWriter(OutputStream out) throws IOException {
        this.out = out;
        System.arraycopy(BinaryTraceFormat.MAGIC, 0, buf, 0, 4);
        buf[4] = BinaryTraceFormat.VERSION;
        pos = BinaryTraceFormat.HEADER_LENGTH;
    }

    /**
     * Appends one record.
     *
     * @throws IllegalArgumentException if the size is not 1 to {@value TraceReader#MAX_SIZE}
     */
    public void write(AccessKind kind, long address, int size) throws IOException {
        if (size < 1 || size > TraceReader.MAX_SIZE) {
            throw new IllegalArgumentException("size " + size + " must be 1 to " + TraceReader.MAX_SIZE);
        }
        if (closed) {
            throw new IllegalStateException("the trace is closed");
        }
        if (pos > buf.length - BinaryTraceFormat.MAX_RECORD) {
            flushBuffer();
        }
        int k = kind.ordinal() << 6;
        if (size <= BinaryTraceFormat.INLINE_SIZE_MAX) {
            buf[pos++] = (byte) (k | size);
        } else {
            buf[pos++] = (byte) k;
            varint(size);
        }
        long delta;
        if (kind == AccessKind.INSTRUCTION) {
            delta = address - previousInstruction;
            previousInstruction = address;
        } else {
            delta = address - previousData;
            previousData = address;
        }
        varint(BinaryTraceFormat.zigzag(delta));
        records++;
    }

    /** Records written so far. */
    public long records() {
        return records;
    }

    private void varint(long v) {
        while ((v & ~0x7FL) != 0) {
            buf[pos++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[pos++] = (byte) v;
    }

    private void flushBuffer() throws IOException {
        out.write(buf, 0, pos);
        pos = 0;
    }

    /** Writes the end mark and the record count, and closes the stream. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try (out) {
            if (pos > buf.length - BinaryTraceFormat.MAX_RECORD) {
                flushBuffer();
            }
            buf[pos++] = 0;
            varint(0);
            varint(records);
            flushBuffer();
        }
    }
}
