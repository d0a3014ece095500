package dev.cowvm.script;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks, before anything runs, that every name a statement uses exists at that point:
 * processes are made by spawn and fork, regions by map (and copied by fork, dropped by
 * unmap and exec). A scenario has no branches, so this is exact. The machine's settings
 * must come before any statement that uses the machine.
 */
final class Checker {
    /** The heap's name in addresses: {@code brk+16}. Always known; it may be empty. */
    static final String HEAP = "brk";

    private final String file;
    private final List<String> lines;
    private final Map<String, Set<String>> regions = new HashMap<>();
    private final Map<String, Integer> madeAt = new HashMap<>();
    private final List<Diagnostic> problems = new ArrayList<>();
    private boolean machineUsed;

    private Checker(String file, List<String> lines) {
        this.file = file;
        this.lines = lines;
    }

    static void check(String file, List<String> lines, List<Statement> statements) throws ScenarioException {
        Checker c = new Checker(file, lines);
        for (Statement s : statements) {
            c.statement(s);
        }
        if (!c.problems.isEmpty()) {
            throw new ScenarioException(c.problems);
        }
    }

    private void statement(Statement s) {
        switch (s) {
            case Statement.Memory m -> setting(s, "memory");
            case Statement.Zero z -> setting(s, "zero");
            case Statement.SetForkMode f -> setting(s, "fork-mode");
            case Statement.Paging p -> setting(s, "paging");
            case Statement.Say say -> { }
            case Statement.Spawn sp -> {
                machineUsed = true;
                create(s, sp.name(), new LinkedHashSet<>());
            }
            case Statement.Fork f -> {
                machineUsed = true;
                if (known(s, f.parent())) {
                    create(s, f.child(), new LinkedHashSet<>(regions.get(f.parent())));
                }
            }
            case Statement.Map m -> {
                machineUsed = true;
                if (known(s, m.process())) {
                    if (m.region().equals(HEAP)) {
                        problem(s, HEAP, "'brk' names the heap, which brk grows; give the region another name");
                    } else if (!regions.get(m.process()).add(m.region())) {
                        problem(s, "region " + m.region() + " is already mapped in " + m.process());
                    }
                }
            }
            case Statement.Unmap u -> {
                machineUsed = true;
                if (region(s, u.process(), u.region())) {
                    regions.get(u.process()).remove(u.region());
                }
            }
            case Statement.Protect pr -> {
                machineUsed = true;
                region(s, pr.process(), pr.region());
            }
            case Statement.Exec e -> {
                machineUsed = true;
                if (known(s, e.process())) {
                    regions.get(e.process()).clear();
                }
            }
            case Statement.Write w -> address(s, w.process(), w.address());
            case Statement.Read r -> address(s, r.process(), r.address());
            case Statement.Fill f -> address(s, f.process(), f.address());
            case Statement.Touch t -> address(s, t.process(), t.address());
            case Statement.Brk b -> use(s, b.process());
            case Statement.Exit e -> use(s, e.process());
            case Statement.Kill k -> use(s, k.name());
            case Statement.Wait w -> {
                use(s, w.parent());
                use(s, w.child());
            }
            case Statement.ExpectProcess e -> use(s, e.process());
            case Statement.ExpectStat e -> machineUsed = true;
            case Statement.Show sh -> {
                machineUsed = true;
                if (!sh.what().equals("frames") && !sh.what().equals("stats")) {
                    known(s, sh.what());
                }
            }
        }
    }

    private void setting(Statement s, String what) {
        if (machineUsed) {
            problem(s, what + " must come before the first statement that uses the machine");
        }
    }

    private void create(Statement s, String name, Set<String> inherited) {
        Integer before = madeAt.get(name);
        if (before != null) {
            problem(s, "process " + name + " already exists (made on line " + before + ")");
            return;
        }
        madeAt.put(name, s.line());
        regions.put(name, inherited);
    }

    private void use(Statement s, String name) {
        machineUsed = true;
        known(s, name);
    }

    private boolean known(Statement s, String name) {
        if (!regions.containsKey(name)) {
            problem(s, name, "unknown process " + name + " (spawn or fork it first)");
            return false;
        }
        return true;
    }

    private boolean region(Statement s, String process, String region) {
        if (!known(s, process)) {
            return false;
        }
        if (!region.equals(HEAP) && !regions.get(process).contains(region)) {
            problem(s, region, "process " + process + " has no region " + region + regionHint(process));
            return false;
        }
        return true;
    }

    private void address(Statement s, String process, Address a) {
        machineUsed = true;
        if (a.region() != null) {
            region(s, process, a.region());
        } else {
            known(s, process);
        }
    }

    private String regionHint(String process) {
        Set<String> r = regions.get(process);
        return r.isEmpty() ? " (it has none mapped here)" : " (it has " + String.join(", ", r) + ")";
    }

    private void problem(Statement s, String message) {
        problem(s, null, message);
    }

    /** Reports at the column of {@code word} in the statement's line, if it is there as a word. */
    private void problem(Statement s, String word, String message) {
        if (problems.size() >= 20) {
            return;
        }
        String line = lines.get(s.line() - 1);
        int column = s.column();
        if (word != null) {
            java.util.regex.Matcher m = java.util.regex.Pattern
                    .compile("(?<![\\w.-])" + java.util.regex.Pattern.quote(word) + "(?![\\w.-])").matcher(line);
            if (m.find()) {
                column = m.start() + 1;
            }
        }
        problems.add(new Diagnostic(file, s.line(), column, message, line));
    }
}
