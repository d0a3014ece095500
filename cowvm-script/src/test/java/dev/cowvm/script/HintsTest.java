package dev.cowvm.script;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What the language says when a word is almost right ("did you mean") or in an order people
 * find natural but the language does not use ({@code shell fork child}); and that one typo
 * gives one error, wherever the misspelt name is used afterwards, and whatever else is wrong
 * in the file, reported in the same pass.
 */
class HintsTest {

    private static List<Diagnostic> errors(String text) {
        try {
            Scenario.parse("t.cow", text);
        } catch (ScenarioException e) {
            return e.diagnostics();
        }
        throw new AssertionError("expected an error for:\n" + text);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            spwan q                         | 1  | unknown statement 'spwan'; did you mean 'spawn'?
            Spawn q                         | 1  | unknown statement 'Spawn'; did you mean 'spawn'?
            frok shell q                    | 1  | unknown statement 'frok'; did you mean 'fork'?
            kil shell                       | 1  | unknown statement 'kil'; did you mean 'kill'?
            memroy                          | 1  | 'memroy' alone is not a statement; did you mean 'memory'?
            shell wirte heap "x"            | 7  | unknown action 'wirte'; did you mean 'write'?
            shell unamp heap                | 7  | unknown action 'unamp'; did you mean 'unmap'?
            shell jump                      | 7  | unknown action 'jump'; expected map, unmap
            expect stat pageCopied == 1     | 13 | unknown counter 'pageCopied'; did you mean 'pagesCopied'?
            expect stat forsk == 1          | 13 | unknown counter 'forsk'; did you mean 'forks'?
            expect shell rs == 4KiB         | 14 | unknown measure 'rs'; did you mean 'rss'?
            expect shell status == exitted  | 24 | unknown status 'exitted'; did you mean 'exited'?
            zero on-aloc                    | 6  | unknown zero policy 'on-aloc'; did you mean 'on-alloc'?
            fork-mode cwo                   | 11 | unknown fork mode 'cwo'; did you mean 'cow'?
            paging sv38                     | 8  | unknown paging mode 'sv38'; did you mean 'sv39'?
            memory 64MB                     | 8  | unknown unit 'MB' in '64MB' (use B, KiB, MiB, GiB or TiB); did you mean MiB?
            shell write hep "x"             | 13 | process shell has no region hep; did you mean heap?
            shell write bkr+16 "x"          | 13 | process shell has no region bkr; did you mean brk?
            shel write heap "x"             | 1  | unknown process shel (spawn or fork it first); did you mean shell?
            wait shel shell                 | 6  | unknown process shel (spawn or fork it first); did you mean shell?
            show shel                       | 6  | unknown process shel (spawn or fork it first); did you mean shell?
            shell fork child                | 7  | fork comes first (fork PARENT CHILD): write 'fork shell child'
            shell wait child                | 7  | wait comes first (wait PARENT CHILD): write 'wait shell child'
            shell kill                      | 7  | kill comes first (kill NAME): write 'kill shell'
            shell spawn                     | 7  | spawn comes first (spawn NAME): write 'spawn shell'
            shell show                      | 7  | show comes first (show NAME): write 'show shell'
            shell expect rss == 4KiB        | 7  | expect comes first (expect NAME MEASURE OP VALUE): write 'expect shell rss == 4KiB'
            write shell heap "a \\"b\\""    | 1  | a statement about a process starts with its name: write 'shell write heap "a \\"b\\""'
            exec shell                      | 1  | a statement about a process starts with its name: write 'shell exec'
            map                             | 1  | 'map' is what a process does: write 'NAME map ...'
            fork child shell                | 6  | unknown process child; fork names the parent first, then the new child: did you mean 'fork shell child'?
            expect pagesCopied == 1         | 8  | a counter is compared with expect stat: write 'expect stat pagesCopied == 1'
            expect stats forks == 1         | 8  | 'stats' is the word of show; a counter is compared with 'expect stat COUNTER'
            """)
    void aWordAlmostRightGetsTheRightOne(String line, int column, String message) {
        Diagnostic d = errors("spawn shell\nshell map heap 1MiB rw\n" + line + "\n").getFirst();
        assertThat(d.message()).as(d.format()).startsWith(message);
        assertThat(d.line()).as(d.format()).isEqualTo(3);
        assertThat(d.column()).as(d.format()).isEqualTo(column);
    }

    @Test
    void waitWithItsNamesSwappedIsPointedOut() {
        Diagnostic d = errors("spawn shell\nfork shell child\nwait child shell\n").getFirst();
        assertThat(d.format()).isEqualTo("""
                t.cow:3:12: shell was spawned, not forked: it has no parent to wait for it; wait names the parent\
                 first: did you mean 'wait shell child'?
                  wait child shell
                             ^""");
        assertThat(errors("spawn init\nfork init shell\nfork shell child\nwait child shell\n").getFirst().message())
                .isEqualTo("shell is a child of init, not of child; wait names the parent first: did you mean"
                        + " 'wait shell child'?");
    }

    @Test
    void nothingIsSuggestedForAWordFarFromEveryKnownOne() {
        assertThat(errors("spawn shell\nelephant write heap \"x\"\n").getFirst().message())
                .isEqualTo("unknown process elephant (spawn or fork it first)");
        assertThat(errors("spawn p\nq write heap \"x\"\n").getFirst().message())
                .as("one letter is one edit from any other: no hint").isEqualTo("unknown process q (spawn or fork it"
                        + " first)");
        assertThat(Suggest.closest("x".repeat(Suggest.LONGEST + 1), List.of("x".repeat(Suggest.LONGEST)))).isNull();
    }

    // ------------------------------------------------------------------ one typo, one error

    @Test
    void aMisspeltProcessIsReportedOnceNotAtEveryUse() {
        List<Diagnostic> all = errors("""
                spawn shel
                shell map heap 1MiB rw
                shell write heap "a"
                shell write heap+4KiB "b"
                fork shell child
                child write heap "c"
                child exit
                wait shell child
                expect shell rss == 8KiB
                show shell
                """);
        assertThat(all).extracting(Diagnostic::line, Diagnostic::column, Diagnostic::message).containsExactly(
                Tuple.tuple(2, 1, "unknown process shell (spawn or fork it first); did you mean shel?"));
    }

    @Test
    void aMisspeltRegionIsReportedOncePerProcess() {
        List<Diagnostic> all = errors("""
                spawn shell
                shell map heep 1MiB rw
                shell write heap "a"
                shell write heap+4KiB "b"
                shell unmap heap
                """);
        assertThat(all).extracting(Diagnostic::line, Diagnostic::message).containsExactly(
                Tuple.tuple(3, "process shell has no region heap; did you mean heep?"));
    }

    @Test
    void aNameALineThatDoesNotParseWouldMakeIsNotReportedAgain() {
        // The spawn line is wrong, but it says what it makes: the rest of the file is checked
        // as if it had, so its own mistakes are found in the same pass, and only those.
        List<Diagnostic> all = errors("""
                spawn shell extra
                shell map heap 1MiB rw oops
                shell write heap "a"
                fork shell child
                child write heep "b"
                shell map heap 4KiB rw
                memory 1MiB
                """);
        assertThat(all).extracting(Diagnostic::line, Diagnostic::column, Diagnostic::message).containsExactly(
                Tuple.tuple(1, 13, "unexpected 'extra' after the statement"),
                Tuple.tuple(2, 24, "expected 'at ADDRESS' or the end of the line"),
                Tuple.tuple(5, 13, "process child has no region heep; did you mean heap?"),
                Tuple.tuple(6, 1, "region heap is already mapped in shell"),
                Tuple.tuple(7, 1, "memory must come before the first statement that uses the machine"));
    }

    @Test
    void syntaxErrorsAndWhatTheCheckerFindsComeInOnePassInTheOrderOfTheFile() {
        List<Diagnostic> all = errors("""
                spawn p
                memory 1MiB
                p map m 64MB rw
                p write nowhere "x"
                p read m 4 with "abcd"
                kill ghost
                """);
        assertThat(all).extracting(Diagnostic::line).containsExactly(2, 3, 4, 5, 6);
        assertThat(all.get(0).message()).isEqualTo("memory must come before the first statement that uses the machine");
        assertThat(all.get(1).message()).startsWith("unknown unit 'MB'");
        assertThat(all.get(2).message()).startsWith("process p has no region nowhere");
        assertThat(all.get(3).message()).startsWith("expected 'expect DATA'");
        assertThat(all.get(4).message()).startsWith("unknown process ghost");
    }

    @Test
    void aLoopThatCannotExpandSilencesUnknownNamesAfterIt() {
        // Which names its body makes is not known, so their uses are not reported: one error.
        List<Diagnostic> all = errors("spawn p\nrepeat many as i {\n  fork p w$i\n}\nw0 exit\nw1 exit\n");
        assertThat(all).extracting(Diagnostic::line, Diagnostic::column).containsExactly(Tuple.tuple(2, 8));
    }
}
