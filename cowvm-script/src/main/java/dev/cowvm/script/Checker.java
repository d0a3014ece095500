package dev.cowvm.script;

import dev.cowvm.kernel.AddressLayout;
import dev.cowvm.kernel.KernelConfig;
import dev.cowvm.mmu.PagingMode;
import dev.cowvm.phys.PhysicalMemory;
import dev.cowvm.script.text.KernelText;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
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
    private final List<Bindings> iterations;
    private final Map<String, Set<String>> regions = new HashMap<>();
    private final Map<String, Integer> madeAt = new LinkedHashMap<>();
    private final Problems problems = new Problems();
    /**
     * Names already reported unknown, and those a line that could not be parsed may have
     * made: their later uses are not reported again, so that one typo gives one error.
     */
    private final Set<String> phantoms = new HashSet<>();
    private final Set<String> phantomRegions = new HashSet<>();
    /** After a loop that could not expand, any name may exist: unknown names are not reported. */
    private boolean lenient;
    /** The index of the statement being checked, for its iteration. */
    private int index;
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

    private Checker(String file, List<String> lines, List<Bindings> iterations) {
        this.file = file;
        this.lines = lines;
        this.iterations = iterations;
    }

    /**
     * The problems of the statements that parsed; what lines that did not parse would have
     * made ({@code e.recoveries()}) is taken as made, so that their problem is not repeated
     * at every later use of a name.
     */
    static List<Diagnostic> check(String file, List<String> lines, Expansion.Result e) {
        Checker c = new Checker(file, lines, e.iterations());
        List<Statement> statements = e.statements();
        int r = 0;
        for (int i = 0; i < statements.size() && !c.problems.full(); i++) {
            while (r < e.recoveries().size() && e.recoveries().get(r).before() <= i) {
                c.recover(e.recoveries().get(r++));
            }
            c.index = i;
            c.statement(statements.get(i));
        }
        return c.problems.list();
    }

    /** Takes as made what a line that did not parse would have made. */
    private void recover(Expansion.Recovery r) {
        if (r.anything()) {
            lenient = true;
        } else if (r.region() != null) {
            if (regions.containsKey(r.process())) {
                regions.get(r.process()).add(r.region());
            }
        } else if (!regions.containsKey(r.process())) {
            if (r.parent() != null && regions.containsKey(r.parent())) {
                regions.put(r.process(), new LinkedHashSet<>(regions.get(r.parent())));
                layouts.put(r.process(), layouts.get(r.parent()).copy());
                parents.put(r.process(), r.parent());
            } else if (r.parent() == null) {
                regions.put(r.process(), new LinkedHashSet<>());
                layouts.put(r.process(), new Layout());
            } else {
                phantoms.add(r.process());
            }
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
                if (create(s, 1, sp.name(), new LinkedHashSet<>())) {
                    layouts.put(sp.name(), new Layout());
                    if (init == null) {
                        init = sp.name();
                    }
                }
            }
            case Statement.Fork f -> {
                machineUsed = true;
                if (!regions.containsKey(f.parent()) && regions.containsKey(f.child())
                        && !phantoms.contains(f.parent()) && !lenient) {
                    problemAt(s, 1, "unknown process " + f.parent() + "; fork names the parent first, then the new"
                            + " child: did you mean 'fork " + f.child() + " " + f.parent() + "'?");
                    phantoms.add(f.parent());
                } else if (known(s, 1, f.parent())) {
                    if (create(s, 2, f.child(), new LinkedHashSet<>(regions.get(f.parent())))) {
                        layouts.put(f.child(), layouts.get(f.parent()).copy());
                        parents.put(f.child(), f.parent());
                    }
                } else if (!regions.containsKey(f.child())) {
                    phantoms.add(f.child()); // a child of a process that is not known is not reported at each use
                }
            }
            case Statement.Map m -> {
                machineUsed = true;
                if (known(s, 0, m.process())) {
                    if (m.region().equals(HEAP)) {
                        problemAt(s, 2, "'brk' names the heap, which brk grows; give the region another name");
                    } else if (!regions.get(m.process()).add(m.region())) {
                        problemAt(s, 0, "region " + m.region() + " is already mapped in " + m.process());
                    } else {
                        map(m);
                    }
                }
            }
            case Statement.Unmap u -> {
                machineUsed = true;
                if (region(s, 2, u.process(), u.region())) {
                    regions.get(u.process()).remove(u.region());
                    layout(u.process()).unmap(u.region());
                }
            }
            case Statement.Protect pr -> {
                machineUsed = true;
                if (region(s, 2, pr.process(), pr.region())) {
                    String refused = layout(pr.process()).protect(pr.region());
                    if (refused != null) {
                        problemAt(s, 2, refused);
                    }
                }
            }
            case Statement.Exec e -> {
                machineUsed = true;
                if (known(s, 0, e.process())) {
                    regions.get(e.process()).clear();
                    layout(e.process()).clear();
                }
            }
            case Statement.Write w -> address(s, w.process(), w.address());
            case Statement.Read r -> address(s, r.process(), r.address());
            case Statement.Fill f -> address(s, f.process(), f.address());
            case Statement.Touch t -> address(s, t.process(), t.address());
            case Statement.Brk b -> {
                use(s, 0, b.process());
                if (regions.containsKey(b.process())) {
                    layout(b.process()).brk(b.delta(), paging.userLimit());
                }
            }
            case Statement.Exit e -> end(s, 0, e.process());
            case Statement.Kill k -> end(s, 1, k.name());
            case Statement.Wait w -> {
                use(s, 1, w.parent());
                use(s, 2, w.child());
                if (regions.containsKey(w.parent()) && regions.containsKey(w.child())) {
                    waitFor(w);
                }
            }
            case Statement.ExpectProcess e -> use(s, 1, e.process());
            case Statement.ExpectStat e -> machineUsed = true;
            case Statement.Show sh -> {
                machineUsed = true;
                if (!sh.what().equals("frames") && !sh.what().equals("stats")) {
                    known(s, 1, sh.what());
                }
            }
        }
    }

    private void setting(Statement s, String what) {
        if (machineUsed) {
            problemAt(s, 0, what + " must come before the first statement that uses the machine");
        }
    }

    private boolean create(Statement s, int token, String name, Set<String> inherited) {
        Integer before = madeAt.get(name);
        if (before != null) {
            problemAt(s, 0, "process " + name + " already exists (made on line " + before + ")");
            return false;
        }
        madeAt.put(name, s.line());
        regions.put(name, inherited);
        phantoms.remove(name);
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
    private void end(Statement s, int token, String process) {
        use(s, token, process);
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
            problemAt(w, 2, w.child() + " was spawned, not forked: it has no parent to wait for it"
                    + (w.child().equals(parents.get(w.parent())) ? "; wait names the parent first: did you mean"
                    + " 'wait " + w.child() + " " + w.parent() + "'?" : ""));
            return;
        }
        if (!parent.equals(w.parent()) && !w.parent().equals(init)) {
            problemAt(w, 2, w.child() + " is a child of " + parent + ", not of " + w.parent()
                    + (w.child().equals(parents.get(w.parent())) ? "; wait names the parent first: did you mean"
                    + " 'wait " + w.child() + " " + w.parent() + "'?" : ""));
            return;
        }
        String[] before = reaped.get(w.child());
        if (before != null && before[0].equals(w.parent())) {
            problemAt(w, 2, w.child() + " was already reaped by " + w.parent() + " on line " + before[1]);
        } else if (before == null && ended.contains(w.child()) && parent.equals(w.parent())) {
            reaped.put(w.child(), new String[] {w.parent(), Integer.toString(w.line())});
        }
    }

    private void use(Statement s, int token, String name) {
        machineUsed = true;
        known(s, token, name);
    }

    /**
     * True if the process exists here. An unknown one is reported once, at its first use,
     * with the closest name that exists; its later uses are not reported again.
     */
    private boolean known(Statement s, int token, String name) {
        if (regions.containsKey(name)) {
            return true;
        }
        if (!lenient && phantoms.add(name)) {
            problemAt(s, token, "unknown process " + name + " (spawn or fork it first)"
                    + Suggest.hint(name, madeAt.keySet()));
        }
        return false;
    }

    private boolean region(Statement s, int token, String process, String region) {
        if (!known(s, 0, process)) {
            return false;
        }
        if (!region.equals(HEAP) && !regions.get(process).contains(region)) {
            if (!lenient && phantomRegions.add(process + "\0" + region)) {
                problemAt(s, token, "process " + process + " has no region " + region + regionHint(process, region));
            }
            return false;
        }
        return true;
    }

    private void address(Statement s, String process, Address a) {
        machineUsed = true;
        if (a.region() != null) {
            region(s, 2, process, a.region());
        } else {
            known(s, 0, process);
        }
    }

    private String regionHint(String process, String region) {
        Set<String> r = regions.get(process);
        if (r.isEmpty()) {
            return " (it has none mapped here)";
        }
        int dash = region.lastIndexOf('-');
        if (dash > 0 && dash + 1 < region.length() && Character.isDigit(region.charAt(dash + 1))
                && (r.contains(region.substring(0, dash)) || region.substring(0, dash).equals(HEAP))) {
            return "; '" + region + "' reads as one name: an address is a region plus 0 or more ("
                    + region.substring(0, dash) + "+16), and one below a region is written as a number";
        }
        Set<String> names = new LinkedHashSet<>(r);
        names.add(HEAP);
        String close = Suggest.closest(region, names);
        return close != null ? "; did you mean " + close + "?" : " (it has " + String.join(", ", r) + ")";
    }

    /**
     * Reports at the column of the statement's token {@code token} (0 is its first word),
     * saying the iteration when the statement is in a loop.
     */
    private void problemAt(Statement s, int token, String message) {
        if (problems.full()) {
            return;
        }
        String line = lines.get(s.line() - 1);
        int column = s.column();
        try {
            List<Token> tokens = Lexer.tokens(file, s.line(), line);
            int first = 0;
            while (first < tokens.size() && tokens.get(first).column() < s.column()) {
                first++;
            }
            if (first + token < tokens.size()) {
                column = tokens.get(first + token).column();
            }
        } catch (ScenarioException e) {
            throw new AssertionError("a parsed line no longer lexes: " + line, e);
        }
        problems.add(new Diagnostic(file, s.line(), column, message + iterations.get(index).suffix(), line));
    }
}
