package dev.cowvm.script;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/**
 * The literal forms of the language: numbers ({@code 42}, {@code 0x2a}), sizes ({@code 4KiB},
 * {@code 64MiB}, {@code 0x1000}), addresses ({@code 0x40000000}, {@code heap},
 * {@code heap+16}) and data ({@code "text"} or {@code 0xdeadbeef}). Each parser throws
 * {@link IllegalArgumentException} with a message fit for the user; the parser adds where.
 */
final class Values {
    /** Sizes and addresses above this are refused: far beyond any machine, and safe from overflow. */
    static final long MAX = 1L << 52;
    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB"};

    private Values() {
    }

    /**
     * A plain number: decimal, or hex with {@code 0x}. Only ASCII digits count: Java's
     * {@code Character.digit} would also read the digits of other scripts ({@code ４}, {@code ٤}).
     */
    static long number(String text) {
        boolean hex = text.startsWith("0x") || text.startsWith("0X");
        String digits = hex ? text.substring(2) : text;
        int radix = hex ? 16 : 10;
        if (digits.isEmpty() || !digits.chars().allMatch(c -> asciiDigit(c, radix))) {
            throw new IllegalArgumentException("'" + text + "' is not a number (write 42 or 0x2a)");
        }
        BigInteger v = new BigInteger(digits, radix);
        if (v.bitLength() > 52) {
            throw new IllegalArgumentException("'" + text + "' is too large (at most 2^52)");
        }
        return v.longValue();
    }

    /** True if {@code c} is an ASCII digit of the radix: 0-9, and a-f or A-F in hex. */
    static boolean asciiDigit(int c, int radix) {
        return c < 128 && Character.digit(c, radix) >= 0;
    }

    /** A size: a number with an optional unit B, KiB, MiB, GiB or TiB. */
    static long size(String text) {
        if (text.startsWith("0x") || text.startsWith("0X")) {
            return number(text); // hex takes no unit
        }
        int split = text.length();
        while (split > 0 && Character.isLetter(text.charAt(split - 1))) {
            split--;
        }
        String unit = text.substring(split);
        String digits = text.substring(0, split);
        if (digits.isEmpty()) {
            throw new IllegalArgumentException("'" + text + "' is not a size (write 4096, 4KiB or 64MiB)");
        }
        long multiplier = 1;
        if (!unit.isEmpty()) {
            int u = java.util.Arrays.asList(UNITS).indexOf(unit);
            if (u < 0) {
                throw new IllegalArgumentException("unknown unit '" + unit + "' in '" + text
                        + "' (use B, KiB, MiB, GiB or TiB)");
            }
            multiplier = 1L << (10 * u);
        }
        long n;
        try {
            n = number(digits);
        } catch (IllegalArgumentException e) {
            if (e.getMessage().contains("too large")) {
                throw e;
            }
            throw new IllegalArgumentException("'" + text + "' is not a size (write 4096, 4KiB or 64MiB)");
        }
        if (n > MAX / multiplier) {
            throw new IllegalArgumentException("size '" + text + "' is too large");
        }
        return n * multiplier;
    }

    /** A signed size for brk: {@code +64KiB} or {@code -4KiB}. */
    static long signedSize(String text) {
        if (text.startsWith("+")) {
            return size(text.substring(1));
        }
        if (text.startsWith("-")) {
            return -size(text.substring(1));
        }
        throw new IllegalArgumentException("'" + text + "' needs a sign: +64KiB grows the heap, -4KiB shrinks it");
    }

    /** A byte value: 0 to 255, decimal or hex. */
    static int byteValue(String text) {
        long v = number(text);
        if (v > 255) {
            throw new IllegalArgumentException("'" + text + "' is not a byte (0 to 255, or 0x00 to 0xff)");
        }
        return (int) v;
    }

    /** Hex data: {@code 0xdeadbeef} is the bytes de ad be ef, in that order. */
    static byte[] hexBytes(String text) {
        String hex = text.substring(2);
        if (hex.isEmpty() || hex.length() % 2 != 0 || !hex.chars().allMatch(c -> asciiDigit(c, 16))) {
            throw new IllegalArgumentException("'" + text + "' is not hex data (an even number of hex digits after 0x)");
        }
        byte[] out = new byte[hex.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }

    /** Data as a string (UTF-8) or hex bytes. */
    static byte[] data(Token t) {
        if (t.quoted()) {
            return t.text().getBytes(StandardCharsets.UTF_8);
        }
        if (t.text().startsWith("0x")) {
            return hexBytes(t.text());
        }
        throw new IllegalArgumentException("'" + t.text() + "' is not data (write \"text\" or hex bytes like 0xdeadbeef)");
    }

    /** An address: a number, a region name, or {@code name+offset}. */
    static Address address(String text) {
        if (!text.isEmpty() && asciiDigit(text.charAt(0), 10)) {
            return new Address(null, number(text));
        }
        int plus = text.indexOf('+');
        String name = plus < 0 ? text : text.substring(0, plus);
        if (!Parser.isName(name)) {
            throw new IllegalArgumentException("'" + text + "' is not an address (write 0x40000000, heap or heap+16)");
        }
        return new Address(name, plus < 0 ? 0 : size(text.substring(plus + 1)));
    }

    /** Bytes shown as a quoted string if printable, else as hex. */
    static String show(byte[] data) {
        boolean printable = data.length > 0;
        for (byte b : data) {
            printable &= b >= 32 && b < 127 && b != '"' && b != '\\';
        }
        if (printable && data.length <= 256) {
            return "\"" + new String(data, StandardCharsets.US_ASCII) + "\"";
        }
        if (printable) {
            return "\"" + new String(data, 0, 256, StandardCharsets.US_ASCII) + "\"... (" + data.length + " bytes)";
        }
        StringBuilder s = new StringBuilder("0x");
        for (int i = 0; i < Math.min(data.length, 64); i++) {
            s.append(String.format("%02x", data[i] & 0xFF));
        }
        if (data.length > 64) {
            s.append("... (").append(data.length).append(" bytes)");
        }
        return s.toString();
    }
}
