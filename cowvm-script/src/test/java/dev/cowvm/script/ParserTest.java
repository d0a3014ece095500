package dev.cowvm.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cowvm.kernel.Protection;
import dev.cowvm.mmu.Access;
import dev.cowvm.observe.Counter;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Every form of the language parses as documented, and every error says where and what. */
class ParserTest {

    private static Scenario parse(String text) throws ScenarioException {
        return Scenario.parse("t.cow", text);
    }

    private static Diagnostic error(String text) {
        try {
            parse(text);
        } catch (ScenarioException e) {
            return e.diagnostics().getFirst();
        }
        throw new AssertionError("expected an error for:\n" + text);
    }

    @Test
    void everyFormOfTheIssueParses() throws Exception {
        Scenario s = parse("""
                memory 64MiB                  # physical memory
                zero on-alloc
                fork-mode cow
                spawn shell
                shell map heap 1MiB rw
                shell map buf 64KiB rw at 0x40000000
                shell write heap+16 "hello"
                shell write buf 0xdeadbeef
                shell fill heap 0 1MiB 0xab
                shell read heap+16 5 expect "hello"
                shell touch heap 0 1MiB write
                shell brk +64KiB
                shell protect heap r
                shell unmap buf
                fork shell child
                child exec
                child exit 0
                wait shell child
                kill child
                expect stat pagesCopied == 1
                expect child rss == 4KiB
                expect child status == segv
                show shell
                show frames
                show stats
                """);
        assertThat(s.statements()).hasSize(25);
        assertThat(s.statements().get(5)).isEqualTo(new Statement.Map(6, 1, "shell", "buf", 65536, Protection.RW,
                new Address(null, 0x40000000)));
        assertThat(((Statement.Write) s.statements().get(7)).data()).containsExactly(0xde, 0xad, 0xbe, 0xef);
        assertThat(s.statements().get(8)).isEqualTo(new Statement.Fill(9, 1, "shell", new Address("heap", 0), 0,
                1 << 20, 0xab));
        assertThat(s.statements().get(10)).isEqualTo(new Statement.Touch(11, 1, "shell", new Address("heap", 0), 0,
                1 << 20, Access.WRITE));
        assertThat(s.statements().get(11)).isEqualTo(new Statement.Brk(12, 1, "shell", 65536));
        assertThat(s.statements().get(19)).isEqualTo(new Statement.ExpectStat(20, 1, Counter.PAGES_COPIED,
                Statement.Op.EQ, 1, "1"));
    }

    @Test
    void stringsTakeEscapesAndCommentsStopAtHash() throws Exception {
        Scenario s = parse("spawn p\np map m 4KiB rw\np write m \"a\\\"b\\\\c\\n\\x41 # not a comment\" # a comment\n");
        assertThat(new String(((Statement.Write) s.statements().get(2)).data()))
                .isEqualTo("a\"b\\c\nA # not a comment");
    }

    @Test
    void sizesAndNumbers() {
        assertThat(Values.size("4096")).isEqualTo(4096);
        assertThat(Values.size("4KiB")).isEqualTo(4096);
        assertThat(Values.size("0x1000")).isEqualTo(4096);
        assertThat(Values.size("2GiB")).isEqualTo(1L << 31);
        assertThat(Values.size("1TiB")).isEqualTo(1L << 40);
        assertThat(Values.size("16B")).isEqualTo(16);
        assertThat(Values.number("0xff")).isEqualTo(255);
        assertThat(Values.signedSize("-4KiB")).isEqualTo(-4096);
        assertThat(Values.address("heap+8KiB")).isEqualTo(new Address("heap", 8192));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            frobnicate                              | 1 | 'frobnicate' alone is not a statement
            spawn                                   | 7 | incomplete statement; expected: spawn NAME
            spawn a b                               | 9 | unexpected 'b' after the statement
            spawn fork                              | 7 | 'fork' is a keyword and cannot name a process
            spawn 9lives                            | 7 | '9lives' is not a valid process name
            memory 64MB                             | 8 | unknown unit 'MB' in '64MB' (use B, KiB, MiB, GiB or TiB)
            memory lots                             | 8 | 'lots' is not a size (write 4096, 4KiB or 64MiB)
            memory 12x4                             | 8 | '12x4' is not a size (write 4096, 4KiB or 64MiB)
            memory 99999999999999999999             | 8 | '99999999999999999999' is too large (at most 2^52)
            memory 9999999TiB                       | 8 | size '9999999TiB' is too large
            zero sometimes                          | 6 | unknown zero policy 'sometimes'; expected on-alloc, on-free or none
            fork-mode lazy                          | 11 | unknown fork mode 'lazy'; expected cow or copy
            paging sv57                             | 8 | unknown paging mode 'sv57'; expected sv39 or sv48
            expect stat pageCopied == 1             | 13 | unknown counter 'pageCopied'
            expect stat pagesCopied =~ 1            | 25 | unknown comparison '=~'; expected == != < <= > >=
            expect p size == 1                      | 10 | unknown measure 'size'; expected rss, pss, uss, shared, private or status
            expect p status < oom                   | 17 | a status compares only with == or !=
            expect p status == dead                 | 20 | unknown status 'dead'; expected running, exited, segv, oom or killed
            say hello                               | 5 | say needs a quoted string
            "spawn" p                               | 1 | a statement cannot start with a string
            spawn "p                                | 7 | unterminated string
            p jump                                  | 3 | unknown action 'jump'; expected map, unmap, protect, write, read, fill, touch, brk, exec or exit
            p map heap 1MiB rwz                     | 17 | bad protection 'rwz'; expected r, rw, rx, rwx, x or none
            p map heap 1MiB rw near 0x1000          | 20 | expected 'at ADDRESS' or the end of the line
            p map heap 1MiB rw at heap              | 23 | map at needs a number, not a region
            p map brk 4KiB rw                       | 7 | 'brk' names the heap
            p write heap hello                      | 14 | 'hello' is not data (write "text" or hex bytes like 0xdeadbeef)
            p write heap 0xabc                      | 14 | '0xabc' is not hex data
            p write 12abc "x"                       | 9 | '12abc' is not a number
            p write he@p "x"                        | 9 | 'he@p' is not an address
            p read heap 4 expect "abc"              | 22 | the expected data is 3 bytes but the read is 4
            p read heap 17MiB                       | 13 | a read is limited to 16 MiB
            p fill heap 0 4KiB 256                  | 20 | '256' is not a byte
            p touch heap 0 4KiB poke                | 21 | expected read, write or exec
            p brk 64KiB                             | 7 | '64KiB' needs a sign
            p exit 300                              | 8 | an exit code is 0 to 255
            p write heap "\\q"                      | 15 | unknown escape \\q
            p write heap "\\x4"                     | 15 | \\x needs two hex digits
            p read heap 4 with "abcd"               | 15 | expected 'expect DATA' or the end of the line
            p map "heap" 4KiB rw                    | 7 | unexpected string "heap"
            p map 2x 4KiB rw                        | 7 | '2x' is not a valid region name
            p map stats 4KiB rw                     | 7 | 'stats' is a keyword and cannot name a region
            p map heap 4KiB rw                      | 1 | region heap is already mapped in p
            """)
    void errorsSayWhereAndWhat(String line, int column, String message) {
        String text = line.strip();
        // Name-dependent checks need the process and region to exist, so that only the syntax is wrong.
        String prelude = text.startsWith("p ") || text.startsWith("expect p") ? "spawn p\np map heap 4KiB rw\n" : "";
        Diagnostic d = error(prelude + text);
        assertThat(d.message()).contains(message);
        assertThat(d.line()).isEqualTo(prelude.lines().count() + 1);
        assertThat(d.column()).as(d.format()).isEqualTo(column);
        assertThat(d.sourceLine()).isEqualTo(text);
    }

    @Test
    void aDiagnosticShowsTheLineAndACaret() {
        Diagnostic d = error("spawn p\np map heap 64MB rw\n");
        assertThat(d.format()).isEqualTo("""
                t.cow:2:12: unknown unit 'MB' in '64MB' (use B, KiB, MiB, GiB or TiB); did you mean MiB?
                  p map heap 64MB rw
                             ^""");
    }

    @Test
    void unknownNamesAreFoundBeforeAnythingRuns() throws Exception {
        ScenarioException e = org.junit.jupiter.api.Assertions.assertThrows(ScenarioException.class, () -> parse("""
                spawn shell
                shell map heap 4KiB rw
                ghost write heap "x"
                shell write heep "x"
                fork shell child
                child unmap heap
                child write heap "x"
                spawn shell
                memory 1MiB
                """));
        assertThat(e.diagnostics()).extracting(Diagnostic::line, Diagnostic::column, Diagnostic::message)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(3, 1, "unknown process ghost (spawn or fork it first)"),
                        org.assertj.core.groups.Tuple.tuple(4, 13, "process shell has no region heep; did you mean heap?"),
                        org.assertj.core.groups.Tuple.tuple(7, 13, "process child has no region heap (it has none mapped here)"),
                        org.assertj.core.groups.Tuple.tuple(8, 1, "process shell already exists (made on line 1)"),
                        org.assertj.core.groups.Tuple.tuple(9, 1, "memory must come before the first statement that uses the machine"));
    }

    @Test
    void binaryGarbageIsNotText() {
        byte[] garbage = {'s', 'p', 'a', 'w', 'n', ' ', (byte) 0xff, (byte) 0xfe, 0, 1, '\n'};
        assertThatThrownBy(() -> Scenario.decode("g.cow", garbage)).isInstanceOf(ScenarioException.class)
                .hasMessageContaining("g.cow:1:1: not a text file: invalid UTF-8 at byte 6");
        Diagnostic d = error("spawn p\u0001q\n");
        assertThat(d.message()).isEqualTo("unexpected character U+0001");
        assertThat(d.format()).contains("spawn p?q");
    }

    @Test
    void manyErrorsAreReportedAtOnce() {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 50; i++) {
            s.append("memory ").append(i).append("MB\n");
        }
        try {
            parse(s.toString());
        } catch (ScenarioException e) {
            assertThat(e.diagnostics()).hasSize(20);
            assertThat(e.report()).contains("t.cow:20:8:");
            return;
        }
        throw new AssertionError();
    }

    @Test
    void aLongScenarioParsesAndItsErrorIsLocated() {
        StringBuilder s = new StringBuilder("spawn p\np map m 4KiB rw\n");
        for (int i = 0; i < 10_000; i++) {
            s.append("p write m+").append(i % 4096).append(" \"x\"\n");
        }
        s.append("p write m+1 y\n");
        Diagnostic d = error(s.toString());
        assertThat(d.line()).isEqualTo(10_003);
        assertThat(List.of(d.message())).singleElement().asString().contains("'y' is not data");
    }
}
