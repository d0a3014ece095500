package dev.cowvm.script;

import dev.cowvm.kernel.AddressLayout;
import dev.cowvm.kernel.KernelConfig;
import dev.cowvm.mmu.PagingMode;
import dev.cowvm.phys.PhysicalMemory;
import dev.cowvm.script.text.KernelText;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks, before anything runs, everything the run would refuse that can be known without
 * running: every name a statement uses exists at that point (processes are made by spawn
 * and fork, regions by map, copied by fork, dropped by unmap and exec); the machine's
 * settings come before any statement that uses the machine, and its memory is one the
 * kernel can build; each {@code map} has a length and an address the paging format allows,
 * and lands where the kernel can put it (see {@link Layout}); {@code wait} names a child of
 * the parent that has not been reaped already. A scenario has no branches, so this is
 * exact; what remains for the run is what depends on memory running out or a process
 * dying of a fault.
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
    private PagingMode paging = PagingMode.SV39;
    private final Map<String, Layout> layouts = new HashMap<>();
    /** Each forked process's parent; spawned ones have none. */
    private final Map<String, String> parents = new HashMap<>();
    /** Processes ended by exit or kill: the run skips their later statements. */
    private final Set<String> ended = new HashSet<>();
    /** Children certainly reaped: by whom, on which line. */
    private final Map<String, String[]> reaped = new HashMap<>();
    /** The first process spawned: pid 1, which adopts orphans (and so may wait for them). */
    private String init;

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
            case Statement.Memory m -> {
                setting(s, "memory");
                memory(m);
            }
            case Statement.Zero z -> setting(s, "zero");
            case Statement.SetForkMode f -> setting(s, "fork-mode");
            case Statement.Paging p -> {
                setting(s, "paging");
                paging = p.mode();
            }
            case Statement.Say say -> { }
            case Statement.Spawn sp -> {
                machineUsed = true;
                if (create(s, sp.name(), new LinkedHashSet<>())) {
                    layouts.put(sp.name(), new Layout());
                    if (init == null) {
                        init = sp.name();
                    }
                }
            }
            case Statement.Fork f -> {
                machineUsed = true;
                if (known(s, f.parent()) && create(s, f.child(), new LinkedHashSet<>(regions.get(f.parent())))) {
                    layouts.put(f.child(), layouts.get(f.parent()).copy());
                    parents.put(f.child(), f.parent());
                }
            }
            case Statement.Map m -> {
                machineUsed = true;
                if (known(s, m.process())) {
                    if (m.region().equals(HEAP)) {
                        problem(s, HEAP, "'brk' names the heap, which brk grows; give the region another name");
                    } else if (!regions.get(m.process()).add(m.region())) {
                        problem(s, "region " + m.region() + " is already mapped in " + m.process());
                    } else {
                        map(m);
                    }
                }
            }
            case Statement.Unmap u -> {
                machineUsed = true;
                if (region(s, u.process(), u.region())) {
                    regions.get(u.process()).remove(u.region());
                    layout(u.process()).unmap(u.region());
                }
            }
            case Statement.Protect pr -> {
                machineUsed = true;
                if (region(s, pr.process(), pr.region())) {
                    String refused = layout(pr.process()).protect(pr.region());
                    if (refused != null) {
                        problemAt(s, 2, refused);
                    }
                }
            }
            case Statement.Exec e -> {
                machineUsed = true;
                if (known(s, e.process())) {
                    regions.get(e.process()).clear();
                    layout(e.process()).clear();
                }
            }
            case Statement.Write w -> address(s, w.process(), w.address());
            case Statement.Read r -> address(s, r.process(), r.address());
            case Statement.Fill f -> address(s, f.process(), f.address());
            case Statement.Touch t -> address(s, t.process(), t.address());
            case Statement.Brk b -> {
                use(s, b.process());
                if (regions.containsKey(b.process())) {
                    layout(b.process()).brk(b.delta(), paging.userLimit());
                }
            }
            case Statement.Exit e -> end(s, e.process());
            case Statement.Kill k -> end(s, k.name());
            case Statement.Wait w -> {
                use(s, w.parent());
                use(s, w.child());
                if (regions.containsKey(w.parent()) && regions.containsKey(w.child())) {
                    waitFor(w);
                }
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

    private boolean create(Statement s, String name, Set<String> inherited) {
        Integer before = madeAt.get(name);
        if (before != null) {
            problem(s, "process " + name + " already exists (made on line " + before + ")");
            return false;
        }
        madeAt.put(name, s.line());
        regions.put(name, inherited);
        return true;
    }

    // ------------------------------------------------------------------ the machine

    /** The kernel builds machines of whole 4 KiB frames, from one frame to 4 TiB. */
    private void memory(Statement.Memory m) {
        long bytes = m.bytes();
        if (bytes < PhysicalMemory.PAGE_SIZE) {
            problemAt(m, 1, "memory " + dev.cowvm.Sizes.format(bytes) + " is too small: a machine needs at least one"
                    + " 4 KiB frame");
        } else if (bytes > KernelConfig.MAX_MEMORY) {
            problemAt(m, 1, "memory " + dev.cowvm.Sizes.format(bytes) + " is more than the "
                    + dev.cowvm.Sizes.format(KernelConfig.MAX_MEMORY) + " allowed");
        } else if (bytes % PhysicalMemory.PAGE_SIZE != 0) {
            long down = bytes / PhysicalMemory.PAGE_SIZE * PhysicalMemory.PAGE_SIZE;
            problemAt(m, 1, "memory " + bytes + " bytes is not a whole number of 4 KiB frames (" + down + " or "
                    + (down + PhysicalMemory.PAGE_SIZE) + " would be)");
        }
    }

    /**
     * A map's length and address as the kernel checks them, for the paging format in force,
     * then its place in the process's layout. Token 3 is the size, token 6 the address.
     */
    private void map(Statement.Map m) {
        long limit = paging.userLimit();
        String space = dev.cowvm.Sizes.format(limit) + " of user space under " + paging.specName();
        if (m.length() == 0) {
            problemAt(m, 3, "a region needs a length of at least 1 byte, not 0");
            return;
        }
        if (m.length() > limit) {
            problemAt(m, 3, "length " + dev.cowvm.Sizes.format(m.length()) + " is more than the " + space
                    + sv48Hint(m.length()));
            return;
        }
        long at = m.at() == null ? 0 : m.at().offset();
        long len = Layout.pageUp(m.length());
        if (at != 0) {
            if (at % Layout.PAGE != 0) {
                problemAt(m, 6, "address 0x" + Long.toHexString(at) + " is not page-aligned (a multiple of 4 KiB)");
                return;
            }
            if (at < AddressLayout.MIN_MAP_ADDRESS) {
                problemAt(m, 6, "address 0x" + Long.toHexString(at) + " is below 0x"
                        + Long.toHexString(AddressLayout.MIN_MAP_ADDRESS) + ": the first "
                        + dev.cowvm.Sizes.format(AddressLayout.MIN_MAP_ADDRESS) + " stay unmapped, to catch null pointers");
                return;
            }
            if (at > limit - len) {
                problemAt(m, 6, Layout.range(at, at + len) + " is outside user space "
                        + Layout.range(AddressLayout.MIN_MAP_ADDRESS, limit) + ", the " + space
                        + sv48Hint(at + len));
                return;
            }
        }
        if (!ended.contains(m.process())) {
            String refused = layout(m.process()).map(m.region(), m.length(), at, limit);
            if (refused != null) {
                problemAt(m, at != 0 ? 6 : 3, refused);
            }
        }
    }

    /** Under Sv39, a reminder that Sv48 has room up to {@code end}, when it has. */
    private String sv48Hint(long end) {
        return paging == PagingMode.SV39 && end <= PagingMode.SV48.userLimit()
                ? " (paging sv48 gives " + dev.cowvm.Sizes.format(PagingMode.SV48.userLimit()) + ")" : "";
    }

    /** The layout of a process the checker follows; a dead one's statements are skipped by the run. */
    private Layout layout(String process) {
        return ended.contains(process) ? new Layout() : layouts.get(process);
    }

    /** exit and kill: later statements of the process are skipped; its children go to init. */
    private void end(Statement s, String process) {
        use(s, process);
        if (regions.containsKey(process) && ended.add(process)) {
            parents.replaceAll((child, parent) -> parent.equals(process) && init != null ? init : parent);
        }
    }

    /**
     * wait PARENT CHILD: the kernel reaps only a child of PARENT. A spawned process has no
     * parent; a forked one belongs to its parent, or to init once that parent has ended (init
     * may also adopt a child whose parent dies of a fault, so a wait by init is left to the
     * run). A child known to have ended is reaped by the first wait of its parent, and a
     * second wait of that parent is refused.
     */
    private void waitFor(Statement.Wait w) {
        if (ended.contains(w.parent())) {
            return; // the run skips it
        }
        String parent = parents.get(w.child());
        if (parent == null) {
            problemAt(w, 2, w.child() + " was spawned, not forked: it has no parent to wait for it");
            return;
        }
        if (!parent.equals(w.parent()) && !w.parent().equals(init)) {
            problemAt(w, 2, w.child() + " is a child of " + parent + ", not of " + w.parent());
            return;
        }
        String[] before = reaped.get(w.child());
        if (before != null && before[0].equals(w.parent())) {
            problemAt(w, 2, w.child() + " was already reaped by " + w.parent() + " on line " + before[1]);
        } else if (before == null && ended.contains(w.child()) && parent.equals(w.parent())) {
            reaped.put(w.child(), new String[] {w.parent(), Integer.toString(w.line())});
        }
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

    /** Reports at the column of the statement's token {@code index} (0 is its first word). */
    private void problemAt(Statement s, int index, String message) {
        if (problems.size() >= 20) {
            return;
        }
        String line = lines.get(s.line() - 1);
        int column = s.column();
        try {
            List<Token> tokens = Lexer.tokens(file, s.line(), line);
            if (index < tokens.size()) {
                column = tokens.get(index).column();
            }
        } catch (ScenarioException e) {
            throw new AssertionError("a parsed line no longer lexes: " + line, e);
        }
        problems.add(new Diagnostic(file, s.line(), column, message, line));
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
