package dev.cowvm.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What the checker refuses before anything runs, beyond names: the machine's memory, the
 * length and address of each map and where it lands, and who may wait for whom. Every such
 * error is one the run would meet at the same statement; the last test checks that on
 * random scenarios by running them without the checker.
 */
class CheckerTest {

    private static Diagnostic error(String text) {
        try {
            Scenario.parse("t.cow", text);
        } catch (ScenarioException e) {
            return e.diagnostics().getFirst();
        }
        throw new AssertionError("no error in:\n" + text);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            memory 0                                   | 1 | 8 | memory 0 B is too small: a machine needs at least one 4 KiB frame
            memory 4097                                | 1 | 8 | memory 4097 bytes is not a whole number of 4 KiB frames (4096 or 8192 would be)
            memory 5TiB                                | 1 | 8 | memory 5 TiB is more than the 4 TiB allowed
            spawn p\\np map m 0 rw                       | 2 | 9 | a region needs a length of at least 1 byte, not 0
            spawn p\\np map m 257GiB rw                  | 2 | 9 | length 257 GiB is more than the 256 GiB of user space under Sv39 (paging sv48 gives 128 TiB)
            paging sv48\\nspawn p\\np map m 129TiB rw     | 3 | 9 | length 129 TiB is more than the 128 TiB of user space under Sv48
            spawn p\\np map m 4KiB rw at 0x4000000000    | 2 | 20 | [0x4000000000, 0x4000001000) is outside user space [0x10000, 0x4000000000), the 256 GiB of user space under Sv39 (paging sv48 gives 128 TiB)
            spawn p\\np map m 8KiB rw at 0x3ffffff000    | 2 | 20 | [0x3ffffff000, 0x4000001000) is outside user space
            paging sv48\\nspawn p\\np map m 4KiB rw at 0x800000000000 | 3 | 20 | [0x800000000000, 0x800000001000) is outside user space [0x10000, 0x800000000000), the 128 TiB of user space under Sv48
            spawn p\\np map m 4KiB rw at 0x40000001      | 2 | 20 | address 0x40000001 is not page-aligned (a multiple of 4 KiB)
            spawn p\\np map m 4KiB rw at 0x1000          | 2 | 20 | address 0x1000 is below 0x10000: the first 64 KiB stay unmapped, to catch null pointers
            spawn p\\np map a 8KiB rw at 0x40000000\\np map b 4KiB rw at 0x40001000 | 3 | 20 | region b [0x40001000, 0x40002000) overlaps region a [0x40000000, 0x40002000)
            spawn p\\np brk +8KiB\\np map b 4KiB rw at 0x10001000 | 3 | 20 | region b [0x10001000, 0x10002000) overlaps the heap [0x10000000, 0x10002000)
            spawn p\\np map a 4KiB rw\\np map b 4KiB rw at 0x1000000000 | 3 | 20 | overlaps region a [0x1000000000, 0x1000001000)
            spawn p\\np map a 150GiB rw\\np map b 50GiB rw | 3 | 9 | no free range of 53687091200 bytes for region b in the address space
            spawn p\\nfork p c\\nc map a 4KiB rw at 0x40000000\\np map a 4KiB rw at 0x40000000\\nc map b 4KiB rw at 0x40000000 | 5 | 20 | region b [0x40000000, 0x40001000) overlaps region a
            spawn a\\nspawn b\\nwait a b                  | 3 | 8 | b was spawned, not forked: it has no parent to wait for it
            spawn a\\nfork a b\\nfork a c\\nwait b c        | 4 | 8 | c is a child of a, not of b
            spawn a\\nfork a b\\nb exit\\nwait a b\\nwait a b | 5 | 8 | b was already reaped by a on line 4
            spawn p\\np brk +8KiB\\np unmap brk\\np protect brk r | 4 | 11 | [0x10000000, 0x10002000) is not entirely mapped any more
            """)
    void refusedBeforeAnythingRuns(String text, int line, int column, String message) {
        Diagnostic d = error(text.replace("\\n", "\n"));
        assertThat(d.message()).contains(message);
        assertThat(d.line()).as(d.format()).isEqualTo(line);
        assertThat(d.column()).as(d.format()).isEqualTo(column);
    }

    @Test
    void whatTheKernelAcceptsIsAccepted() throws Exception {
        Scenario.parse("t.cow", """
                memory 4KiB
                paging sv48
                spawn p
                p map low 4KiB rw at 0x10000
                p map top 4KiB rw at 0x7ffffffff000
                p map big 100TiB r
                p map zero 4KiB rw at 0
                p brk +64KiB
                p brk -128KiB
                p unmap low
                p map low 4KiB rw at 0x10000
                p unmap brk
                p map heap 4KiB rw at 0x10000000
                p protect heap r
                fork p c
                c exec
                c map low 8KiB rw at 0x10000
                c exit
                wait p c
                """);
        // A second wait for a child that may still run is not an error: it says the child runs.
        Scenario.parse("t.cow", "spawn p\nfork p c\nwait p c\nwait p c\n");
        // An orphan is adopted by the first process, which may then reap it.
        Scenario.parse("t.cow", "spawn init\nfork init p\nfork p c\np exit\nc exit\nwait init c\n");
        // Statements of a process that exited are skipped by the run, so where they would map is not checked.
        Scenario.parse("t.cow", "spawn p\np map a 4KiB rw at 0x40000000\np exit\np map b 4KiB rw at 0x40000000\n");
    }

    @Test
    void digitsOfOtherScriptsAreRefusedWhereTheyStand() {
        Diagnostic d = error("spawn p\np map m \uFF14KiB rw\n");
        assertThat(d.format()).startsWith("t.cow:2:9: '\uFF14' (U+FF14 FULLWIDTH DIGIT FOUR) is not an ASCII digit;"
                + " numbers are written with 0-9 only");
        assertThat(error("memory 6\u0664MiB\n").column()).as("Arabic-Indic four").isEqualTo(9);
        assertThatThrownBy(() -> Values.number("\uFF14")).hasMessageContaining("is not a number");
        assertThatThrownBy(() -> Values.size("1\uFF10KiB")).hasMessageContaining("is not a size");
    }

    @Test
    void digitsOfOtherScriptsInsideAStringAreData() throws Exception {
        Scenario s = Scenario.parse("t.cow", "spawn p\np map m 4KiB rw\np write m \"\uFF14\"\n");
        assertThat(((Statement.Write) s.statements().get(2)).data()).hasSize(3);
    }

    @Test
    void aByteOrderMarkBeforeTheFirstWordIsSkipped() throws Exception {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] text = "spawn p\nfork p c\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] file = new byte[bom.length + text.length];
        System.arraycopy(bom, 0, file, 0, 3);
        System.arraycopy(text, 0, file, 3, text.length);
        Scenario s = Scenario.parse("t.cow", Scenario.decode("t.cow", file));
        assertThat(s.statements()).hasSize(2);
        assertThat(s.line(1)).isEqualTo("spawn p");
        assertThat(Scenario.parse("t.cow", "\uFEFFspawn p\n").statements().getFirst().column()).isEqualTo(1);
        // Only at the start: elsewhere it is a stray character in a word.
        assertThat(error("spawn p\nspawn \uFEFFq\n").message()).contains("not a valid process name");
    }

    // ------------------------------------------------------------------ checker against run

    /**
     * Random scenarios of the statements the checker follows, run with and without it: the
     * first error the checker finds is the first statement the run refuses, and the run
     * refuses nothing the checker passed. The scenarios make no access, so no process dies of a
     * fault and the machine is large enough that no fork fails: everything is static. The one
     * leniency is documented in {@code Checker}: init may wait for any forked process, since a
     * parent that dies of a fault leaves its children to init.
     */
    @Test
    void theCheckerFindsExactlyTheErrorsTheRunWouldMeet() throws Exception {
        Random random = new Random(20261201);
        int agreedErrors = 0;
        for (int round = 0; round < 3000; round++) {
            String text = randomScenario(random);
            List<String> lines = text.lines().toList();
            Integer checked = null;
            try {
                Scenario.parse("t.cow", text);
            } catch (ScenarioException e) {
                checked = e.diagnostics().getFirst().line();
            }
            Scenario unchecked = unchecked(lines);
            Integer ran = null;
            Run run = new Run(unchecked, RunOptions.defaults());
            try {
                run.runToEnd();
            } catch (ScenarioException e) {
                ran = e.diagnostics().getFirst().line();
            }
            if (ran != null && (checked == null || checked > ran) && lines.get(ran - 1).startsWith("wait init ")) {
                continue;
            }
            assertThat(checked).as("first error, checked and run, in:\n" + text).isEqualTo(ran);
            if (ran != null) {
                agreedErrors++;
            }
        }
        assertThat(agreedErrors).as("scenarios with an error, so the comparison means something").isGreaterThan(300);
    }

    /**
     * The same inside loops: maps whose sizes and addresses depend on the loop's variable, a
     * heap that grows each iteration, children forked, reaped and waited for twice. The first
     * problem the checker finds is the first statement the run refuses, in the same iteration.
     */
    @Test
    void theCheckerFindsExactlyTheErrorsTheRunWouldMeetInsideLoops() throws Exception {
        Random random = new Random(20261204);
        int agreedErrors = 0;
        for (int round = 0; round < 1500; round++) {
            String text = randomLoops(random);
            List<String> lines = text.lines().toList();
            // The checker's problems in the order it meets them, which is the order the run
            // would (a scenario's report lists them in the order of the file).
            List<Diagnostic> found = Checker.check("t.cow", lines, Expansion.expand("t.cow", lines,
                    Scenario.Limits.FILES));
            String checked = found.isEmpty() ? null : where(new ScenarioException(found));
            String ran = null;
            try {
                new Run(unchecked(lines), RunOptions.defaults()).runToEnd();
            } catch (ScenarioException e) {
                ran = where(e);
            }
            assertThat(checked).as("first error, checked and run, in:\n" + text).isEqualTo(ran);
            if (ran != null) {
                agreedErrors++;
            }
        }
        assertThat(agreedErrors).as("scenarios with an error, so the comparison means something").isGreaterThan(300);
    }

    /** The line of the first problem, and the iteration its message ends with. */
    private static String where(ScenarioException e) {
        Diagnostic d = e.diagnostics().getFirst();
        int when = d.message().lastIndexOf(" (when ");
        return d.line() + (when < 0 ? "" : d.message().substring(when));
    }

    private static final String[] LOOP_SIZES = {"4KiB", "4KiB*$i", "8KiB*$(i+1)", "1GiB*$i", "64GiB*$(i+1)", "150GiB",
        "1", "5000*$i"};
    private static final String[] LOOP_ADDRESSES = {"0x40000000", "0x40000000+4KiB*$i", "0x40000000+8KiB*$i",
        "0x3ffffff000-4KiB*$i", "0x10000000+4KiB*$i", "0x1000000000+64KiB*$i", "0x10000", "0x8000+4KiB*$i",
        "0x40000800*$(i%2)"};

    private static String randomLoops(Random r) {
        StringBuilder s = new StringBuilder(r.nextBoolean() ? "paging sv48\n" : "").append("spawn init\n");
        for (int loop = 0, loops = 1 + r.nextInt(2); loop < loops; loop++) {
            s.append("repeat ").append(r.nextInt(5)).append(" as i {\n");
            List<String> regions = new ArrayList<>();
            List<String> children = new ArrayList<>();
            for (int k = 0, n = 2 + r.nextInt(5); k < n; k++) {
                String id = loop + "x" + k + "-$i";
                switch (r.nextInt(9)) {
                    case 0, 1, 2 -> {
                        String who = children.isEmpty() || r.nextBoolean() ? "init" : children.get(r.nextInt(children.size()));
                        s.append("  ").append(who).append(" map r").append(id).append(' ')
                                .append(LOOP_SIZES[r.nextInt(LOOP_SIZES.length)]).append(" rw");
                        if (r.nextInt(3) > 0) {
                            s.append(" at ").append(LOOP_ADDRESSES[r.nextInt(LOOP_ADDRESSES.length)]);
                        }
                        s.append('\n');
                        if (who.equals("init")) {
                            regions.add("r" + id);
                        }
                    }
                    case 3 -> s.append("  init brk ").append(r.nextBoolean() ? "+" : "-")
                            .append(List.of("4KiB*$i", "8KiB", "1MiB*$(i+1)", "64GiB").get(r.nextInt(4))).append('\n');
                    case 4 -> {
                        if (!regions.isEmpty()) {
                            s.append("  init unmap ").append(regions.remove(r.nextInt(regions.size()))).append('\n');
                        } else {
                            s.append("  init protect brk r\n");
                        }
                    }
                    case 5 -> {
                        s.append("  fork init c").append(id).append('\n');
                        children.add("c" + id);
                    }
                    case 6 -> {
                        if (!children.isEmpty()) {
                            String c = children.get(r.nextInt(children.size()));
                            s.append(r.nextBoolean() ? "  " + c + " exit\n" : "  " + c + " exec\n");
                        }
                    }
                    default -> {
                        if (!children.isEmpty()) {
                            s.append("  wait init ").append(children.get(r.nextInt(children.size()))).append('\n');
                        }
                    }
                }
            }
            if (r.nextInt(3) == 0) {
                s.append("  repeat 2 as j { init map q").append(loop).append("-$i-$j 4KiB rw at 0x50000000+4KiB*$(")
                        .append(List.of("i*2+j", "i+j", "j").get(r.nextInt(3))).append(") }\n");
            }
            s.append("}\n");
        }
        return s.toString();
    }

    /** The scenario as it parses, without the checker: what the run meets on its own. */
    static Scenario unchecked(List<String> lines) {
        Expansion.Result e = Expansion.expand("t.cow", lines, Scenario.Limits.FILES);
        assertThat(e.problems()).as("the syntax is right").isEmpty();
        return new Scenario("t.cow", lines, e.statements(), e.iterations());
    }

    private static final String[] ADDRESSES = {"0", "0x10000", "0x8000", "0x10000000", "0x10001000", "0x40000000",
        "0x40001000", "0x40000800", "0x1000000000", "0x1000001000", "0x3ffffff000", "0x4000000000",
        "0x7ffffffff000", "0x800000000000"};
    private static final String[] SIZES = {"0", "1", "4KiB", "8KiB", "5000", "1MiB", "64GiB", "150GiB", "256GiB",
        "257GiB", "129TiB"};

    private static String randomScenario(Random r) {
        StringBuilder s = new StringBuilder();
        if (r.nextInt(4) == 0) {
            s.append("memory ").append(List.of("0", "4097", "5TiB", "1GiB", "64MiB").get(r.nextInt(5))).append('\n');
        }
        if (r.nextBoolean()) {
            s.append("paging ").append(r.nextBoolean() ? "sv39" : "sv48").append('\n');
        }
        s.append("spawn init\n");
        Map<String, Set<String>> alive = new LinkedHashMap<>();
        alive.put("init", new HashSet<>());
        Map<String, Set<String>> ended = new LinkedHashMap<>();
        int made = 0;
        int regionNames = 0;
        for (int i = 0, n = 4 + r.nextInt(14); i < n; i++) {
            List<String> names = new ArrayList<>(alive.keySet());
            String p = names.get(r.nextInt(names.size()));
            Set<String> regions = alive.get(p);
            switch (r.nextInt(12)) {
                case 0, 1, 2, 3 -> {
                    String region = "r" + regionNames++;
                    regions.add(region);
                    s.append(p).append(" map ").append(region).append(' ').append(SIZES[r.nextInt(SIZES.length)])
                            .append(" rw");
                    if (r.nextInt(3) > 0) {
                        s.append(" at ").append(ADDRESSES[r.nextInt(ADDRESSES.length)]);
                    }
                    s.append('\n');
                }
                case 4 -> {
                    List<String> own = new ArrayList<>(regions);
                    own.add("brk");
                    String region = own.get(r.nextInt(own.size()));
                    s.append(p).append(" unmap ").append(region).append('\n');
                    regions.remove(region);
                }
                case 5 -> {
                    List<String> own = new ArrayList<>(regions);
                    own.add("brk");
                    s.append(p).append(" protect ").append(own.get(r.nextInt(own.size()))).append(" r\n");
                }
                case 6 -> s.append(p).append(" brk ").append(r.nextBoolean() ? "+" : "-")
                        .append(List.of("4KiB", "8KiB", "1MiB", "64GiB").get(r.nextInt(4))).append('\n');
                case 7 -> {
                    String child = "c" + made++;
                    s.append("fork ").append(p).append(' ').append(child).append('\n');
                    alive.put(child, new HashSet<>(regions));
                }
                case 8 -> {
                    s.append(p).append(" exec\n");
                    regions.clear();
                }
                case 9 -> {
                    if (!p.equals("init")) {
                        s.append(r.nextBoolean() ? p + " exit\n" : "kill " + p + "\n");
                        ended.put(p, alive.remove(p));
                    }
                }
                default -> {
                    List<String> all = new ArrayList<>(alive.keySet());
                    all.addAll(ended.keySet());
                    String child = all.get(r.nextInt(all.size()));
                    s.append("wait ").append(p).append(' ').append(child).append('\n');
                }
            }
        }
        return s.toString();
    }
}
