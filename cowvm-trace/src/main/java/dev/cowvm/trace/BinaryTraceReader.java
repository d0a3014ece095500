package dev.cowvm.trace;

import java.io.IOException;
import java.io.InputStream;

/**
 * Reads the cowvm binary trace format ({@link BinaryTraceFormat}). Decodes straight from
 * the buffer: the buffer is topped up whenever fewer bytes than the longest record remain,
 * so decoding a record never checks for the end of the data in the middle.
 */
final class BinaryTraceReader extends BufferedTraceReader {
    private long previousInstruction;
    private long previousData;
    private boolean ended;
    /** Set when a varint ran past the end of the data: the record is cut short. */
    private boolean truncated;

    BinaryTraceReader(String name, InputStream in, boolean compressed, boolean lenient) throws IOException {
        super(name, in, compressed, lenient);
        while (limit < BinaryTraceFormat.HEADER_LENGTH && fill()) {
            // read the header
        }
        if (limit < BinaryTraceFormat.HEADER_LENGTH) {
            throw new TraceException(name, "the cowvm binary trace header is cut short");
        }
        int version = buf[4] & 0xFF;
        if (version != BinaryTraceFormat.VERSION) {
            throw new TraceException(name, "cowvm binary trace version " + version
                    + " is not supported (this cowvm reads version " + BinaryTraceFormat.VERSION + ")");
        }
        pos = BinaryTraceFormat.HEADER_LENGTH;
    }

    @Override
    public TraceFormat format() {
        return TraceFormat.BINARY;
    }

    @Override
    public String where() {
        return name() + ": record " + (records + 1);
    }

    @Override
    public boolean next() throws IOException {
        if (ended) {
            return false;
        }
        if (limit - pos < BinaryTraceFormat.MAX_RECORD && !eof) {
            while (fill()) {
                if (limit - pos >= BinaryTraceFormat.MAX_RECORD) {
                    break;
                }
            }
        }
        if (pos >= limit) {
            return cutShort("the trace ends after " + records + " records without its end mark");
        }
        int h = buf[pos++] & 0xFF;
        int sz = h & 0x3F;
        if (sz == 0) {
            long v = varint();
            if (truncated) {
                return cutShort("the trace ends in the middle of record " + (records + 1));
            }
            if (v == 0) {
                return endMark();
            }
            if (v < 0 || v > MAX_SIZE) {
                throw new TraceException(where(), "the size " + Long.toUnsignedString(v) + " is out of range 1 to " + MAX_SIZE);
            }
            sz = (int) v;
        }
        long delta = BinaryTraceFormat.unzigzag(varint());
        if (truncated) {
            return cutShort("the trace ends in the middle of record " + (records + 1));
        }
        AccessKind k = AccessKind.ofOrdinal(h >>> 6);
        if (k == AccessKind.INSTRUCTION) {
            address = previousInstruction += delta;
        } else {
            address = previousData += delta;
        }
        kind = k;
        size = sz;
        records++;
        return true;
    }

    private long varint() throws TraceException {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos >= limit) {
                truncated = true;
                return 0;
            }
            int b = buf[pos++];
            v |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return v;
            }
        }
        throw new TraceException(where(), "a number in the record is longer than ten bytes: not a cowvm binary trace");
    }

    private boolean endMark() throws IOException {
        String at = name() + ": end mark";
        long count = varint();
        if (truncated) {
            return cutShort("the trace ends in the middle of its end mark");
        }
        if (count != records) {
            throw new TraceException(at, "the end mark counts " + Long.toUnsignedString(count)
                    + " records but the file holds " + records);
        }
        ended = true;
        if (pos < limit || fill()) {
            throw new TraceException(at, "there are bytes after the end mark");
        }
        return false;
    }

    private boolean cutShort(String what) throws TraceException {
        ended = true;
        String problem = what + ": the file is cut short";
        if (!lenient) {
            throw new TraceException(name(), problem, true, null);
        }
        skip(name() + ": " + problem);
        return false;
    }
}
