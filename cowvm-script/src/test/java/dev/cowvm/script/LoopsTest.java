package dev.cowvm.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code repeat}: a loop is exactly the statements it stands for, written out; its variable
 * goes into names, numbers, sizes, addresses and strings; it counts against the limits as
 * those statements would; and a problem in its body says the line and the iteration.
 */
class LoopsTest {

    private static Scenario parse(String text) throws ScenarioException {
        return Scenario.parse("t.cow", text);
    }

    private static List<Diagnostic> errors(String text) {
        return errors(text, Scenario.Limits.FILES);
    }

    private static List<Diagnostic> errors(String text, Scenario.Limits limits) {
        try {
            Scenario.parse("t.cow", text, limits);
        } catch (ScenarioException e) {
            return e.diagnostics();
        }
        throw new AssertionError("expected an error for:\n" + text);
    }

    /** Every statement as it runs, one a line. */
    private static String sources(Scenario s) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.statements().size(); i++) {
            out.append(s.source(i)).append('\n');
        }
        return out.toString();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            a block                     | `repeat 3 as i {\\n  fork p w$i\\n}`                      | `fork p w0\\nfork p w1\\nfork p w2`
            one line                    | `repeat 2 as i { fork p w$i }`                             | `fork p w0\\nfork p w1`
            from                        | `repeat 2 as i from 1 { fork p w$i }`                      | `fork p w1\\nfork p w2`
            no variable                 | `repeat 2 { p write m "x" }`                                | `p write m "x"\\np write m "x"`
            zero times                  | `repeat 0 as i { fork p w$i }`                             | ``
            arithmetic in a name        | `repeat 2 as i { fork p w$(i*10+1) }`                       | `fork p w1\\nfork p w11`
            spaces in an expression     | `repeat 2 as i { fork p w$( i * 2 ) }`                      | `fork p w0\\nfork p w2`
            a variable before a dash    | `repeat 2 as i { fork p w$i-a }`                            | `fork p w0-a\\nfork p w1-a`
            an address                  | `repeat 2 as i { p write m+4KiB*$i+16 "x" }`                | `p write m+4KiB*0+16 "x"\\np write m+4KiB*1+16 "x"`
            a size and a byte           | `repeat 2 as i { p fill m 4KiB*$i $(i+1) $(i*16) }`         | `p fill m 4KiB*0 1 0\\np fill m 4KiB*1 2 16`
            a string                    | `repeat 2 as i { say "worker $i of $(i+1), \\$5 a $" }`     | `say "worker 0 of 1, \\$5 a $"\\nsay "worker 1 of 2, \\$5 a $"`
            nested                      | `repeat 2 as i {\\n  repeat 2 as j {\\n    fork p w$i-$j\\n  }\\n}` | `fork p w0-0\\nfork p w0-1\\nfork p w1-0\\nfork p w1-1`
            nested on one line          | `repeat 2 as i { repeat $(i+1) as j { fork p w$i-$j } }`    | `fork p w0-0\\nfork p w1-0\\nfork p w1-1`
            an inner count from outside | `repeat 3 as i {\\n  repeat $i as j from $i { fork p w$i-$j }\\n}` | `fork p w1-1\\nfork p w2-2\\nfork p w2-3`
            a comment and a blank line  | `repeat 2 as i { # workers\\n\\n  fork p w$i   # one\\n}`    | `fork p w0\\nfork p w1`
            """)
    void aLoopIsTheStatementsWrittenOut(String what, String loop, String written) throws Exception {
        String prelude = "spawn p\np map m 1MiB rw\n";
        Scenario looped = parse(prelude + loop.replace("\\n", "\n") + "\n");
        Scenario plain = parse(prelude + written.replace("\\n", "\n") + (written.isEmpty() ? "" : "\n"));
        assertThat(sources(looped)).isEqualTo(sources(plain));
        assertThat(runs(looped)).isEqualTo(runs(plain));
    }

    /**
     * What a run printed and counted, without line numbers (the two texts number their lines
     * differently) and without the iteration a failed expectation of a loop names.
     */
    private static List<String> runs(Scenario s) throws ScenarioException {
        Run run = new Run(s, RunOptions.defaults().withExplain(true));
        List<String> out = new ArrayList<>();
        for (StepResult r : run.runToEnd()) {
            out.add(r.source() + " " + r.outcome() + " " + r.output() + " " + r.explanation() + " " + r.failure());
        }
        out.add(run.result().stats().toString());
        out.add(run.result().processes().toString());
        run.kernel().checkInvariants();
        return out.stream().map(l -> l.replaceAll("t\\.cow:\\d+: ", "").replaceAll(" \\(when [^)]*\\)", "")).toList();
    }

    @Test
    void eachStatementKnowsItsIteration() throws Exception {
        Scenario s = parse("spawn p\nrepeat 2 as i {\n  repeat 2 as j from 5 { fork p w$i-$j }\n}\n");
        assertThat(s.iteration(0)).isNull();
        assertThat(s.iteration(1)).isEqualTo("i = 0, j = 5");
        assertThat(s.iteration(4)).isEqualTo("i = 1, j = 6");
        assertThat(s.statements().get(4)).isEqualTo(new Statement.Fork(3, 26, "p", "w1-6"));
        assertThat(parse("repeat 2 { spawn p }\n".replace("spawn p", "say \"x\"")).iteration(1)).isEqualTo("iteration 2");
    }

    // ------------------------------------------------------------------ errors

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            `repeat 3 as i {\\n  fork p w$j\\n}`                | 2 | 11 | $j: no loop variable j here (there is $i) (when i = 0)
            `repeat 3 as index {\\n  fork p w$indx\\n}`         | 2 | 11 | $indx: no loop variable indx here; did you mean $index? (when index = 0)
            `fork p w$i`                                        | 1 | 9  | $i is not inside a repeat: no loop variable is defined here
            `repeat 3 as i { fork p w$(i-1) }`                  | 1 | 25 | $(i-1) is -1: a value written with $ cannot be negative (when i = 0)
            `repeat 3 as i { fork p w$(6/(i-1)) }`              | 1 | 25 | $(6/(i-1)) is -6: a value written with $ cannot be negative (when i = 0)
            `repeat 3 as i { fork p w$(6/(2-i)) }`              | 1 | 25 | $(6/(2-i)): division by zero: 6 / 0 (when i = 2)
            `repeat 3 as i { fork p w$(i+) }`                   | 1 | 29 | the expression ends too soon
            `repeat 3 as i { fork p w$(i }`                     | 1 | 25 | '$(' is not closed by ')' on this line
            `repeat 3 as i { fork p w$ }`                       | 1 | 25 | '$' starts a loop variable ($i) or an expression ($(i+1))
            `repeat 3 as i { p write m "$(i" }`                 | 1 | 28 | '$(' is not closed by ')' on this line
            `repeat 3 as i { p write m "\\q" }`                 | 1 | 28 | unknown escape \\q (use \\" \\\\ \\n \\t \\0 \\$ or \\xHH)
            `repeat 3 as i {\\n  fork p w$i\\n  w$i write m+4KiB*$i "x"\\n  w$i write m+4KiB-4KiB*$i "y"\\n}` | 4 | 13 | the offset in 'm+4KiB-4KiB*2' is -4096: an address is a region plus 0 or more (write a number for an address below a region) (when i = 2)
            `repeat 300 as i {\\n  p map r$i 4KiB rw at 0x40000000+4KiB*$(i%256)\\n}` | 2 | 24 | region r256 [0x40000000, 0x40001000) overlaps region r0 [0x40000000, 0x40001000) (when i = 256)
            `repeat 3 as i { fork p w }`                        | 1 | 17 | process w already exists (made on line 3) (when i = 1)
            `repeat lots as i { fork p w$i }`                   | 1 | 8  | a repeat's count is a number: 'lots' is not a number
            `repeat 3 as 9i { fork p w }`                       | 1 | 13 | '9i' cannot name a loop variable
            `repeat 3 as i {\\n  repeat 2 as i { fork p w$i }\\n}` | 2 | 15 | i is already the variable of a repeat around this one
            `repeat 3 as i from { fork p w }`                   | 1 | 20 | expected the first value after 'from'
            `repeat 3 as i with 2 { fork p w }`                 | 1 | 15 | unexpected 'with' in a repeat
            `repeat 3 as i`                                     | 1 | 15 | expected '{' at the end of the repeat
            `repeat 3 as i {\\n  fork p w$i`                    | 1 | 1  | this repeat is never closed
            `repeat 3 as i { fork p w$i`                        | 1 | 17 | a repeat's '{' ends its line and the body follows, or its one statement ends with '}' on the same line
            `fork p w\\n}`                                      | 2 | 1  | '}' closes no repeat
            `repeat 3 as i {\\n  fork p w$i\\n} else`           | 3 | 3  | unexpected 'else' after '}'
            `repeat`                                            | 1 | 8  | a repeat needs a count
            `p repeat 3`                                        | 1 | 3  | unknown action 'repeat'
            `spawn repeat`                                      | 1 | 7  | 'repeat' is a keyword and cannot name a process
            """)
    void aProblemInALoopSaysItsLineAndIteration(String text, int line, int column, String message) {
        Diagnostic d = errors("spawn p\np map m 1MiB rw\n" + text.replace("\\n", "\n") + "\n").getFirst();
        String expected = message.endsWith("...") ? message.substring(0, message.length() - 3) : message;
        assertThat(d.message()).as(d.format()).contains(expected);
        assertThat(d.line()).as(d.format()).isEqualTo(line + 2);
        assertThat(d.column()).as(d.format()).isEqualTo(column);
    }

    @Test
    void aProblemMetInEveryIterationIsReportedOnce() {
        List<Diagnostic> all = errors("spawn p\nrepeat 50 as i {\n  w$i write m \"x\"\n  p write nowhere \"x\"\n}\n");
        assertThat(all).extracting(Diagnostic::line, Diagnostic::column, Diagnostic::message).containsExactly(
                org.assertj.core.groups.Tuple.tuple(3, 3, "unknown process w0 (spawn or fork it first) (when i = 0)"),
                org.assertj.core.groups.Tuple.tuple(4, 11, "process p has no region nowhere (it has none mapped here)"
                        + " (when i = 0)"));
    }

    @Test
    void aRunTimeErrorInALoopSaysItsIteration() throws Exception {
        // c2 dies out of memory; the checker cannot know it, so only the run finds that the
        // second wait asks for a child that is gone.
        Scenario s = parse("""
                memory 64KiB
                spawn p
                repeat 3 as i {
                  fork p c$i
                }
                c2 map m 1MiB rw
                c2 fill m 0 1MiB 1
                repeat 2 as i {
                  wait p c2
                }
                repeat 2 as i { expect stat forks == $(i+2) }
                """);
        Run run = new Run(s, RunOptions.defaults());
        assertThatThrownBy(run::runToEnd).isInstanceOfSatisfying(ScenarioException.class, e -> {
            Diagnostic d = e.diagnostics().getFirst();
            assertThat(d.line()).isEqualTo(9);
            assertThat(d.message()).isEqualTo("c2 is not a child of p waiting to be reaped (when i = 1)");
        });
        Run expectations = new Run(parse("spawn p\nrepeat 2 as i { expect stat spawns == $(i+1) }\n"),
                RunOptions.defaults());
        expectations.runToEnd();
        assertThat(expectations.result().failures()).containsExactly(
                new RunResult.Failure(2, "expected stat spawns == 2, found 1 (when i = 1)"));
    }

    // ------------------------------------------------------------------ limits

    @Test
    void aLoopPastTheStatementLimitIsRefusedBeforeItExpands() {
        Scenario.Limits three = new Scenario.Limits(3, 1 << 20);
        assertThat(errors("spawn p\nrepeat 3 as i { fork p w$i }\n", three)).singleElement().satisfies(d -> {
            assertThat(d.line()).isEqualTo(2);
            assertThat(d.column()).isEqualTo(1);
            assertThat(d.message()).isEqualTo("this repeat makes 3 statements; with the 1 before it, that is more than"
                    + " the 3 statements allowed here");
        });
        assertThat(errors("spawn p\nrepeat 4503599627370495 as i {\n  repeat 4503599627370495 { fork p w }\n}\n")
                .getFirst().message()).isEqualTo("this repeat makes more than the 1,000,000 statements allowed here");
        // Counted as written: statements outside loops too.
        assertThat(errors("spawn a\nspawn b\nspawn c\nspawn d\n", three).getFirst().message())
                .isEqualTo("the scenario has more than the 3 statements allowed here; this is statement 4");
    }

    @Test
    void aLoopWhoseSizeDependsOnItsVariableStopsAtTheLimit() {
        Scenario.Limits hundred = new Scenario.Limits(100, 1 << 20);
        Diagnostic d = errors("spawn p\nrepeat 20 as i {\n  repeat $i as j { fork p w$i-$j }\n}\n", hundred).getFirst();
        assertThat(d.line()).isEqualTo(2);
        assertThat(d.message()).isEqualTo("the repeat of line 3 makes 14 statements (when i = 14); with the 93 before"
                + " it, that is more than the 100 statements allowed here");
        // Loops that make nothing still count: each empty iteration as one statement.
        Diagnostic empty = errors("repeat 1000 as i {\n  repeat 1000 as j {\n    repeat 0 { say \"x\" }\n  }\n}\n",
                hundred).getFirst();
        assertThat(empty.line()).isEqualTo(1);
        assertThat(empty.message()).contains("more than the 100 statements allowed here");
    }

    @Test
    void theTextALoopExpandsToCountsAgainstTheLimit() {
        Scenario.Limits small = new Scenario.Limits(1000, 4096);
        Diagnostic d = errors("spawn p\np map m 4KiB rw\nrepeat 900 as i { p write m \"" + "x".repeat(64)
                + " $i\" }\n", small).getFirst();
        assertThat(d.line()).isEqualTo(3);
        assertThat(d.message()).startsWith("this repeat makes more than the 4 KiB of text allowed here (the limit is"
                + " passed when i = ");
    }

    @Test
    void aMillionStatementsFitAndOneMoreDoesNot() throws Exception {
        Scenario s = parse("spawn p\nrepeat 999999 { p exec }\n");
        assertThat(s.statements()).hasSize(1_000_000);
        assertThat(s.source(999_999)).isEqualTo("p exec");
        assertThat(errors("spawn p\nrepeat 1000000 { p exec }\n").getFirst().message())
                .isEqualTo("this repeat makes 1,000,000 statements; with the 1 before it, that is more than the"
                        + " 1,000,000 statements allowed here");
    }

    // ------------------------------------------------------------------ loops written out, at random

    /**
     * Random loops (nested, counts that depend on the outer variable, the variable in names,
     * sizes, addresses, bytes and strings) against the same statements written out by a
     * reference expansion here: the sources, the outcomes, the output, the explanations and
     * the counters are the same, statement by statement.
     */
    @Test
    void randomLoopsRunExactlyAsTheirStatementsWrittenOut() throws Exception {
        Random random = new Random(20261203);
        int statements = 0;
        for (int round = 0; round < 300; round++) {
            StringBuilder looped = new StringBuilder("spawn p\np map m 1MiB rw\n");
            StringBuilder written = new StringBuilder(looped);
            for (int l = 0, loops = 1 + random.nextInt(3); l < loops; l++) {
                Loop loop = Loop.random(random, 0);
                String id = "r" + round + "x" + l;
                loop.write(looped, id, "");
                loop.expand(written, id, new HashMap<>());
            }
            Scenario a = parse(looped.toString());
            Scenario b = parse(written.toString());
            assertThat(sources(a)).as(looped.toString()).isEqualTo(sources(b));
            assertThat(runs(a)).as(looped.toString()).isEqualTo(runs(b));
            statements += a.statements().size();
        }
        assertThat(statements).as("the loops made statements").isGreaterThan(2000);
    }

    private static final String[] VARIABLES = {"i", "j", "k"};

    /**
     * A statement of a loop's body: as the loop writes it (with the loop's variable, and the
     * path of all the variables for a unique name), and as it is written out for values.
     */
    private record Template(Function<String, String> text, Function<Long, String> value) {
    }

    private static final List<Template> TEMPLATES = List.of(
            new Template(v -> "fork p wPATH", x -> "fork p wPATH"),
            new Template(v -> "fork p vPATH", x -> "fork p vPATH"),
            new Template(v -> "p write m+4KiB*$" + v + "+$(" + v + "*3) \"at $" + v + "\"",
                    x -> "p write m+4KiB*" + x + "+" + x * 3 + " \"at " + x + "\""),
            new Template(v -> "p read m+4KiB*$" + v + " 8", x -> "p read m+4KiB*" + x + " 8"),
            new Template(v -> "p fill m $(" + v + "*100) 3KiB-$" + v + " $(" + v + "%256)",
                    x -> "p fill m " + x * 100 + " 3KiB-" + x + " " + x % 256),
            new Template(v -> "p touch m 4KiB*$(" + v + "%7) 4KiB read", x -> "p touch m 4KiB*" + x % 7 + " 4KiB read"),
            new Template(v -> "expect stat forks >= $(" + v + "/2)", x -> "expect stat forks >= " + x / 2),
            new Template(v -> "say \"step $" + v + " costs \\$$(" + v + "*" + v + ")\"",
                    x -> "say \"step " + x + " costs \\$" + x * x + "\""),
            new Template(v -> "p brk +$(" + v + "%3)KiB", x -> "p brk +" + x % 3 + "KiB"));

    /** A loop, generated once, written as a loop and written out. */
    private record Loop(int depth, boolean dynamic, long count, long start, boolean from, boolean oneLine,
                        List<Template> body, Loop nested) {
        static Loop random(Random r, int depth) {
            boolean oneLine = r.nextInt(4) == 0;
            List<Template> body = new ArrayList<>();
            for (int i = 0, n = oneLine ? 1 : r.nextInt(3) + (depth == 2 ? 1 : 0); i < n; i++) {
                body.add(TEMPLATES.get(r.nextInt(TEMPLATES.size())));
            }
            Loop nested = !oneLine && depth < 2 && (body.isEmpty() || r.nextInt(3) == 0) ? random(r, depth + 1) : null;
            if (body.isEmpty() && nested == null) {
                body.add(TEMPLATES.getFirst());
            }
            long start = r.nextBoolean() ? 0 : r.nextInt(5);
            return new Loop(depth, depth > 0 && r.nextBoolean(), r.nextInt(4), start, start != 0 || r.nextBoolean(),
                    oneLine, body, nested);
        }

        String variable() {
            return VARIABLES[depth];
        }

        void write(StringBuilder out, String id, String indent) {
            String header = "repeat " + (dynamic ? "$(" + VARIABLES[depth - 1] + "+1)" : count) + " as " + variable()
                    + (from ? " from " + start : "") + " {";
            StringBuilder path = new StringBuilder();
            for (int d = 0; d <= depth; d++) {
                path.append(d == 0 ? "" : "-").append('$').append(VARIABLES[d]);
            }
            if (oneLine) {
                out.append(indent).append(header).append(' ').append(line(0, id, path)).append(" }\n");
                return;
            }
            out.append(indent).append(header).append('\n');
            for (int b = 0; b < body.size(); b++) {
                out.append(indent).append("  ").append(line(b, id, path)).append('\n');
            }
            if (nested != null) {
                nested.write(out, id, indent + "  ");
            }
            out.append(indent).append("}\n");
        }

        /** Body statement {@code b}: its fork makes a name of its own, in each iteration. */
        private String line(int b, String id, CharSequence path) {
            return body.get(b).text().apply(variable()).replace("PATH", id + "-" + path + "-" + b);
        }

        void expand(StringBuilder out, String id, Map<String, Long> values) {
            long n = dynamic ? values.get(VARIABLES[depth - 1]) + 1 : count;
            for (long k = 0; k < n; k++) {
                values.put(variable(), start + k);
                StringBuilder path = new StringBuilder();
                for (int d = 0; d <= depth; d++) {
                    path.append(d == 0 ? "" : "-").append(values.get(VARIABLES[d]));
                }
                for (int b = 0; b < body.size(); b++) {
                    out.append(body.get(b).value().apply(start + k).replace("PATH", id + "-" + path + "-" + b))
                            .append('\n');
                }
                if (nested != null) {
                    nested.expand(out, id, values);
                }
            }
            values.remove(variable());
        }
    }
}
