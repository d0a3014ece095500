package dev.cowvm.script;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/**
 * The literal forms of the language: numbers ({@code 42}, {@code 0x2a}), sizes ({@code 4KiB},
 * {@code 64MiB}, {@code 0x1000}, and sums and products of them: {@code 4KiB*3+16}), addresses
 * ({@code 0x40000000}, {@code heap}, {@code heap+16}, {@code heap+1MiB+10},
 * {@code heap+4KiB*3}) and data ({@code "text"} or {@code 0xdeadbeef}). Each parser throws
 * {@link IllegalArgumentException} with a message fit for the user; the parser adds where
 * (a {@link ValueException} also says where in the word).
 *
 * <p>Arithmetic in sizes and addresses: {@code *} before {@code +} and {@code -}, then left to
 * right, with no spaces and no parentheses (an address is one word). Every step is exact and
 * every result is from 0 to 2^52: a larger one, or a negative one, is an error, never a
 * wrapped number.
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
            if (u < 0 && !unit.matches("(?i)[kmgtpe]?i?b?")) {
                throw new IllegalArgumentException("'" + text + "' is not a number or a size (write 42, 0x2a or 4KiB)");
            }
            if (u < 0) {
                // 64MB or 64mib: the binary unit of the same letter is what the language has
                char letter = Character.toUpperCase(unit.charAt(0));
                String close = "KMGT".indexOf(letter) >= 0 ? letter + "iB"
                        : Suggest.closest(unit, java.util.Arrays.asList(UNITS));
                throw new ValueException("unknown unit '" + unit + "' in '" + text + "' (use B, KiB, MiB, GiB or TiB)"
                        + (close != null ? "; did you mean " + close + "?" : ""), 0);
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

    /**
     * Sizes joined by {@code +}, {@code -} and {@code *}: {@code 4KiB*3+16}. A single size is
     * the simplest case.
     *
     * @throws ValueException naming the term at fault and where it starts
     */
    static long sizeExpression(String text) {
        if (text.startsWith("-") || text.startsWith("+")) {
            throw new ValueException("'" + text + "' has a sign; a size is 0 or more (only brk takes +SIZE or -SIZE)",
                    0);
        }
        long v = sum(text, 0);
        if (v < 0) {
            throw new ValueException("'" + text + "' is " + v + ": a size cannot be negative", 0);
        }
        return v;
    }

    /**
     * Terms joined by {@code +} and {@code -}, each a product of sizes, evaluated exactly;
     * {@code base} is the offset of {@code text} in its word, for the error's position.
     */
    private static long sum(String text, int base) {
        long total = 0;
        int start = 0;
        char op = '+';
        for (int i = 0; i <= text.length(); i++) {
            char c = i < text.length() ? text.charAt(i) : 0;
            if (c == '+' || c == '-' || c == 0) {
                long term = product(text.substring(start, i), base + start);
                total = op == '+' ? total + term : total - term; // |terms| <= 2^52: no overflow
                if (Math.abs(total) > MAX) {
                    throw new ValueException("'" + text + "' is too large (at most 2^52)", base);
                }
                op = c;
                start = i + 1;
            }
        }
        return total;
    }

    private static long product(String text, int base) {
        if (text.isEmpty()) {
            throw new ValueException("a number or size is missing before or after an operator (+ - *)", base);
        }
        long v = 1;
        int start = 0;
        for (int i = 0; i <= text.length(); i++) {
            if (i == text.length() || text.charAt(i) == '*') {
                String factor = text.substring(start, i);
                if (factor.isEmpty()) {
                    throw new ValueException("a number or size is missing before or after '*'", base + start);
                }
                long f;
                try {
                    f = size(factor);
                } catch (ValueException e) {
                    throw new ValueException(e.getMessage(), base + start + e.offset);
                } catch (IllegalArgumentException e) {
                    throw new ValueException(e.getMessage(), base + start);
                }
                if (f != 0 && v > MAX / f) {
                    throw new ValueException("'" + text + "' is too large (at most 2^52)", base);
                }
                v *= f;
                start = i + 1;
            }
        }
        return v;
    }

    /** A signed size for brk: {@code +64KiB} or {@code -4KiB} (arithmetic allowed after the sign). */
    static long signedSize(String text) {
        if (text.startsWith("+") || text.startsWith("-")) {
            long v;
            try {
                v = sizeExpression(text.substring(1));
            } catch (ValueException e) {
                throw new ValueException(e.getMessage(), e.offset + 1);
            }
            return text.startsWith("+") ? v : -v;
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

    /**
     * An address: a number, a region name, or a region name plus an offset; the number and
     * the offset may be sums and products of sizes ({@code 0x40000000+4KiB*2},
     * {@code heap+1MiB+10}, {@code heap+4KiB*3-16}). The region comes first, once; what
     * follows it is added, and may not come to less than 0.
     */
    static Address address(String text) {
        if (!text.isEmpty() && asciiDigit(text.charAt(0), 10)) {
            long v = sum(text, 0);
            if (v < 0) {
                throw new ValueException("'" + text + "' is " + v + ": an address cannot be negative", 0);
            }
            return new Address(null, v);
        }
        int plus = text.indexOf('+');
        String name = plus < 0 ? text : text.substring(0, plus);
        int star = name.indexOf('*');
        if (star > 0 && Parser.isName(name.substring(0, star))) {
            throw new ValueException("a region's address is not multiplied: the offset is, as in "
                    + name.substring(0, star) + "+4KiB*3", star);
        }
        if (!Parser.isName(name)) {
            throw new IllegalArgumentException("'" + text + "' is not an address (write 0x40000000, heap, heap+16"
                    + " or heap+4KiB*3)");
        }
        if (plus < 0) {
            return new Address(name, 0);
        }
        long offset = sum(text.substring(plus + 1), plus + 1);
        if (offset < 0) {
            throw new ValueException("the offset in '" + text + "' is " + offset + ": an address is a region plus"
                    + " 0 or more (write a number for an address below a region)", plus + 1);
        }
        return new Address(name, offset);
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
