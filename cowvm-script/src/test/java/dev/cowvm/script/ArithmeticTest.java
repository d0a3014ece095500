package dev.cowvm.script;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Arithmetic in addresses and sizes: {@code heap+1MiB+10}, {@code heap+4KiB*3},
 * {@code 4KiB*3-16}; {@code *} before {@code +} and {@code -}, then left to right, every step
 * exact, and a result that is negative or past 2^52 an error located at the word.
 */
class ArithmeticTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            heap              | heap | 0
            heap+16           | heap | 16
            heap+1MiB+10      | heap | 1048586
            heap+4KiB*3       | heap | 12288
            heap+4KiB*3+16    | heap | 12304
            heap+16+4KiB*3    | heap | 12304
            heap+2*3*4KiB     | heap | 24576
            heap+8KiB-16      | heap | 8176
            heap+16-16        | heap | 0
            heap+16-32+64     | heap | 48
            my-buf+1          | my-buf | 1
            0x40000000        |      | 1073741824
            0x40000000+4KiB*2 |      | 1073750016
            1GiB+0x10         |      | 1073741840
            """)
    void addresses(String text, String region, long offset) {
        assertThat(Values.address(text)).isEqualTo(new Address(region, offset));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            4KiB*3       | 12288
            4KiB*3-16    | 12272
            1MiB+1       | 1048577
            2*2*2        | 8
            0x10*0x10    | 256
            1TiB*4096    | 4503599627370496
            """)
    void sizes(String text, long bytes) {
        assertThat(Values.sizeExpression(text)).isEqualTo(bytes);
    }

    /** The same values, computed here the long way, at random: precedence and order as documented. */
    @Test
    void randomSumsOfProductsAreComputedAsDocumented() {
        Random r = new Random(12);
        String[] units = {"", "KiB", "MiB"};
        for (int round = 0; round < 2000; round++) {
            StringBuilder text = new StringBuilder("heap");
            long expected = 0;
            for (int t = 0, terms = 1 + r.nextInt(4); t < terms; t++) {
                boolean minus = t > 0 && r.nextInt(3) == 0;
                text.append(minus ? '-' : '+');
                long product = 1;
                for (int f = 0, factors = 1 + r.nextInt(3); f < factors; f++) {
                    int n = r.nextInt(20);
                    int u = f == 0 ? r.nextInt(3) : 0; // one unit a term: the product stays far below 2^52
                    text.append(f > 0 ? "*" : "").append(n).append(units[u]);
                    product *= n * (1L << (10 * u));
                }
                expected += minus ? -product : product;
            }
            if (expected < 0) {
                continue;
            }
            assertThat(Values.address(text.toString()).offset()).as(text.toString()).isEqualTo(expected);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            p write m+4KB*3 "x"              | 11 | unknown unit 'KB' in '4KB' (use B, KiB, MiB, GiB or TiB); did you mean KiB?
            p write m+1MiB+ "x"              | 15 | a number or size is missing before or after an operator (+ - *)
            p write m+4KiB**3 "x"            | 16 | a number or size is missing before or after '*'
            p write m+4KiB-8KiB "x"          | 11 | the offset in 'm+4KiB-8KiB' is -4096: an address is a region plus 0 or more
            p write m*2 "x"                  | 10 | a region's address is not multiplied: the offset is, as in m+4KiB*3
            p write m+1TiB*1TiB "x"          | 11 | '1TiB*1TiB' is too large (at most 2^52)
            p write m+heap "x"               | 11 | 'heap' is not a size
            p write 0x1000-0x2000 "x"        | 9  | '0x1000-0x2000' is -4096: an address cannot be negative
            p map n 4KiB*0 rw                | 9  | a region needs a length of at least 1 byte, not 0
            p map n 4KiB-8KiB rw             | 9  | '4KiB-8KiB' is -4096: a size cannot be negative
            p map n -4KiB rw                 | 9  | '-4KiB' has a sign; a size is 0 or more (only brk takes +SIZE or -SIZE)
            p map n 4KiB rw at 1GiB+4KiB*3   | 1  | ok
            p brk +4KiB*2                    | 1  | ok
            p brk -4KiB*2-1KiB               | 1  | ok
            p brk +4KiB-8KiB                 | 8  | '4KiB-8KiB' is -4096: a size cannot be negative
            p fill m 4KiB*2 4KiB*3-1 0xff    | 1  | ok
            p read m+4KiB*3 16MiB+1          | 17 | a read is limited to 16 MiB
            expect p rss <= 4KiB*2           | 1  | ok
            """)
    void errorsPointAtTheTermAtFault(String line, int column, String message) throws Exception {
        String text = "spawn p\np map m 1MiB rw\n" + line + "\n";
        if (message.equals("ok")) {
            Scenario.parse("t.cow", text);
            return;
        }
        try {
            Scenario.parse("t.cow", text);
        } catch (ScenarioException e) {
            Diagnostic d = e.diagnostics().getFirst();
            assertThat(d.message()).as(d.format()).contains(message);
            assertThat(d.line()).isEqualTo(3);
            assertThat(d.column()).as(d.format()).isEqualTo(column);
            return;
        }
        throw new AssertionError("no error for " + line);
    }

    @Test
    void addressesWithArithmeticRunWhereTheyPoint() throws Exception {
        Run run = new Run(Scenario.parse("t.cow", """
                spawn p
                p map m 1MiB rw
                p write m+4KiB*3+16 "three"
                p read m+12304 5 expect "three"
                p write m+1MiB-5 "tail!"
                p read m+1048571 5 expect "tail!"
                expect p rss == 4KiB*2
                """), RunOptions.defaults());
        run.runToEnd();
        assertThat(run.result().failures()).isEmpty();
        assertThat(run.result().passed()).isEqualTo(3);
    }
}
