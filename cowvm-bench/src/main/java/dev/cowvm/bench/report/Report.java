package dev.cowvm.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * Writes {@code bench/results/<date>.md} from one run: a table per figure, each with its
 * references and the ratios cowvm/Linux and cowvm/bare JVM, then the targets of issue 4
 * with what was measured against each. What each figure means is in
 * {@code docs/performance.md}.
 *
 * <pre>
 *   java -cp cowvm-bench/target/benchmarks.jar dev.cowvm.bench.report.Report \
 *        --jmh results.json [--linux linux.txt] [--title "..."] --out results.md
 * </pre>
 */
public final class Report {
    static final int[] FORK_MIB = {1, 16, 256, 1024, 4096};
    static final int[] WORKING_SET_KIB = {16, 256, 4096, 65536, 1048576};
    static final int[] MACHINE_GIB = {1, 16, 64};
    static final int[] SPARSE_SPACING_MIB = {1024, 2};
    static final int PAGES_PER_MIB = 256;
    /** Pages the sparse fork writes: one per spacing across [1 GiB, 256 GiB). */
    static final long SPARSE_SPAN_MIB = 255L * 1024;

    private final Results r;
    private final List<String[]> targets = new ArrayList<>();

    Report(Results results) {
        this.r = results;
    }

    public static void main(String[] args) throws IOException {
        Path jmh = null;
        Path linux = null;
        Path footprint = null;
        Path guest = null;
        Path qemu = null;
        Path out = null;
        String title = "cowvm benchmarks";
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--jmh" -> jmh = Path.of(value);
                case "--linux" -> linux = Path.of(value);
                case "--footprint" -> footprint = Path.of(value);
                case "--guest" -> guest = Path.of(value);
                case "--qemu" -> qemu = Path.of(value);
                case "--out" -> out = Path.of(value);
                case "--title" -> title = value;
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + "; usage: Report --jmh FILE [--linux FILE] [--footprint FILE] [--guest FILE] [--qemu FILE]"
                        + " [--title TEXT] --out FILE");
            }
            i++;
        }
        if (jmh == null || out == null) {
            throw new IllegalArgumentException("usage: Report --jmh FILE [--linux FILE] [--footprint FILE] [--title TEXT]"
                    + " --out FILE");
        }
        Results results = new Results();
        results.readJmh(jmh);
        if (linux != null) {
            results.readLinux(linux);
        }
        if (footprint != null) {
            results.readFootprint(footprint);
        }
        if (guest != null) {
            results.readGuest(guest);
        }
        if (qemu != null) {
            results.readQemu(qemu);
        }
        Files.writeString(out, new Report(results).markdown(title));
    }

    String markdown(String title) {
        StringBuilder sb = new StringBuilder("# ").append(title).append("\n\n");
        sb.append("Times are nanoseconds per operation unless a column says otherwise; a ratio is")
                .append(" cowvm's time divided by the reference's (below 1: cowvm is faster). What each")
                .append(" figure means and what limits it: docs/performance.md. `–`: not measured in this")
                .append(" run (a quick run, or a combination that did not fit in memory).\n\n");
        r.about().forEach((k, v) -> sb.append("- ").append(k).append(": ").append(v).append('\n'));
        section(sb, "1. fork latency against resident memory", fork());
        section(sb, "2. Copy-on-write fault", copyOnWrite());
        section(sb, "3. Zero-fill-on-demand fault", zeroFill());
        section(sb, "4. Translated access, TLB warm: 8-byte loads and stores, 4-byte instruction fetches", access());
        section(sb, "5a. Scale: boot a machine, run 1,000 processes", scale());
        section(sb, "5b. Scale: fork of a sparse 256 GiB address space", sparse());
        section(sb, "6. Scenario throughput", scenarios());
        section(sb, "7. RISC-V programs on cowvm, next to qemu-riscv64 on the same machine", guest());
        section(sb, "7b. Linux programs (static glibc) on cowvm's Linux interface, next to qemu-riscv64", linux());
        Table t = new Table("target", "measured", "result");
        for (String[] row : targets) {
            t.row(row);
        }
        section(sb, "Targets", t);
        return sb.toString();
    }

    private static void section(StringBuilder sb, String heading, Table table) {
        sb.append("\n## ").append(heading).append("\n\n").append(table.markdown());
    }

    private Table fork() {
        Table t = new Table("resident", "mode", "cowvm µs", "cowvm ns/page", "cowvm ms/GiB",
                "Linux µs", "Linux ns/page", "cowvm/Linux", "cowvm/bare copy of every page");
        OptionalDouble bareCopy = r.ns("CopyOnWriteFaultBenchmark.bareArraycopy");
        for (int mib : FORK_MIB) {
            long pages = (long) mib * PAGES_PER_MIB;
            OptionalDouble linux = r.linux("fork mib=" + mib + " pages=" + pages);
            for (String mode : new String[] {"cow", "copy"}) {
                OptionalDouble ours = r.ns("ForkBenchmark.fork mode=" + mode + " residentMiB=" + mib);
                t.row(size(mib * 1024L), mode, Table.number(Table.times(ours, 1e-3)),
                        Table.number(Table.times(ours, 1.0 / pages)),
                        Table.number(Table.times(ours, 1e-6 * 1024 / mib)),
                        Table.number(Table.times(linux, 1e-3)), Table.number(Table.times(linux, 1.0 / pages)),
                        Table.ratio(ours, linux),
                        mode.equals("copy") ? Table.ratio(ours, Table.times(bareCopy, pages)) : Table.MISSING);
            }
        }
        int at = 1024;
        OptionalDouble ours = OptionalDouble.empty();
        OptionalDouble linux = OptionalDouble.empty();
        for (int mib : FORK_MIB) {
            OptionalDouble o = r.ns("ForkBenchmark.fork mode=cow residentMiB=" + mib);
            OptionalDouble l = r.linux("fork mib=" + mib + " pages=" + (long) mib * PAGES_PER_MIB);
            if (o.isPresent() && l.isPresent() && (ours.isEmpty() || mib <= 1024)) {
                at = mib;
                ours = o;
                linux = l;
            }
        }
        target("cow fork ≤ 1/10 of Linux's fork, per resident page (at " + size(at * 1024L) + ")", ours, linux, 0.1);
        return t;
    }

    private Table copyOnWrite() {
        String c = "CopyOnWriteFaultBenchmark.";
        Table t = faults("first write", c, new String[] {"bareSegmentCopy", "bareArraycopy", "bareArraycopyHot"},
                new String[] {"bare MemorySegment.copy 4 KiB", "bare arraycopy 4 KiB", "bare arraycopy 4 KiB, L1-hot"},
                new Fault("to a shared page (copy)", "copyFault", "cow_copy_fault"),
                new Fault("to a page no longer shared (reuse)", "reuseFault", "cow_reuse_fault"),
                new Fault("a bare 4 KiB memcpy in C", null, "memcpy_4k"));
        target("copy-on-write copy fault ≤ 1.5× a bare 4 KiB copy (MemorySegment.copy, same 16 MiB footprint)",
                r.ns(c + "copyFault"), r.ns(c + "bareSegmentCopy"), 1.5);
        target("reuse fault ≤ 1/4 of a copy fault", r.ns(c + "reuseFault"), r.ns(c + "copyFault"), 0.25);
        return t;
    }

    private Table zeroFill() {
        String z = "ZeroFillFaultBenchmark.";
        Table t = faults("first access", z, new String[] {"bareSegmentFill", "bareFill", "bareFillHot"},
                new String[] {"bare MemorySegment.fill 4 KiB", "bare Arrays.fill 4 KiB", "bare Arrays.fill 4 KiB, L1-hot"},
                new Fault("write to a fresh page (zero fill)", "firstWrite", "zero_fill_write"),
                new Fault("read of a fresh page (zero page mapped)", "firstRead", "zero_page_read"),
                new Fault("a bare 4 KiB memset in C", null, "memset_4k"));
        target("zero-fill fault ≤ 1.5× a bare 4 KiB fill (MemorySegment.fill, same 16 MiB footprint)",
                r.ns(z + "firstWrite"), r.ns(z + "bareSegmentFill"), 1.5);
        return t;
    }

    /** A row of a fault figure: cowvm's benchmark method (null for none) and Linux's figure. */
    private record Fault(String label, String method, String linux) {
    }

    /**
     * A fault figure: each fault next to Linux's, and the first one next to the bare JVM
     * operations it cannot avoid (the first of them is the one the ratio and target use).
     */
    private Table faults(String what, String benchmark, String[] bareMethods, String[] bareLabels, Fault... rows) {
        Table t = new Table(what, "cowvm", bareLabels[0], bareLabels[1], bareLabels[2], "Linux",
                "cowvm/" + bareLabels[0].replace(" 4 KiB", ""), "cowvm/Linux");
        OptionalDouble bare = r.ns(benchmark + bareMethods[0]);
        for (int i = 0; i < rows.length; i++) {
            Fault f = rows[i];
            OptionalDouble ours = f.method() == null ? OptionalDouble.empty() : r.ns(benchmark + f.method());
            OptionalDouble linux = r.linux(f.linux() + " pages=4096");
            boolean first = i == 0;
            t.row(f.label(), Table.number(ours),
                    first ? Table.number(bare) : Table.MISSING,
                    first ? Table.number(r.ns(benchmark + bareMethods[1])) : Table.MISSING,
                    first ? Table.number(r.ns(benchmark + bareMethods[2])) : Table.MISSING,
                    Table.number(linux), first ? Table.ratio(ours, bare) : Table.MISSING, Table.ratio(ours, linux));
        }
        return t;
    }

    private Table access() {
        Table t = new Table("working set", "access", "cowvm ns", "array ns", "segment ns", "cowvm/array",
                "cowvm/segment");
        int[] rows = new int[3];
        int[] met = new int[3];
        double[] worst = new double[3];
        String[] worstAt = {"", "", ""};
        String[] kinds = {"load", "store", "fetch"};
        double[] limit = {1.5, 2, 1.5};
        for (int kib : WORKING_SET_KIB) {
            for (int k = 0; k < kinds.length; k++) {
                String op = kinds[k];
                for (String pattern : op.equals("fetch") ? new String[] {"Sequential"} : new String[] {"Sequential", "Random"}) {
                    String suffix = pattern + " workingSetKiB=" + kib;
                    OptionalDouble ours = r.ns("AccessBenchmark." + op + suffix);
                    String capitalized = Character.toUpperCase(op.charAt(0)) + op.substring(1);
                    OptionalDouble array = r.ns("AccessBenchmark.array" + capitalized + suffix);
                    OptionalDouble segment = r.ns("AccessBenchmark.segment" + capitalized + suffix);
                    String what = op.equals("fetch") ? "fetch 4 bytes, sequential (int[])" : op + ", " + pattern.toLowerCase();
                    t.row(size(kib), what, Table.number(ours), Table.number(array), Table.number(segment),
                            Table.ratio(ours, array), Table.ratio(ours, segment));
                    if (ours.isPresent() && array.isPresent()) {
                        double ratio = ours.getAsDouble() / array.getAsDouble();
                        rows[k]++;
                        met[k] += ratio <= limit[k] ? 1 : 0;
                        if (ratio > worst[k]) {
                            worst[k] = ratio;
                            worstAt[k] = pattern.toLowerCase() + ", " + size(kib);
                        }
                    }
                }
            }
        }
        String[] names = {"TLB-hit 8-byte load ≤ 1.5× a plain long[] load, every working set",
            "TLB-hit 8-byte store ≤ 2× a plain long[] store, every working set",
            "instruction fetch on a hit ≤ 1.5× a plain int[] load, every working set"};
        for (int k = 0; k < kinds.length; k++) {
            targets.add(new String[] {names[k],
                    rows[k] == 0 ? Table.MISSING : met[k] + " of " + rows[k] + " rows within; worst "
                            + Table.number(worst[k]) + "× (" + worstAt[k] + ")",
                    rows[k] == 0 ? "not measured" : met[k] == rows[k] ? "met" : "missed"});
        }
        return t;
    }

    /** Host memory 1,000 processes took on the 64 GiB machine before the arena (bench/results/2026-11-29.md). */
    static final double PROCESSES_BYTES_BEFORE = 22.5 * (1 << 20);

    private Table scale() {
        Table t = new Table("machine", "boot µs", "boot heap allocated", "boot + 1,000 processes ms",
                "their heap allocated", "their arena pages resident", "their host memory");
        for (int gib : MACHINE_GIB) {
            OptionalDouble boot = r.ns("ScaleBenchmark.boot machineGiB=" + gib);
            OptionalDouble run = r.ns("ScaleBenchmark.run1000Processes machineGiB=" + gib);
            t.row(gib + " GiB", Table.number(Table.times(boot, 1e-3)),
                    Table.bytes(r.allocated("ScaleBenchmark.boot machineGiB=" + gib)),
                    Table.number(Table.times(run, 1e-6)),
                    Table.bytes(r.footprint("machineGiB=" + gib + " heap_bytes")),
                    Table.bytes(r.footprint("machineGiB=" + gib + " arena_bytes")),
                    Table.bytes(r.footprint("machineGiB=" + gib + " total_bytes")));
        }
        OptionalDouble boot64 = r.ns("ScaleBenchmark.boot machineGiB=64");
        OptionalDouble bytes1 = r.footprint("machineGiB=1 total_bytes");
        OptionalDouble bytes64 = r.footprint("machineGiB=64 total_bytes");
        boolean fast = boot64.isPresent() && boot64.getAsDouble() < 1e6;
        boolean flat = bytes1.isPresent() && bytes64.isPresent() && bytes64.getAsDouble() <= 1.25 * bytes1.getAsDouble()
                && bytes64.getAsDouble() <= PROCESSES_BYTES_BEFORE;
        targets.add(new String[] {"a 64 GiB machine boots in < 1 ms; 1,000 processes take no more host memory than"
                + " the 22.5 MiB they took before the arena, whatever the machine's size",
                "boot " + Table.number(Table.times(boot64, 1e-3)) + " µs; 1,000 processes: "
                        + Table.bytes(bytes64) + " on 64 GiB vs " + Table.bytes(bytes1) + " on 1 GiB",
                boot64.isEmpty() || bytes64.isEmpty() ? "not measured" : fast && flat ? "met" : "missed"});
        return t;
    }

    private Table sparse() {
        Table t = new Table("one page every", "pages", "cowvm µs", "Linux µs", "cowvm/Linux");
        for (int spacing : SPARSE_SPACING_MIB) {
            long pages = SPARSE_SPAN_MIB / spacing;
            OptionalDouble ours = r.ns("ScaleBenchmark.forkSparse spacingMiB=" + spacing);
            OptionalDouble linux = r.linux("fork_sparse spacing_mib=" + spacing + " pages=" + pages);
            t.row(size(spacing * 1024L), String.format("%,d", pages), Table.number(Table.times(ours, 1e-3)),
                    Table.number(Table.times(linux, 1e-3)), Table.ratio(ours, linux));
        }
        return t;
    }

    private Table scenarios() {
        Table t = new Table("statements", "parse ms", "parse and run ms", "statements per second (run)");
        for (String key : r.keys("ScenarioBenchmark.parseAndRun statements=")) {
            String count = key.substring(key.indexOf('=') + 1);
            OptionalDouble run = r.ns(key);
            OptionalDouble parse = r.ns("ScenarioBenchmark.parse statements=" + count);
            String perSecond = run.isEmpty() ? Table.MISSING
                    : String.format("%,.0f", Long.parseLong(count) / (run.getAsDouble() * 1e-9));
            t.row(String.format("%,d", Long.parseLong(count)), Table.number(Table.times(parse, 1e-6)),
                    Table.number(Table.times(run, 1e-6)), perSecond);
        }
        return t;
    }

    /** The CPU-bound programs of bench/riscv, as GuestPrograms and qemu-figures name them. */
    static final List<String> GUEST_CPU = List.of("sieve", "hash", "sort", "chase", "nbody", "matmul");

    private Table guest() {
        Table t = new Table("program", "qemu s", "qemu instructions", "qemu M/s", "cowvm s", "cowvm instructions",
                "cowvm M/s", "cowvm rate / qemu rate");
        double worst = Double.NaN;
        String worstName = "";
        for (String name : GUEST_CPU) {
            OptionalDouble qs = r.qemuSeconds(name);
            OptionalDouble qn = r.qemuInstructions(name);
            OptionalDouble cs = r.guest(name, "seconds");
            OptionalDouble cn = r.guest(name, "instructions");
            OptionalDouble qRate = rate(qn, qs);
            OptionalDouble cRate = rate(cn, cs);
            if (qRate.isPresent() && cRate.isPresent()) {
                double relative = cRate.getAsDouble() / qRate.getAsDouble();
                if (Double.isNaN(worst) || relative < worst) {
                    worst = relative;
                    worstName = name;
                }
            }
            t.row(name, Table.number(qs), count(qn), Table.number(Table.times(qRate, 1e-6)), Table.number(cs),
                    count(cn), Table.number(Table.times(cRate, 1e-6)), Table.ratio(cRate, qRate));
        }
        OptionalDouble qf = r.qemuSeconds("forks");
        OptionalDouble cf = r.guest("forks", "seconds");
        t.row("forks (a 64 MiB parent forks 100 children, each writes a page)", Table.number(qf),
                count(r.qemuInstructions("forks")), Table.MISSING, Table.number(cf),
                count(r.guest("forks", "instructions")), Table.MISSING,
                Table.ratio(cf, qf) + " of qemu's time");
        targets.add(new String[] {"guest instructions per second ≥ ¼ of qemu-riscv64's, on each CPU-bound program",
                Double.isNaN(worst) ? Table.MISSING : String.format("worst %.2f of qemu's rate (%s)", worst, worstName),
                Double.isNaN(worst) ? "not measured" : worst >= 0.25 ? "met" : "missed"});
        if (r.guest("forks.linux", "seconds").isEmpty()) { // else the same binary on both, in linux()
            target("fork-heavy program: cowvm's time ≤ 0.5 × qemu-riscv64's (pages copied: "
                    + count(r.guest("forks", "pagesCopied")) + " of " + count(r.guest("forks", "naiveCopyPages"))
                    + " an eager fork copies)", cf, qf, 0.5);
        }
        OptionalDouble heap = r.guest("idle", "heap_bytes_per_process");
        OptionalDouble frames = r.guest("idle", "frame_bytes_per_process");
        targets.add(new String[] {"host memory per idle guest process (reported)",
                heap.isEmpty() ? Table.MISSING : Table.bytes(heap) + " of Java heap + " + Table.bytes(frames)
                        + " of frames", heap.isEmpty() ? "not measured" : "reported"});
        return t;
    }

    /** The parents' sizes of spawn.linux, in MiB, as LinuxPrograms and qemu-figures name them. */
    static final int[] SPAWN_MIB = {1, 1024};

    /**
     * The glibc programs, the same binaries on both: hello's instructions (cowvm's retired
     * plus its system calls, as the ecalls do not retire and qemu's plugin counts them),
     * the fork-heavy program, and posix_spawn from a small and a large parent.
     */
    private Table linux() {
        Table t = new Table("what", "qemu-riscv64", "cowvm", "cowvm / qemu", "target");
        OptionalDouble qHello = r.qemuInstructions("hello");
        OptionalDouble cHello = r.guest("hello.linux", "executed");
        OptionalDouble helloDiff = qHello.isEmpty() || cHello.isEmpty() ? OptionalDouble.empty()
                : OptionalDouble.of(cHello.getAsDouble() - qHello.getAsDouble());
        t.row("hello: instructions from the first to exit_group (no environment, output to /dev/null)",
                count(qHello), cHello.isEmpty() ? Table.MISSING : count(cHello) + " ("
                        + count(r.guest("hello.linux", "instructions")) + " retired + "
                        + count(r.guest("hello.linux", "syscalls")) + " ecalls)",
                helloDiff.isEmpty() ? Table.MISSING : String.format("%+,.0f", helloDiff.getAsDouble()),
                "equal within a few hundred");
        targets.add(new String[] {"static glibc hello: cowvm's instructions = qemu-riscv64's within a few hundred",
                helloDiff.isEmpty() ? Table.MISSING : String.format("%+,.0f (%s against %s)",
                        helloDiff.getAsDouble(), count(cHello), count(qHello)),
                helloDiff.isEmpty() ? "not measured" : Math.abs(helloDiff.getAsDouble()) <= 300 ? "met" : "missed"});
        OptionalDouble qf = r.qemuSeconds("forks");
        OptionalDouble cf = r.guest("forks.linux", "seconds");
        t.row("forks.linux: a 64 MiB parent forks 100 children, each writes a page (s)", Table.number(qf),
                Table.number(cf), Table.ratio(cf, qf), "≤ 0.5×");
        t.row("forks.linux: instructions, parent and children", count(r.qemuInstructions("forks")),
                count(r.guest("forks.linux", "executed")), Table.MISSING, Table.MISSING);
        t.row("forks.linux: pages copied", Table.MISSING, count(r.guest("forks.linux", "pagesCopied")) + " of "
                + count(r.guest("forks.linux", "naiveCopyPages")) + " an eager fork copies", Table.MISSING,
                Table.MISSING);
        target("fork-heavy glibc program (forks.linux): cowvm's time ≤ 0.5 × qemu-riscv64's (pages copied: "
                + count(r.guest("forks.linux", "pagesCopied")) + " of "
                + count(r.guest("forks.linux", "naiveCopyPages")) + " an eager fork copies)", cf, qf, 0.5);
        StringBuilder copied = new StringBuilder();
        for (int mib : SPAWN_MIB) {
            String name = "spawn.linux-" + mib;
            OptionalDouble qs = r.qemuSeconds("spawn-alone-" + mib);
            OptionalDouble cs = r.guest(name, "spawnSeconds");
            t.row("spawn.linux: 20 posix_spawns from a " + size(mib * 1024L) + " parent, the spawns alone (s)",
                    Table.number(qs), Table.number(cs) + "; " + count(r.guest(name, "pagesCopied"))
                            + " pages copied, " + count(r.guest(name, "vforks")) + " vforks",
                    Table.ratio(cs, qs), "0 pages copied; the same time from 1 MiB and 1 GiB");
            OptionalDouble qw = r.qemuSeconds("spawn-" + mib);
            OptionalDouble cw = r.guest(name, "seconds");
            t.row("spawn.linux from a " + size(mib * 1024L) + " parent, the whole program (s; writes the parent first)",
                    Table.number(qw), Table.number(cw), Table.ratio(cw, qw), Table.MISSING);
            copied.append(copied.isEmpty() ? "" : ", ").append(count(r.guest(name, "pagesCopied")));
        }
        OptionalDouble small = r.guest("spawn.linux-" + SPAWN_MIB[0], "spawnSeconds");
        OptionalDouble large = r.guest("spawn.linux-" + SPAWN_MIB[1], "spawnSeconds");
        OptionalDouble pages0 = r.guest("spawn.linux-" + SPAWN_MIB[0], "pagesCopied");
        OptionalDouble pages1 = r.guest("spawn.linux-" + SPAWN_MIB[1], "pagesCopied");
        boolean measured = small.isPresent() && large.isPresent() && pages0.isPresent() && pages1.isPresent();
        targets.add(new String[] {"posix_spawn from a 1 GiB and a 1 MiB parent: 0 pages copied, about the same time",
                measured ? "pages copied " + copied + "; the 1 GiB parent's spawns took "
                        + Table.ratio(large, small) + " the 1 MiB parent's" : Table.MISSING,
                !measured ? "not measured" : pages0.getAsDouble() == 0 && pages1.getAsDouble() == 0
                        && large.getAsDouble() <= 2 * small.getAsDouble() ? "met" : "missed"});
        return t;
    }

    private static OptionalDouble rate(OptionalDouble instructions, OptionalDouble seconds) {
        return instructions.isEmpty() || seconds.isEmpty() || seconds.getAsDouble() <= 0 ? OptionalDouble.empty()
                : OptionalDouble.of(instructions.getAsDouble() / seconds.getAsDouble());
    }

    private static String count(OptionalDouble n) {
        return n.isEmpty() ? Table.MISSING : String.format("%,.0f", n.getAsDouble());
    }

    /** Records a target "ours / reference ≤ limit". */
    private void target(String what, OptionalDouble ours, OptionalDouble reference, double limit) {
        String measured = Table.ratio(ours, reference);
        String result = ours.isEmpty() || reference.isEmpty() ? "not measured"
                : ours.getAsDouble() / reference.getAsDouble() <= limit ? "met" : "missed";
        targets.add(new String[] {what, measured, result});
    }

    private static String size(long kib) {
        if (kib >= 1024 * 1024) {
            return kib / (1024 * 1024) + " GiB";
        }
        return kib >= 1024 ? kib / 1024 + " MiB" : kib + " KiB";
    }
}
