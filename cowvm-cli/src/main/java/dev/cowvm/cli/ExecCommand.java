package dev.cowvm.cli;

import dev.cowvm.kernel.KernelConfig;
import dev.cowvm.kernel.Result;
import dev.cowvm.observe.Counter;
import dev.cowvm.observe.ForkMode;
import dev.cowvm.observe.KernelEvent;
import dev.cowvm.observe.ProcessStatus;
import dev.cowvm.observe.Stats;
import dev.cowvm.phys.ZeroPolicy;
import dev.cowvm.riscv.loader.Abi;
import dev.cowvm.riscv.loader.ElfFile;
import dev.cowvm.riscv.loader.LoadResult;
import dev.cowvm.riscv.os.ConsoleInput;
import dev.cowvm.riscv.os.Dialect;
import dev.cowvm.riscv.os.FileSystem;
import dev.cowvm.riscv.os.FileType;
import dev.cowvm.riscv.os.HostImport;
import dev.cowvm.riscv.os.Inode;
import dev.cowvm.riscv.os.IoBuffer;
import dev.cowvm.riscv.os.IoResult;
import dev.cowvm.riscv.os.Machine;
import dev.cowvm.riscv.os.SysResult;
import dev.cowvm.riscv.os.Task;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code cowvm exec [OPTIONS] PROGRAM [ARGS...]}: runs a RISC-V program on cowvm's kernel,
 * with the host terminal as its console, and exits with its status. Everything cowvm says
 * of its own ({@code --stats}, {@code --strace}, {@code --json}, errors) goes to standard
 * error, so the program's output stays its own.
 */
@Command(name = "exec", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run a RISC-V program on cowvm: every instruction fetch, load and store goes through"
                + " cowvm's MMU, and fork is cowvm's copy-on-write fork.",
                "%nThe program is an xv6 riscv64 executable or a static Linux riscv64 one (glibc, busybox);"
                + " the system-call interface is chosen from the file (--abi overrides). Its console is this"
                + " terminal; cowvm exits with the program's exit status (128+N after signal N)."
                + " See docs/programs.md and docs/linux.md.%n"},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"N:the program's exit status (0-255)", "2:bad usage, or the program could not start",
            "124:cowvm stopped the machine before the program exited (every process waiting, or"
                    + " reading the console after its input ended)"})
final class ExecCommand implements Callable<Integer> {
    /** The exit code when the machine stopped before the program exited: GNU timeout's. */
    static final int STOPPED = 124;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--root", paramLabel = "DIR",
            description = "Fill the machine's file system from this host directory (read, never written)."
                    + " PROGRAM is then a path in it, like /init. Without it the file system holds only PROGRAM.")
    Path root;

    @Option(names = "--memory", paramLabel = "SIZE", converter = MemorySize.class,
            description = "Physical memory (default: 128M for xv6 programs, 1G for Linux programs; frames are"
                    + " used only when touched).")
    Long memory;

    @Option(names = "--fork-mode", paramLabel = "MODE", converter = Converters.Fork.class,
            description = "How fork gives the child its memory: cow (default) or copy.")
    ForkMode forkMode;

    @Option(names = "--zero", paramLabel = "POLICY", converter = Converters.Zero.class,
            description = "When frames are zeroed: on-alloc (default), on-free or none (insecure).")
    ZeroPolicy zero;

    @Option(names = "--abi", paramLabel = "ABI",
            description = "The system-call interface: xv6 or linux (default: chosen from the executable, see"
                    + " docs/programs.md).")
    String abi;

    @Option(names = "--env", paramLabel = "NAME=VALUE",
            description = "Put this variable in a Linux program's environment (repeatable; default:"
                    + " PATH=/bin:/usr/bin and HOME=/). xv6 programs have no environment.")
    List<String> env = new ArrayList<>();

    @Option(names = "--seed", paramLabel = "N", defaultValue = "0",
            description = "Where the machine's random bytes start (AT_RANDOM, getrandom): the same seed gives the"
                    + " same bytes (default: 0).")
    long seed;

    @Option(names = "--stats", description = "End with the kernel's counters: forks, pages copied against an eager copy,"
            + " zero fills, peak frames, instructions.")
    boolean stats;

    @Option(names = "--json", description = "End with the counters and every process as one JSON document.")
    boolean json;

    @Option(names = "--events", description = "Stream every kernel event (forks, faults, copies, frames) as a JSON"
            + " line on standard error, stamped with the instructions retired so far.")
    boolean events;

    @Option(names = "--strace", description = "Print one line per system call, with its arguments and result.")
    boolean strace;

    @Option(names = "--clock", paramLabel = "CLOCK", defaultValue = "instructions",
            description = "instructions (default: time counts retired instructions, so every run is the same)"
                    + " or host (the host's time).")
    String clock;

    @Parameters(index = "0", paramLabel = "PROGRAM", description = "The executable: a path in --root, or a host file.")
    String program;

    @Parameters(index = "1..*", paramLabel = "ARGS", description = "Its arguments.")
    List<String> args = new ArrayList<>();

    @CommandLine.ParentCommand
    Cowvm cowvm;

    private OutputStream consoleOut;

    /** Where the program's console writes: the host's standard output unless set. */
    void consoleOut(OutputStream out) {
        this.consoleOut = out;
    }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        try {
            return run(err);
        } finally {
            err.flush();
        }
    }

    private int run(PrintWriter err) {
        Abi chosen;
        try {
            chosen = abi == null ? null : Abi.parse(abi);
        } catch (IllegalArgumentException e) {
            return fail(err, e.getMessage());
        }
        if (!clock.equals("instructions") && !clock.equals("host")) {
            return fail(err, "unknown clock '" + clock + "'; expected instructions or host");
        }
        for (String variable : env) {
            if (variable.indexOf('=') <= 0 || variable.indexOf('\0') >= 0) {
                return fail(err, "--env '" + variable + "' is not NAME=VALUE");
            }
        }
        byte[] image;
        try {
            image = programBytes();
        } catch (IOException e) {
            return fail(err, "cannot read " + program + ": " + e.getMessage());
        }
        Abi abiUsed = chosen != null ? chosen
                : image != null && ElfFile.parse(image) instanceof LoadResult.Ok<ElfFile>(ElfFile elf)
                ? elf.abiGuess().abi() : Abi.XV6;
        boolean linux = abiUsed == Abi.LINUX;
        Machine.Config base = linux ? Machine.Config.linux() : Machine.Config.xv6();
        KernelConfig k = base.kernel();
        if (memory != null) {
            try {
                k = k.withMemory(memory);
            } catch (IllegalArgumentException e) {
                return fail(err, e.getMessage());
            }
        }
        if (forkMode != null) {
            k = k.withForkMode(forkMode);
        }
        if (zero != null) {
            k = k.withZeroPolicy(zero);
        }
        FileSystem fs = new FileSystem(base.limits());
        String path;
        if (root != null) {
            if (!Files.isDirectory(root)) {
                return fail(err, root + " is not a directory");
            }
            HostImport.Report report = HostImport.fill(fs, root);
            for (String skipped : report.skipped()) {
                err.println("cowvm exec: " + skipped);
            }
            path = program;
        } else {
            if (image == null) {
                return fail(err, program + " is not a regular file");
            }
            byte[] bytes = image; // read once, above, to choose the interface
            path = "/" + Path.of(program).getFileName();
            var made = fs.create(fs.root(), path, FileType.FILE, 0, 0, Dialect.LINUX);
            if (!(made instanceof SysResult.Ok<Inode>(Inode inode))
                    || !(fs.write(inode, 0, IoBuffer.of(bytes)) instanceof IoResult.Done done)
                    || done.count() != bytes.length) {
                return fail(err, program + " does not fit in the machine's file system (" + bytes.length + " bytes"
                        + (linux ? ")" : "; xv6's largest file holds " + base.limits().maxFileSize()
                        + "; is it a Linux program? choose Linux's interface: --abi linux)"));
            }
        }
        Machine.Config config = new Machine.Config(k, base.limits(), clock.equals("host"), base.quantum(), chosen,
                base.maxProcesses(), seed);
        PrintStream out = new PrintStream(consoleOut != null ? consoleOut : new FileOutputStream(FileDescriptor.out),
                true);
        ConsoleInput input = ConsoleInput.of(cowvm.stdin);
        try (Machine m = new Machine(config, fs, input, out)) {
            if (events) {
                m.kernel().addListener(e -> {
                    out.flush();
                    err.println(Json.event("instructions", m.instructionsNow(), e));
                });
            }
            // A Linux program sees a terminal only when a person is at the host's: a shell fed a
            // script through a pipe then prints no prompts.
            java.io.Console host = System.console();
            m.console().setInteractive(host != null && host.isTerminal());
            long[] vforkShared = {0};
            m.kernel().addListener(KernelEvent.VForked.class, v -> m.kernel().process(v.parent())
                    .ifPresent(p -> vforkShared[0] += p.memoryUsage().residentPages()));
            m.notices(line -> {
                out.flush();
                err.println(line);
            });
            if (strace) {
                m.trace(line -> {
                    out.flush();
                    err.println(line);
                });
            }
            List<String> argv = new ArrayList<>();
            argv.add(program);
            argv.addAll(args);
            // A program named init boots the machine as xv6's init: orphans go to it.
            List<String> envp = linux ? environment() : List.of();
            Result<Task> started = path.endsWith("/init") || path.equals("init") ? m.boot(path, argv, envp)
                    : m.start(path, argv, envp);
            if (!started.isOk()) {
                return fail(err, started.message());
            }
            // At a terminal, Ctrl-C goes to the Linux programs as SIGINT, as a terminal sends
            // it to its foreground processes; three within two seconds stop cowvm itself.
            Runnable restore = linux && m.console().interactive() ? HostSignals.onInterrupt(new CtrlC(input, err))
                    : () -> { };
            // A program that sets the terminal's modes (a line editor) sets the host's.
            Optional<SttyTerminal> terminal = linux && m.console().interactive() ? SttyTerminal.open()
                    : Optional.empty();
            terminal.ifPresent(m.console()::setHostTerminal);
            int status;
            try {
                status = m.run();
            } finally {
                terminal.ifPresent(SttyTerminal::close);
                restore.run();
            }
            out.flush();
            Task first = m.first();
            if (linux && first.state() == Task.State.ENDED && first.process().status() != ProcessStatus.EXITED) {
                err.println("cowvm exec: " + program + ": " + first.process().deathReason());
            }
            if (m.stopReason() != null) {
                err.println("cowvm exec: stopped: " + m.stopReason());
                if (m.first().state() != Task.State.ENDED) {
                    status = STOPPED; // the program never exited: no status of its own to report
                }
            }
            m.kernel().checkInvariants();
            if (stats) {
                printStats(err, m, vforkShared[0]);
            }
            if (json) {
                err.println(Json.pretty(summary(m, status)));
            }
            return status;
        }
    }

    /** What Ctrl-C at the host's terminal does while a Linux program runs. */
    private static final class CtrlC implements Runnable {
        private final ConsoleInput input;
        private final PrintWriter err;
        private final long[] recent = new long[3];
        private int next;

        CtrlC(ConsoleInput input, PrintWriter err) {
            this.input = input;
            this.err = err;
        }

        @Override
        public synchronized void run() {
            long now = System.nanoTime();
            long oldest = recent[next];
            recent[next] = now;
            next = (next + 1) % recent.length;
            if (oldest != 0 && now - oldest < 2_000_000_000L) {
                err.println();
                err.println("cowvm exec: stopped by three Ctrl-Cs within two seconds");
                err.flush();
                System.exit(128 + 2);
            }
            input.interrupt();
        }
    }

    /** The host file of the program, or null if it is not there (the machine will say so). */
    private byte[] programBytes() throws IOException {
        Path host = root != null ? root.resolve(program.replaceFirst("^/+", "")) : Path.of(program);
        return Files.isRegularFile(host) ? Files.readAllBytes(host) : null;
    }

    /** A Linux program's environment: the defaults, then --env in order (a later NAME wins). */
    private List<String> environment() {
        Map<String, String> vars = new LinkedHashMap<>();
        vars.put("PATH", "/bin:/usr/bin");
        vars.put("HOME", "/");
        for (String variable : env) {
            int eq = variable.indexOf('=');
            vars.put(variable.substring(0, eq), variable.substring(eq + 1));
        }
        List<String> envp = new ArrayList<>();
        vars.forEach((name, value) -> envp.add(name + "=" + value));
        return envp;
    }

    private static void printStats(PrintWriter err, Machine m, long vforkShared) {
        Stats s = m.kernel().stats();
        err.println();
        err.printf(Locale.ROOT, "cowvm: %,d instructions; %d forks, %d vforks, %d execs, %d processes ended%n",
                m.clock().instructionsRetired(), s.get(Counter.FORKS), s.get(Counter.VFORKS), s.get(Counter.EXECS),
                s.get(Counter.EXITS));
        err.printf(Locale.ROOT, "cowvm: pages copied %d, where an eager fork would have copied %d%n",
                s.get(Counter.PAGES_COPIED), s.get(Counter.NAIVE_COPY_PAGES));
        if (s.get(Counter.VFORKS) > 0) {
            err.printf(Locale.ROOT, "cowvm: vfork children used their parents' %d resident pages in place, in the"
                    + " same address space; the parents waited until the children exec'd or exited%n", vforkShared);
        }
        err.printf(Locale.ROOT, "cowvm: zero fills %d, copy-on-write copies %d and reuses %d, minor faults %d%n",
                s.get(Counter.ZERO_FILL_FAULTS), s.get(Counter.COW_COPY_FAULTS), s.get(Counter.COW_REUSE_FAULTS),
                s.get(Counter.MINOR_FAULTS));
        err.printf(Locale.ROOT, "cowvm: frames in use at peak %d (%s), now %d%n", s.get(Counter.PEAK_FRAMES_IN_USE),
                dev.cowvm.Sizes.format(s.get(Counter.PEAK_FRAMES_IN_USE) * 4096), s.get(Counter.FRAMES_IN_USE));
    }

    private static Map<String, Object> summary(Machine m, int status) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("status", status);
        doc.put("stopped", m.stopReason());
        doc.put("instructions", m.clock().instructionsRetired());
        doc.put("stats", m.kernel().stats().asMap());
        return doc;
    }

    private static int fail(PrintWriter err, String message) {
        err.println("cowvm exec: " + message);
        return Cowvm.USAGE;
    }
}
