package dev.cowvm.trace;

/**
 * The cowvm binary trace format, version 1: what {@code cowvm record} writes. Documented
 * for users in docs/traces.md; this is the one place the code defines it.
 *
 * <pre>
 * header   8 bytes    'C' 'V' 'T' 'R', version (1), three zero bytes
 * record   1 byte     kind (bits 7-6: 0 I, 1 L, 2 S, 3 M) | size (bits 5-0)
 *          [varint]   only when the size bits are 0: the size (64 to 4096), or 0 for the end mark
 *          varint     the address, as the zigzag-encoded difference from the previous
 *                     address of the same stream: instruction fetches form one stream,
 *                     loads, stores and modifies the other; both start at 0
 * end mark 1 byte 0x00, varint 0, varint the number of records
 * </pre>
 *
 * A varint is LEB128: seven bits a byte, least significant first, the high bit set on every
 * byte but the last; at most ten bytes. Zigzag maps a signed difference d to
 * {@code (d << 1) ^ (d >> 63)}, so small steps either way take one or two bytes. The two
 * streams are kept apart because code and data live far from each other while each moves
 * in small steps: a typical record takes two to three bytes before compression. The end
 * mark tells a complete trace from a cut-short one. The whole file is usually gzip
 * compressed, which readers recognise by its own magic number.
 */
final class BinaryTraceFormat {
    static final byte[] MAGIC = {'C', 'V', 'T', 'R'};
    static final int VERSION = 1;
    static final int HEADER_LENGTH = 8;
    /** Sizes up to this fit in the record's first byte. */
    static final int INLINE_SIZE_MAX = 63;
    /** The longest record: a header byte and two ten-byte varints. */
    static final int MAX_RECORD = 21;

    private BinaryTraceFormat() {
    }

    static long zigzag(long d) {
        return (d << 1) ^ (d >> 63);
    }

    static long unzigzag(long z) {
        return (z >>> 1) ^ -(z & 1);
    }
}
