package dev.cowvm.bench;

import dev.cowvm.kernel.KernelConfig;
import dev.cowvm.observe.Counter;
import dev.cowvm.riscv.loader.Abi;
import dev.cowvm.observe.Stats;
import dev.cowvm.riscv.os.ConsoleInput;
import dev.cowvm.riscv.os.Dialect;
import dev.cowvm.riscv.os.FileSystem;
import dev.cowvm.riscv.os.FileType;
import dev.cowvm.riscv.os.Inode;
import dev.cowvm.riscv.os.IoBuffer;
import dev.cowvm.riscv.os.Limits;
import dev.cowvm.riscv.os.Machine;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The RISC-V figures measured on cowvm: RISC-V programs (bench/riscv, built by its
 * {@code build} into {@code target/bench-riscv}) run on a machine in this JVM, the way
 * {@code cowvm exec} runs them. One line per measurement, {@code key=value} pairs, for
 * {@code report.Report --guest}:
 *
 * <pre>
 *   java --enable-native-access=ALL-UNNAMED -cp benchmarks.jar dev.cowvm.bench.GuestPrograms DIR [RUNS]
 *   guest program=sieve seconds=3.21 instructions=3435226150 output=...
 *   guest program=forks seconds=0.41 instructions=... forks=100 pagesCopied=100 naiveCopyPages=1638500
 *   idle processes=1000 heap_bytes_per_process=... frame_bytes_per_process=...
 * </pre>
 *
 * <p>A program's time is the best of RUNS runs (default 3), each on a fresh machine in the
 * same JVM: the first run pays for compiling the emulator, later ones measure the
 * emulator compiled, as a long program sees it. The time starts when the program is
 * loaded and ends when its machine stops, so it leaves out the JVM's start (about a tenth
 * of a second for {@code cowvm exec}). A program built for each interface runs in its
 * Linux build when the machine runs it, else in its xv6 build: the two builds run the same
 * instructions but for start-up and the system calls.
 */
public final class GuestPrograms {
    /** The CPU-bound programs, in the order of bench/riscv/qemu-figures. */
    static final List<String> CPU = List.of("sieve", "hash", "sort", "chase", "nbody", "matmul");

    private GuestPrograms() {
    }

    /** What one run gave. */
    record Ran(double seconds, long instructions, String output, int status, String stopped, Stats stats) {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: GuestPrograms DIR [RUNS]   (DIR: target/bench-riscv, made by bench/riscv/build)");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        for (String name : CPU) {
            report(name, best(program(dir, name), runs, List.of()), runs);
        }
        report("forks", best(program(dir, "forks"), runs, List.of()), runs);
        idle(dir.resolve("idle.xv6.elf"));
    }

    /** The build of a program the machine runs: xv6's, as Linux's is not run here. */
    static Path program(Path dir, String name) {
        return dir.resolve(name + ".xv6.elf");
    }

    private static void report(String name, Ran r, int runs) {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
                "guest program=%s seconds=%.3f instructions=%d runs=%d status=%d", name, r.seconds(), r.instructions(),
                runs, r.status()));
        if (r.stats().get(Counter.FORKS) > 0) {
            line.append(String.format(Locale.ROOT, " forks=%d pagesCopied=%d naiveCopyPages=%d",
                    r.stats().get(Counter.FORKS), r.stats().get(Counter.PAGES_COPIED),
                    r.stats().get(Counter.NAIVE_COPY_PAGES)));
        }
        line.append(" output=").append(r.output().strip().replace(' ', '_').replace('\n', '|'));
        System.out.println(line);
    }

    static Ran best(Path elf, int runs, List<String> args) throws IOException {
        Ran best = null;
        for (int i = 0; i < runs; i++) {
            Ran r = run(elf, args, config());
            if (r.status() != 0 || r.stopped() != null) {
                throw new IllegalStateException(elf + " failed: status " + r.status() + ", " + r.stopped() + ": "
                        + r.output());
            }
            if (best == null || r.seconds() < best.seconds()) {
                best = r;
            }
        }
        return best;
    }

    /**
     * xv6's machine with room for the benchmarks: 1 GiB and 2,000 processes. The xv6 builds
     * are linked at 0x10000, where a Linux program is, so the interface is named, not guessed.
     */
    static Machine.Config config() {
        Machine.Config x = Machine.Config.xv6();
        KernelConfig k = x.kernel().withMemory(1L << 30);
        return new Machine.Config(k, x.limits(), false, x.quantum(), Abi.XV6, 2_000);
    }

    static Ran run(Path elf, List<String> args, Machine.Config config) throws IOException {
        byte[] bytes = Files.readAllBytes(elf);
        FileSystem fs = new FileSystem(Limits.xv6());
        String path = "/" + elf.getFileName();
        Inode inode = fs.create(fs.root(), path.substring(1), FileType.FILE, 0, 0, Dialect.XV6).orElseThrow();
        fs.write(inode, 0, IoBuffer.of(bytes));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Machine m = new Machine(config, fs, ConsoleInput.of(new byte[0]), new PrintStream(out, true))) {
            List<String> argv = new ArrayList<>(List.of(path));
            argv.addAll(args);
            long start = System.nanoTime();
            if (!m.start(path, argv, List.of()).isOk()) {
                throw new IllegalStateException(elf + " did not start");
            }
            int status = m.run();
            double seconds = (System.nanoTime() - start) / 1e9;
            return new Ran(seconds, m.clock().instructionsRetired(), out.toString(StandardCharsets.UTF_8), status,
                    m.stopReason(), m.kernel().stats());
        }
    }

    /**
     * Host memory per idle guest process: {@code idle N} leaves N processes blocked on a
     * pipe; the Java heap retained (after a full collection) and the frames in use, for
     * 1,000 processes less those for one, per process.
     */
    static void idle(Path elf) throws IOException {
        long[] one = idleFootprint(elf, 1);
        long[] many = idleFootprint(elf, 1000);
        System.out.println(String.format(Locale.ROOT,
                "idle processes=1000 heap_bytes_per_process=%d frame_bytes_per_process=%d",
                (many[0] - one[0]) / 999, (many[1] - one[1]) / 999));
    }

    private static long[] idleFootprint(Path elf, int processes) throws IOException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        byte[] bytes = Files.readAllBytes(elf);
        long[] best = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            System.gc();
            long before = memory.getHeapMemoryUsage().getUsed();
            FileSystem fs = new FileSystem(Limits.xv6());
            Inode inode = fs.create(fs.root(), "idle", FileType.FILE, 0, 0, Dialect.XV6).orElseThrow();
            fs.write(inode, 0, IoBuffer.of(bytes));
            try (Machine m = new Machine(config(), fs, ConsoleInput.of(new byte[0]),
                    new PrintStream(new ByteArrayOutputStream(), true))) {
                m.start("/idle", List.of("idle", Integer.toString(processes)), List.of());
                m.run();
                if (m.stopReason() == null || m.tasks().size() != processes) {
                    throw new IllegalStateException("idle " + processes + ": " + m.tasks().size()
                            + " processes waiting, " + m.stopReason());
                }
                System.gc();
                long heap = memory.getHeapMemoryUsage().getUsed() - before;
                long frames = m.kernel().stats().get(Counter.FRAMES_IN_USE) * 4096;
                long[] r = {heap, frames};
                if (best == null || r[0] < best[0]) {
                    best = r;
                }
            }
        }
        return best;
    }
}
