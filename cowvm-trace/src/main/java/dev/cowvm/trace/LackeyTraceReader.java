package dev.cowvm.trace;

import java.io.IOException;
import java.io.InputStream;

/**
 * Reads valgrind lackey's {@code --trace-mem=yes} output:
 *
 * <pre>
 * I  0400d7d4,8      an instruction fetch of 8 bytes at 0x400d7d4
 *  L 04f6b868,8      a load
 *  S 7ff000398,8     a store
 *  M 0421c7f0,4      a modify (load and store)
 * ==1234== ...       valgrind's own log: skipped, as are lines starting with -- and blank lines
 * </pre>
 *
 * A record is: optional blanks, the kind letter, one or more blanks, the address in
 * hexadecimal (1 to 16 digits, an optional {@code 0x}), a comma, the size in decimal (1 to
 * {@value TraceReader#MAX_SIZE}), optional trailing blanks or a carriage return.
 *
 * <p>The parser works on the bytes in the buffer: it finds the end of the line, decodes the
 * fields with a lookup table, and builds a string only to describe a malformed line.
 */
final class LackeyTraceReader extends BufferedTraceReader {
    private static final int RECORD = 0;
    private static final int BLANK = 1;
    private static final int BAD = 2;
    /** Lines longer than the buffer cannot be records; such a line is consumed and reported. */
    private static final int LONG_LINE = -2;
    private static final byte[] HEX = new byte[256];

    static {
        java.util.Arrays.fill(HEX, (byte) -1);
        for (int c = '0'; c <= '9'; c++) {
            HEX[c] = (byte) (c - '0');
        }
        for (int c = 'a'; c <= 'f'; c++) {
            HEX[c] = (byte) (c - 'a' + 10);
            HEX[c - 'a' + 'A'] = (byte) (c - 'a' + 10);
        }
    }

    private long line;
    private String problem;

    LackeyTraceReader(String name, InputStream in, boolean compressed, boolean lenient) {
        super(name, in, compressed, lenient);
    }

    @Override
    public TraceFormat format() {
        return TraceFormat.LACKEY;
    }

    @Override
    public String where() {
        return name() + ":" + line;
    }

    @Override
    public boolean next() throws IOException {
        for (;;) {
            int end = lineEnd();
            if (end == -1) {
                return false;
            }
            line++;
            if (end == LONG_LINE) {
                malformed(where(), "the line is longer than " + BUFFER + " bytes: not a lackey trace record");
                continue;
            }
            int start = pos;
            pos = end < limit ? end + 1 : end;
            int outcome = parse(start, end);
            if (outcome == RECORD) {
                records++;
                return true;
            }
            if (outcome == BAD) {
                malformed(where(), problem + ", in: " + snippet(start, end));
            }
        }
    }

    /**
     * The index of the next line's end (its newline, or the end of the data for a last line
     * without one), reading more as needed; -1 when no line is left; {@link #LONG_LINE} when
     * a line too long for the buffer was consumed.
     */
    private int lineEnd() throws IOException {
        int i = pos;
        for (;;) {
            byte[] b = buf;
            int lim = limit;
            for (; i < lim; i++) {
                if (b[i] == '\n') {
                    return i;
                }
            }
            if (eof) {
                return pos < limit ? limit : -1;
            }
            if (pos == 0 && limit == buf.length) {
                discardLongLine();
                return LONG_LINE;
            }
            int scanned = i - pos;
            fill();
            i = pos + scanned;
        }
    }

    /** Drops bytes up to and including the next newline (or to the end of the data). */
    private void discardLongLine() throws IOException {
        for (;;) {
            for (int i = pos; i < limit; i++) {
                if (buf[i] == '\n') {
                    pos = i + 1;
                    return;
                }
            }
            pos = limit;
            if (!fill() && eof) {
                return;
            }
        }
    }

    private int parse(int start, int end) {
        byte[] b = buf;
        int i = start;
        while (i < end && (b[i] == ' ' || b[i] == '\t')) {
            i++;
        }
        if (i == end || (i + 1 == end && b[i] == '\r')) {
            return BLANK;
        }
        byte c = b[i];
        if ((c == '=' || c == '-') && i + 1 < end && b[i + 1] == c) {
            return BLANK; // valgrind's log: ==pid== and --pid--
        }
        AccessKind k;
        switch (c) {
            case 'I' -> k = AccessKind.INSTRUCTION;
            case 'L' -> k = AccessKind.LOAD;
            case 'S' -> k = AccessKind.STORE;
            case 'M' -> k = AccessKind.MODIFY;
            default -> {
                return bad("expected a record kind I, L, S or M");
            }
        }
        i++;
        if (i >= end || (b[i] != ' ' && b[i] != '\t')) {
            return bad("expected a blank after '" + (char) c + "'");
        }
        while (i < end && (b[i] == ' ' || b[i] == '\t')) {
            i++;
        }
        if (i + 1 < end && b[i] == '0' && (b[i + 1] == 'x' || b[i + 1] == 'X')) {
            i += 2;
        }
        long addr = 0;
        int digits = 0;
        int d;
        while (i < end && (d = HEX[b[i] & 0xFF]) >= 0) {
            addr = (addr << 4) | d;
            digits++;
            i++;
        }
        if (digits == 0) {
            return bad("expected an address in hexadecimal");
        }
        if (digits > 16 && !fitsIn64Bits(i, digits)) {
            return bad("the address has more than 64 bits");
        }
        if (i >= end || b[i] != ',') {
            return bad("expected ',' and a size after the address");
        }
        i++;
        int sz = 0;
        int sizeDigits = 0;
        while (i < end && b[i] >= '0' && b[i] <= '9') {
            if (sz <= MAX_SIZE) {
                sz = sz * 10 + (b[i] - '0');
            }
            sizeDigits++;
            i++;
        }
        if (sizeDigits == 0) {
            return bad("expected a size in bytes after ','");
        }
        while (i < end && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r')) {
            i++;
        }
        if (i != end) {
            return bad("unexpected text after the size");
        }
        if (sz < 1 || sz > MAX_SIZE) {
            return bad("the size must be 1 to " + MAX_SIZE + " bytes");
        }
        kind = k;
        address = addr;
        size = sz;
        return RECORD;
    }

    /** More than 16 digits is fine only when the extra ones are leading zeros. */
    private boolean fitsIn64Bits(int digitsEnd, int digits) {
        for (int j = digitsEnd - digits; j < digitsEnd - 16; j++) {
            if (buf[j] != '0') {
                return false;
            }
        }
        return true;
    }

    private int bad(String what) {
        problem = what;
        return BAD;
    }

    /** The line, quoted, at most 60 characters, with control and non-ASCII bytes escaped. */
    private String snippet(int start, int end) {
        StringBuilder s = new StringBuilder("'");
        int stop = Math.min(end, start + 60);
        for (int j = start; j < stop; j++) {
            int ch = buf[j] & 0xFF;
            if (ch >= 0x20 && ch < 0x7f) {
                s.append((char) ch);
            } else if (ch == '\r' && j == end - 1) {
                break;
            } else {
                s.append(String.format("\\x%02x", ch));
            }
        }
        s.append(stop < end ? "...'" : "'");
        return s.toString();
    }
}
