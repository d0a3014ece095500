package dev.cowvm.bench;

import dev.cowvm.kernel.KernelConfig;
import dev.cowvm.kernel.Result;
import dev.cowvm.observe.Counter;
import dev.cowvm.observe.Stats;
import dev.cowvm.riscv.os.ConsoleInput;
import dev.cowvm.riscv.os.Dialect;
import dev.cowvm.riscv.os.FileSystem;
import dev.cowvm.riscv.os.FileType;
import dev.cowvm.riscv.os.Inode;
import dev.cowvm.riscv.os.IoBuffer;
import dev.cowvm.riscv.os.Limits;
import dev.cowvm.riscv.os.Machine;
import dev.cowvm.riscv.os.SysResult;
import dev.cowvm.riscv.os.Task;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The figures of cowvm's Linux interface: glibc programs of bench/riscv (built by its
 * {@code build} into {@code target/bench-riscv}) run on a Linux machine
 * ({@link Machine.Config#linux()}) in this JVM, the same binaries bench/riscv/qemu-figures
 * runs under qemu-riscv64. One line per measurement, in {@link GuestPrograms}' format, for
 * {@code report.Report --guest}:
 *
 * <pre>
 *   java --enable-native-access=ALL-UNNAMED -Xmx2048m -cp benchmarks.jar dev.cowvm.bench.LinuxPrograms DIR HELLO [RUNS]
 *   guest program=hello.linux seconds=... instructions=6861 syscalls=15 executed=6876 runs=3 status=0 forks=0 ...
 *   guest program=forks.linux seconds=... instructions=... forks=100 vforks=0 pagesCopied=... naiveCopyPages=... output=...
 *   guest program=spawn.linux-1 seconds=... forks=0 vforks=20 pagesCopied=0 naiveCopyPages=... spawnSeconds=... output=...
 *   guest program=spawn.linux-1024 ...
 *
 *   java ... dev.cowvm.bench.LinuxPrograms --trace HELLO
 *   at 641 (retired 640) [pid 2] brk(0x0) = 0x7d000          one line per system call
 * </pre>
 *
 * <p>{@code instructions} is what the harts retired ({@code instret}); an {@code ecall}
 * does not retire (the privileged specification), so {@code executed} adds one per system
 * call ({@code syscalls}), which is what bench/riscv/insn-count.so counts under
 * qemu-riscv64: every instruction started, the ecall included. {@code --trace} prints each
 * call at that same count, as insn-count.so's {@code syscalls=on} does under qemu, so the
 * two sequences can be compared call by call.
 *
 * <p>Every program runs as qemu-figures runs it: no environment, standard output
 * {@code /dev/null} (the machine's null device; qemu-figures sends qemu's to the host's),
 * and at the same absolute path as on the host, made in the machine's file system: glibc's
 * static start-up reads the environment, asks {@code TCGETS} of a character device, and
 * reads the link {@code /proc/self/exe} (the program's absolute path, whose length its
 * string functions see), so all three change the instruction count. The forks and spawns
 * write their last line to a file instead, which is checked.
 *
 * <p>Times are the best of RUNS runs (default 3), each on a fresh machine, from the start
 * of the program to the machine's stop, as in {@link GuestPrograms}, after a warm-up
 * ({@link #WARM_UP}); the programs take turns, a run of each per round. spawn.linux also
 * times its spawns alone, on the host's clock ({@code spawnSeconds}, the best of its
 * runs). The counts come from one more run of each, which traces its system calls. The
 * spawns of a 1 GiB parent need more than {@link Machine.Config#linux()}'s 1 GiB, so
 * every machine here has {@link #MEMORY} (frames are host memory only once touched).
 */
public final class LinuxPrograms {
    /** The machine's memory: room for spawn's 1 GiB parent and the rest. */
    static final long MEMORY = 2L << 30;

    /** Spawns per run, and the parents' sizes in MiB, as in bench/riscv/qemu-figures. */
    static final int SPAWNS = 20;
    static final List<Integer> SPAWN_PARENTS = List.of(1, 1024);

    /**
     * Untimed runs of forks.linux and of spawn.linux (1 MiB) first, about 3 s: the times
     * are of the emulator compiled by the JIT, as a long-running JVM has it (GuestPrograms'
     * fork-heavy program runs after its CPU-bound ones, for the same reason). Each
     * machine still decodes and translates the guest's code afresh, as qemu does each run.
     */
    static final int WARM_UP = 5;

    /** How spawn.c reports the time of its spawns alone. */
    private static final Pattern SPAWNS_TOOK = Pattern.compile("spawns took (\\d+) us");

    private LinuxPrograms() {
    }

    /** What one run gave. */
    record Ran(double seconds, long instructions, long syscalls, String stdout, int status, String stopped,
               Stats stats) {
    }

    public static void main(String[] args) throws IOException {
        if (args.length == 2 && args[0].equals("--trace")) {
            Path hello = Path.of(args[1]).toAbsolutePath();
            Ran r = run(hello, List.of(), "/dev/null", config(false), System.out::println);
            System.out.println("# " + hello + ": " + r.instructions() + " instructions retired, " + r.syscalls()
                    + " system calls (ecalls, which do not retire), " + (r.instructions() + r.syscalls())
                    + " executed, status " + r.status());
            return;
        }
        if (args.length < 2) {
            System.err.println("usage: LinuxPrograms DIR HELLO [RUNS]   (DIR: target/bench-riscv, made by "
                    + "bench/riscv/build; HELLO: a static glibc hello, e.g. cowvm-riscv/src/test/guest/linux/hello.elf)");
            System.err.println("       LinuxPrograms --trace HELLO       (its system calls on the machine)");
            System.exit(2);
        }
        Path dir = Path.of(args[0]).toAbsolutePath();
        Path hello = Path.of(args[1]).toAbsolutePath();
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        Path forks = dir.resolve("forks.linux.elf");
        Path spawn = dir.resolve("spawn.linux.elf");
        List<Program> programs = new ArrayList<>(List.of(
                new Program("hello.linux", hello, List.of(), "/dev/null", false),
                new Program("forks.linux", forks, List.of(), "/out", false)));
        for (int mib : SPAWN_PARENTS) {
            // the host's clock, for the program's own timing of its spawns
            programs.add(new Program("spawn.linux-" + mib, spawn,
                    List.of(Integer.toString(mib), Integer.toString(SPAWNS)), "/out", true));
        }
        for (int i = 0; i < WARM_UP; i++) {
            programs.get(1).run(null);
            programs.get(2).run(null);
        }
        // round after round, so that each program sees the JIT as the others do
        Ran[] fastest = new Ran[programs.size()];
        double[] spawnSeconds = new double[programs.size()];
        Arrays.fill(spawnSeconds, Double.POSITIVE_INFINITY);
        for (int i = 0; i < runs; i++) {
            for (int p = 0; p < programs.size(); p++) {
                Ran r = programs.get(p).run(null);
                if (fastest[p] == null || r.seconds() < fastest[p].seconds()) {
                    fastest[p] = r;
                }
                Matcher took = SPAWNS_TOOK.matcher(r.stdout());
                if (took.find()) {
                    spawnSeconds[p] = Math.min(spawnSeconds[p], Long.parseLong(took.group(1)) / 1e6);
                }
            }
        }
        for (int p = 0; p < programs.size(); p++) {
            Ran counted = programs.get(p).run(line -> { });
            report(programs.get(p).name(), fastest[p], spawnSeconds[p], counted, runs);
        }
    }

    /** A program as it is measured: its arguments, its standard output, its machine's clock. */
    record Program(String name, Path elf, List<String> args, String stdout, boolean hostClock) {
        /** One run on a fresh machine, which must exit 0. */
        Ran run(Consumer<String> trace) throws IOException {
            Ran r = LinuxPrograms.run(elf, args, stdout, config(hostClock), trace);
            return checked(elf, args, r);
        }
    }

    /**
     * One line: the best time and the output of that run (and, for spawn, the best time of
     * the spawns alone); from a run that traces its system calls (to count them), outside
     * the timed ones: the instructions retired by every hart and the system calls made (the
     * ecalls, which do not retire: qemu-riscv64's plugin counts them, so its count compares
     * with {@code executed}, their sum) and the kernel's fork counters.
     */
    private static void report(String name, Ran fastest, double spawnSeconds, Ran r, int runs) {
        Stats s = r.stats();
        String line = String.format(Locale.ROOT,
                "guest program=%s seconds=%.3f instructions=%d syscalls=%d executed=%d runs=%d status=%d forks=%d"
                        + " vforks=%d pagesCopied=%d naiveCopyPages=%d",
                name, fastest.seconds(), r.instructions(), r.syscalls(), r.instructions() + r.syscalls(), runs, r.status(),
                s.get(Counter.FORKS), s.get(Counter.VFORKS), s.get(Counter.PAGES_COPIED),
                s.get(Counter.NAIVE_COPY_PAGES));
        if (spawnSeconds != Double.POSITIVE_INFINITY) {
            line += String.format(Locale.ROOT, " spawnSeconds=%.3f", spawnSeconds);
        }
        System.out.println(line + " output=" + fastest.stdout().strip().replace(' ', '_').replace('\n', '|'));
    }

    private static Ran checked(Path elf, List<String> args, Ran r) {
        if (r.status() != 0 || r.stopped() != null) {
            throw new IllegalStateException(elf + " " + args + " failed: status " + r.status() + ", " + r.stopped()
                    + ": " + r.stdout());
        }
        return r;
    }

    /**
     * {@link Machine.Config#linux()} with {@link #MEMORY}; {@code hostClock}: the guest's
     * clocks read the host's time instead of counting instructions.
     */
    static Machine.Config config(boolean hostClock) {
        Machine.Config l = Machine.Config.linux();
        KernelConfig k = l.kernel().withMemory(MEMORY);
        return new Machine.Config(k, Limits.linux(), hostClock, l.quantum(), null, l.maxProcesses());
    }

    /**
     * Runs {@code elf} at its own absolute path in a fresh machine's file system, with no
     * environment, standard input {@code /dev/null}, standard output {@code stdout}
     * ({@code /dev/null} or a file, read back afterwards) and standard error a file.
     *
     * @param trace where the machine's system calls go, one a line; null for nowhere
     */
    static Ran run(Path elf, List<String> args, String stdout, Machine.Config config, Consumer<String> trace)
            throws IOException {
        byte[] bytes = Files.readAllBytes(elf);
        FileSystem fs = new FileSystem(config.limits());
        String path = elf.toString();
        makeParents(fs, path);
        Inode inode = fs.create(fs.root(), path, FileType.FILE, 0, 0, Dialect.LINUX).orElseThrow();
        fs.write(inode, 0, IoBuffer.of(bytes));
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        long[] syscalls = {0};
        try (Machine m = new Machine(config, fs, ConsoleInput.of(new byte[0]),
                new PrintStream(console, true, StandardCharsets.UTF_8))) {
            if (trace != null) {
                m.trace(line -> {
                    syscalls[0]++;
                    // where insn-count.so's syscalls=on puts the call: the ecalls so far counted
                    long retired = m.instructionsNow();
                    trace.accept("at " + (retired + syscalls[0]) + " (retired " + retired + ") " + line);
                });
            }
            List<String> argv = new ArrayList<>(List.of(path));
            argv.addAll(args);
            long start = System.nanoTime();
            Result<Task> started = m.start(path, argv, List.of(), null, List.of("/dev/null", stdout, "/err"));
            if (!started.isOk()) {
                throw new IllegalStateException(elf + " did not start: " + started.message());
            }
            int status = m.run();
            double seconds = (System.nanoTime() - start) / 1e9;
            String out = stdout.equals("/dev/null") ? "" : contents(fs, stdout);
            String err = contents(fs, "/err") + console.toString(StandardCharsets.UTF_8);
            if (!err.isEmpty()) {
                out = out + " (stderr: " + err.strip() + ")";
            }
            return new Ran(seconds, m.clock().instructionsRetired(), trace == null ? -1 : syscalls[0], out, status,
                    m.stopReason(), m.kernel().stats());
        }
    }

    /** The directories above {@code path}, as on the host. */
    private static void makeParents(FileSystem fs, String path) {
        int slash = 0;
        while ((slash = path.indexOf('/', slash + 1)) > 0) {
            String dir = path.substring(0, slash);
            if (!fs.lookup(fs.root(), dir, Dialect.LINUX).isOk()
                    && !fs.create(fs.root(), dir, FileType.DIRECTORY, 0, 0, Dialect.LINUX).isOk()) {
                throw new IllegalStateException("cannot make " + dir + " in the machine's file system");
            }
        }
    }

    private static String contents(FileSystem fs, String path) {
        SysResult<Inode> found = fs.lookup(fs.root(), path, Dialect.LINUX);
        return found.isOk() ? new String(fs.contents(found.orElseThrow()), StandardCharsets.UTF_8) : "";
    }
}
