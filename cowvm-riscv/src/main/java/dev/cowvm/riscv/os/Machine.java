package dev.cowvm.riscv.os;

import dev.cowvm.kernel.Kernel;
import dev.cowvm.kernel.KernelConfig;
import dev.cowvm.kernel.Process;
import dev.cowvm.kernel.Result;
import dev.cowvm.observe.ProcessStatus;
import dev.cowvm.riscv.abi.LinuxSystemCalls;
import dev.cowvm.riscv.abi.SystemCalls;
import dev.cowvm.riscv.abi.Xv6SystemCalls;
import dev.cowvm.riscv.cpu.CodeCache;
import dev.cowvm.riscv.cpu.Hart;
import dev.cowvm.riscv.cpu.Trap;
import dev.cowvm.riscv.loader.Abi;
import dev.cowvm.riscv.loader.ElfFile;
import dev.cowvm.riscv.loader.ElfLoader;
import dev.cowvm.riscv.loader.ExecRequest;
import dev.cowvm.riscv.loader.LoadResult;
import dev.cowvm.riscv.loader.LoadedProgram;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A running machine: cowvm's kernel, harts that run RISC-V programs on it, a scheduler, a
 * file system and a console. The operating system around the kernel.
 *
 * <h2>The scheduler</h2>
 * Round robin over an instruction quantum: the task at the head of the queue runs until it
 * has retired {@link Config#quantum()} instructions or traps; a system call or a fault is
 * handled, and a task that can still run goes to the back of the queue. Time is counted in
 * instructions by default ({@link Clock}), so a program gives the same output, counters
 * and frame numbers on every run. When no task can run:
 * <ol>
 *   <li>if some sleep, the clock jumps to the first wake-up (an instruction clock; a host
 *       clock waits);</li>
 *   <li>else if some wait for the console and its input has not ended, the machine waits
 *       for input from the host;</li>
 *   <li>else nothing can ever run again: the machine stops and says so.</li>
 * </ol>
 * The machine also stops when its first process has ended and no other runs, and when a
 * program keeps reading the console after its input has ended (xv6's {@code init} restarts
 * a shell forever otherwise).
 *
 * <p>{@link #start} runs the first program as if a shell on the host had started it: an
 * orphan is not adopted by the first process but reaped as soon as it ends, as the host's
 * init would ({@link Kernel#setInit}). xv6's {@code usertests}, which leaves hundreds of
 * orphans, therefore runs as the first program as it runs under xv6's shell.
 * {@link #boot} starts it as xv6 starts its {@code init}: orphans go to it.
 *
 * <p>One thread drives a machine. Input reaches the console through {@link ConsoleInput},
 * whose own thread only reads the host.
 */
public final class Machine implements AutoCloseable {
    /** Reads of the console at its end, after its input has ended, that stop the machine. */
    static final int END_OF_INPUT_READS = 64;

    private Task running;
    private long sliceStart;

    /**
     * How a machine is built.
     *
     * @param kernel      the kernel's configuration (memory, fork mode, zero policy, paging)
     * @param limits      the file system's and descriptor tables' limits
     * @param hostClock   read the host's time instead of counting instructions
     * @param quantum     instructions a task runs before the next one's turn
     * @param abi         the system-call interface every program uses, or null to choose
     *                    from each executable
     * @param maxProcesses the most processes at once (xv6's NPROC)
     * @param seed        where the machine's random bytes start (Linux's AT_RANDOM and
     *                    getrandom): the same seed gives the same bytes
     */
    public record Config(KernelConfig kernel, Limits limits, boolean hostClock, long quantum, Abi abi,
                         int maxProcesses, long seed) {
        public Config {
            if (quantum < 1 || maxProcesses < 1) {
                throw new IllegalArgumentException("quantum " + quantum + " and maxProcesses " + maxProcesses
                        + " must be positive");
            }
        }

        /** A configuration with seed 0. */
        public Config(KernelConfig kernel, Limits limits, boolean hostClock, long quantum, Abi abi, int maxProcesses) {
            this(kernel, limits, hostClock, quantum, abi, maxProcesses, 0);
        }

        /** xv6's machine: 128 MiB, 64 processes, a quantum of 100,000 instructions. */
        public static Config xv6() {
            return new Config(KernelConfig.defaults().withMemory(128L << 20).withTlbEntries(1024), Limits.xv6(),
                    false, 100_000, null, 64);
        }

        /**
         * A machine for Linux programs: 1 GiB (frames are used only when touched), Linux's
         * file-system limits, 1,024 processes, the same quantum as xv6's.
         */
        public static Config linux() {
            return new Config(KernelConfig.defaults().withMemory(1L << 30).withTlbEntries(1024), Limits.linux(),
                    false, 100_000, null, 1024);
        }

        /** The same with another seed. */
        public Config withSeed(long seed) {
            return new Config(kernel, limits, hostClock, quantum, abi, maxProcesses, seed);
        }
    }

    private final Config config;
    private final Kernel kernel;
    private final FileSystem fs;
    private final FileTable fileTable;
    private final Console console;
    private final ConsoleInput input;
    private final Clock clock;
    private final CodeCache code = new CodeCache();
    private final TreeMap<Integer, Task> tasks = new TreeMap<>();
    private final ArrayDeque<Task> runQueue = new ArrayDeque<>();
    private final Xv6SystemCalls xv6 = new Xv6SystemCalls();
    private final LinuxSystemCalls linux;
    private final java.util.SplittableRandom random;
    private Consumer<String> strace;
    private Consumer<String> notices;
    private Task first;
    private boolean booted;
    private String stopReason;
    private int endOfInputReads;

    /**
     * Builds a machine.
     *
     * @param config  how
     * @param fs      its file system, already filled
     * @param input   where the console's input comes from
     * @param output  where the console writes
     */
    public Machine(Config config, FileSystem fs, ConsoleInput input, PrintStream output) {
        this.config = config;
        this.kernel = new Kernel(config.kernel());
        this.fs = fs;
        this.console = new Console(output);
        this.input = input;
        Devices devices = new Devices(fs.limits().devices()).register(Console.MAJOR, console)
                .register(NULL_MAJOR, new NullDevice());
        this.fileTable = new FileTable(fs, devices);
        this.clock = config.hostClock() ? Clock.host() : Clock.instructions();
        this.random = new java.util.SplittableRandom(config.seed());
        this.linux = new LinuxSystemCalls();
    }

    /** The major device number of {@code /dev/null}. */
    public static final int NULL_MAJOR = 2;

    /**
     * Gives {@code out} what the machine says of its own about a program (a program given
     * the wrong interface); null for the console.
     */
    public void notices(Consumer<String> out) {
        this.notices = out;
    }

    /** Says something about a program: to the notice sink, or on the console. */
    public void notice(String line) {
        if (notices != null) {
            notices.accept(line);
        } else {
            console.write(IoBuffer.of((line + "\n").getBytes(StandardCharsets.UTF_8)));
        }
    }

    /**
     * Fills {@code out} with the machine's next random bytes (getrandom, AT_RANDOM): the
     * same seed gives the same bytes on every run.
     */
    public void randomBytes(byte[] out) {
        for (int i = 0; i < out.length; i += 8) {
            long v = random.nextLong();
            for (int j = 0; j < 8 && i + j < out.length; j++) {
                out[i + j] = (byte) (v >>> (8 * j));
            }
        }
    }

    /** Gives {@code out} one line per system call ({@code --strace}); null for none. */
    public void trace(Consumer<String> out) {
        this.strace = out;
    }

    /** Whether system calls are traced. */
    public boolean tracing() {
        return strace != null;
    }

    /** The kernel. */
    public Kernel kernel() {
        return kernel;
    }

    /** The file system. */
    public FileSystem fileSystem() {
        return fs;
    }

    /** The console. */
    public Console console() {
        return console;
    }

    /** The clock. */
    public Clock clock() {
        return clock;
    }

    /** The configuration. */
    public Config config() {
        return config;
    }

    /** The tasks not yet reaped, by pid. */
    public Collection<Task> tasks() {
        return Collections.unmodifiableCollection(tasks.values());
    }

    /** The task with this pid, if not yet reaped. */
    public Optional<Task> task(int pid) {
        return Optional.ofNullable(tasks.get(pid));
    }

    /** Why the machine stopped before its first process ended, or null. */
    public String stopReason() {
        return stopReason;
    }

    /** The first process's task, once {@link #start} has made it. */
    public Task first() {
        return first;
    }

    // ------------------------------------------------------------------ starting and running

    /**
     * Starts the first program: a process with a fresh address space and the console as its
     * descriptors 0, 1 and 2, as a terminal gives a program (xv6's {@code init}, which opens
     * the console itself, then gets descriptors 3 to 5 for it: the same console).
     *
     * @return the task, or why the program could not start (a clear message)
     */
    public Result<Task> start(String path, List<String> argv, List<String> envp) {
        return start(path, argv, envp, null, null);
    }

    /**
     * Starts the first program in a working directory, with chosen files as its standard
     * descriptors. A Linux program finds {@code /dev/null}, {@code /dev/tty} and
     * {@code /dev/console} made for it if the file system has no {@code /dev} of its own.
     *
     * @param path  the program, in the machine's file system
     * @param argv  its arguments, the program's name first
     * @param envp  its environment
     * @param cwd   its working directory, or null for the root
     * @param stdio three paths opened as descriptors 0 (read), 1 and 2 (written, created if
     *              missing, appended to), a null entry or list for the console
     * @return the task, or why it could not start
     */
    public Result<Task> start(String path, List<String> argv, List<String> envp, String cwd, List<String> stdio) {
        kernel.setInit(null); // the host adopts orphans and reaps them as they end
        Abi abi = abiOf(cwd, path);
        Dialect dialect = abi == Abi.LINUX ? Dialect.LINUX : Dialect.XV6;
        if (abi == Abi.LINUX) {
            makeDevices();
            kernel.skipPidsBelow(2); // pid 1 is the host that started the machine, where Linux has init
        }
        Result<Process> spawned = kernel.spawn();
        if (!spawned.isOk()) {
            return spawned.asFailure();
        }
        Process p = spawned.orElseThrow();
        Descriptors files = Descriptors.create(fileTable, dialect);
        if (cwd != null) {
            SysResult<Void> moved = files.chdir(cwd);
            if (!moved.isOk()) {
                kernel.exit(p, 127);
                return Result.err(dev.cowvm.kernel.Failure.INVALID, cwd + ": " + moved.message());
            }
        }
        Task t = new Task(p, newHart(p), files, abiFor(abi), baseName(path));
        tasks.put(p.pid(), t);
        SystemCalls.Exec result = exec(t, path, argv, envp);
        if (result instanceof SystemCalls.Exec.Failed failed) {
            tasks.remove(p.pid());
            kernel.exit(p, 127);
            return Result.err(dev.cowvm.kernel.Failure.INVALID, failed.message());
        }
        for (int fd = 0; fd < 3; fd++) {
            String file = stdio == null ? null : stdio.get(fd);
            SysResult<Integer> opened = file == null ? t.files().openDevice(Console.MAJOR, OpenMode.READ_WRITE)
                    : t.files().open(file, fd == 0 ? OpenMode.READ
                            : OpenMode.linux(OpenMode.O_WRONLY | OpenMode.O_CREAT | OpenMode.O_APPEND));
            if (!opened.isOk()) {
                tasks.remove(p.pid());
                t.files().closeAll();
                kernel.exit(p, 127);
                return Result.err(dev.cowvm.kernel.Failure.INVALID, file + ": " + opened.message());
            }
        }
        first = t;
        runQueue.add(t);
        return Result.ok(t);
    }

    /** The interface the program at {@code path} (from {@code cwd}) gets: the configured one, or its guess. */
    private Abi abiOf(String cwd, String path) {
        if (config.abi() != null) {
            return config.abi();
        }
        Inode from = cwd != null && fs.lookup(fs.root(), cwd, Dialect.LINUX) instanceof SysResult.Ok<Inode>(Inode dir)
                ? dir : fs.root();
        SysResult<Inode> found = fs.lookup(from, path, Dialect.LINUX);
        if (found instanceof SysResult.Ok<Inode>(Inode inode) && inode.type() == FileType.FILE
                && ElfFile.parse(fs.contents(inode)) instanceof LoadResult.Ok<ElfFile>(ElfFile elf)) {
            return elf.abiGuess().abi();
        }
        return Abi.XV6;
    }

    /** Linux's device files, if the file system has no /dev. */
    private void makeDevices() {
        if (fs.lookup(fs.root(), "/dev", Dialect.LINUX).isOk()) {
            return;
        }
        if (fs.create(fs.root(), "/dev", FileType.DIRECTORY, 0, 0, Dialect.LINUX).isOk()) {
            fs.create(fs.root(), "/dev/null", FileType.DEVICE, NULL_MAJOR, 0, Dialect.LINUX);
            fs.create(fs.root(), "/dev/tty", FileType.DEVICE, Console.MAJOR, 0, Dialect.LINUX);
            fs.create(fs.root(), "/dev/console", FileType.DEVICE, Console.MAJOR, 0, Dialect.LINUX);
        }
    }

    /**
     * Boots as xv6 does: starts the first program as {@link #start} does, and makes it init,
     * the process that adopts every orphan (its {@code wait} collects them).
     *
     * @param path the program, in the machine's file system
     * @param argv its arguments, the program's name first
     * @param envp its environment (ignored by xv6's interface)
     * @return the task, or why the program could not start
     */
    public Result<Task> boot(String path, List<String> argv, List<String> envp) {
        Result<Task> started = start(path, argv, envp);
        if (started.isOk()) {
            kernel.setInit(started.orElseThrow().process());
            booted = true;
        }
        return started;
    }

    private Hart newHart(Process p) {
        Hart h = new Hart(new GuestMemory(p.mmu()), code);
        h.setTimeSource(clock::timebase);
        return h;
    }

    private static String baseName(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? path : path.substring(slash + 1);
    }

    /**
     * Runs until the first process has ended and nothing else can run, or nothing can run
     * at all.
     *
     * @return the first process's exit code (0 to 255), as a shell would report it
     */
    public int run() {
        while (true) {
            input.drainInto(console);
            passInterrupts();
            wakeBlocked(); // channels woken and sleepers due while others ran
            Task t = runQueue.pollFirst();
            if (t == null) {
                if (!idle()) {
                    break;
                }
                continue;
            }
            if (t.state != Task.State.RUNNABLE) {
                continue;
            }
            if (t.killed) {
                exit(t, -1, ProcessStatus.KILLED, "killed");
                continue;
            }
            t.abi().resume(t, this); // Linux delivers signals here
            if (t.state != Task.State.RUNNABLE) {
                continue;
            }
            runSlice(t);
            if (stopReason != null) {
                break;
            }
            if (t.state == Task.State.RUNNABLE) {
                runQueue.addLast(t);
            }
        }
        return first == null ? 0 : first.process().exitCode() & 0xFF;
    }

    /**
     * Instructions retired by every hart since boot, counting the running task's slice so
     * far: the time of an event the kernel reports in the middle of a slice.
     */
    public long instructionsNow() {
        Task t = running;
        return t == null ? clock.instructionsRetired()
                : clock.instructionsRetired() + t.hart().instret() - sliceStart;
    }

    private void runSlice(Task t) {
        Hart h = t.hart();
        long before = h.instret();
        running = t;
        sliceStart = before;
        int trap = h.run(config.quantum());
        running = null;
        clock.retired(h.instret() - before);
        if (trap == Trap.NONE) {
            return;
        }
        h.clearReservation();
        if (trap == Trap.ECALL) {
            t.abi().call(t, this);
        } else {
            t.abi().trap(t, this, trap, h.trapValue());
        }
    }

    /**
     * Nothing is ready: wakes sleepers, waits for input, or decides the machine is done.
     *
     * @return false to stop
     */
    private boolean idle() {
        if (wakeBlocked()) {
            return true;
        }
        long nextWake = Long.MAX_VALUE;
        boolean anyAlive = false;
        boolean consoleWaiters = false;
        for (Task t : tasks.values()) {
            if (t.state == Task.State.SLEEPING) {
                nextWake = Math.min(nextWake, t.wakeAt);
            }
            if (t.state == Task.State.BLOCKED && t.waitingOn == console.readable()) {
                consoleWaiters = true;
            }
            anyAlive |= t.state != Task.State.ENDED;
        }
        if (!anyAlive) {
            return false;
        }
        if (nextWake != Long.MAX_VALUE) {
            if (clock.isHost()) {
                sleepHost(nextWake - clock.nanos());
            } else {
                clock.skipTo(nextWake);
            }
            wakeSleepers();
            return true;
        }
        if (consoleWaiters && input.waitInto(console)) {
            boolean signalled = passInterrupts();
            return wakeBlocked() || signalled;
        }
        if (first != null && first.state == Task.State.ENDED) {
            return false;
        }
        stopReason = "every process is waiting and nothing can wake them";
        return false;
    }

    private static void sleepHost(long nanos) {
        try {
            Thread.sleep(Math.max(0, nanos / 1_000_000), (int) Math.max(0, nanos % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Makes runnable every task whose channel was woken. True if any. */
    private boolean wakeBlocked() {
        boolean any = false;
        wakeSleepers();
        for (Task t : tasks.values()) {
            if ((t.state == Task.State.BLOCKED && t.waitingOn.wokenSince(t.waitGeneration))
                    || (t.killed && (t.state == Task.State.BLOCKED || t.state == Task.State.SLEEPING))) {
                makeRunnable(t);
                any = true;
            }
        }
        return any;
    }

    private void wakeSleepers() {
        long now = clock.nanos();
        for (Task t : tasks.values()) {
            if (t.state == Task.State.SLEEPING && t.wakeAt <= now) {
                makeRunnable(t);
            }
        }
    }

    private void makeRunnable(Task t) {
        t.state = Task.State.RUNNABLE;
        t.waitingOn = null;
        runQueue.addLast(t);
    }

    /**
     * Called after each system call and at each scheduling round: blocked tasks whose
     * channel was woken become runnable. Cheap: it looks only at blocked tasks.
     */
    void wake() {
        wakeBlocked();
    }

    /**
     * A read or write system call's transfer between the task's memory and a file: what
     * it moved, or null when the task now waits for the file (its call is made again, and
     * goes on where it stopped). A read of the console at its end after the input ended
     * is counted ({@link #endOfInputRead}).
     *
     * @param read true for a read into {@code [addr, addr+n)}, false for a write from it
     */
    public IoResult transfer(Task t, OpenFile f, long addr, long n, boolean read) {
        IoBuffer buffer = t.ioBuffer(addr, n);
        IoResult r = read ? f.read(buffer) : f.write(buffer);
        if (r instanceof IoResult.Blocked blocked) {
            t.block(blocked.channel(), blocked.generation());
            return null;
        }
        if (read && r.count() == 0 && r instanceof IoResult.Done && f.isTerminal() && console.ended()) {
            endOfInputRead();
        }
        return r;
    }

    /**
     * Passes each Ctrl-C pressed at the host's terminal to every program still running, as
     * a terminal sends SIGINT to its foreground process group (here: every process, since
     * there is no job control). An xv6 program has no signals and is left alone.
     *
     * @return true if there was a Ctrl-C to pass on
     */
    private boolean passInterrupts() {
        if (console.takeInterrupts() == 0) {
            return false;
        }
        // One SIGINT for any number of Ctrl-Cs: a pending signal is pending once.
        for (Task t : taskList()) {
            if (t.state != Task.State.ENDED) {
                t.abi().hostInterrupt(t, this);
            }
        }
        return true;
    }

    /**
     * Counts a read of the console at its end after the input ended; after
     * {@value #END_OF_INPUT_READS} of them, stops the machine.
     */
    public void endOfInputRead() {
        if (++endOfInputReads >= END_OF_INPUT_READS) {
            stopReason = "the console's input has ended and programs keep reading it";
        }
    }

    // ------------------------------------------------------------------ the services of system calls

    /**
     * fork: a child task with a copy of the parent's memory (as the kernel's fork mode
     * says), registers and open files; the child's a0 is 0 and both go on past the
     * {@code ecall}.
     *
     * @return the child, or why not: {@link dev.cowvm.kernel.Failure#WOULD_BLOCK} (EAGAIN) with
     *         the process table full, or no memory
     */
    public Result<Task> fork(Task parent) {
        if (tasks.size() >= config.maxProcesses()) {
            return tableFull();
        }
        Result<Process> child = kernel.fork(parent.process());
        if (!child.isOk()) {
            return child.asFailure();
        }
        return Result.ok(childTask(parent, child.orElseThrow()));
    }

    private <T> Result<T> tableFull() {
        return Result.err(dev.cowvm.kernel.Failure.WOULD_BLOCK, "the process table is full (" + config.maxProcesses()
                + " processes)");
    }

    /** The task of a new child: the parent's registers (a0 = 0), a copy of its descriptors, queued to run. */
    private Task childTask(Task parent, Process p) {
        Hart h = newHart(p);
        h.copyStateFrom(parent.hart());
        Task t = new Task(p, h, parent.files().fork(), parent.abi(), parent.name());
        t.setExecutable(parent.executable());
        t.setGuess(parent.guess());
        h.completeEcall(0);
        tasks.put(p.pid(), t);
        parent.abi().forked(parent, t);
        runQueue.addLast(t);
        return t;
    }

    /**
     * vfork ({@code clone(CLONE_VM|CLONE_VFORK)}): a child that shares the parent's address
     * space, with nothing copied and no page made copy-on-write ({@link Kernel#vfork}). Its
     * registers are the parent's and its a0 is 0. The caller suspends the parent until the
     * child execs or ends.
     *
     * @return the child, or why not: {@link dev.cowvm.kernel.Failure#WOULD_BLOCK} (EAGAIN) with
     *         the process table full
     */
    public Result<Task> vfork(Task parent) {
        if (tasks.size() >= config.maxProcesses()) {
            return tableFull();
        }
        Result<Process> child = kernel.vfork(parent.process());
        if (!child.isOk()) {
            return child.asFailure();
        }
        return Result.ok(childTask(parent, child.orElseThrow()));
    }

    /**
     * exec: replaces the task's program with the executable at {@code path} (looked up from
     * its working directory), with these arguments and environment.
     *
     * @return how it went: started (the hart is set to run it), failed with the old program
     *         intact (the caller returns an error to it), or failed after the point of no
     *         return (the caller ends the task)
     */
    public SystemCalls.Exec exec(Task t, String path, List<String> argv, List<String> envp) {
        SysResult<Inode> found = t.files().lookup(path);
        if (!(found instanceof SysResult.Ok<Inode>(Inode inode))) {
            SysResult.Err<Inode> err = (SysResult.Err<Inode>) found;
            return new SystemCalls.Exec.Failed(err.errno().number(), path + ": " + err.message(), false);
        }
        if (inode.type() != FileType.FILE) {
            return new SystemCalls.Exec.Failed(Errno.EACCES.number(), path + ": not a regular file (EACCES)", false);
        }
        if ((inode.permissions() & 0111) == 0) {
            return new SystemCalls.Exec.Failed(Errno.EACCES.number(), path + ": no execute permission (mode 0"
                    + Integer.toOctalString(inode.permissions()) + ") (EACCES)", false);
        }
        byte[] bytes = fs.contents(inode);
        ExecRequest request = ExecRequest.of(path, argv.toArray(String[]::new)).withEnv(envp);
        if (config.abi() != null) {
            request = request.withAbi(config.abi());
        }
        LoadResult<ElfFile> parsed = ElfFile.parse(bytes);
        if (parsed instanceof LoadResult.Err<ElfFile> err) {
            return new SystemCalls.Exec.Failed(err.failure().errno(), path + ": " + err.message(), false);
        }
        ElfFile elf = parsed.orElseThrow();
        if ((request.abi() != null ? request.abi() : elf.abiGuess().abi()) == Abi.LINUX) {
            byte[] seed = new byte[16];
            randomBytes(seed);
            request = request.withRandom(seed);
        }
        String absolute = absolute(t, path);
        LoadResult<LoadedProgram> loaded = ElfLoader.load(kernel, t.process(), elf, request);
        if (loaded instanceof LoadResult.Err<LoadedProgram> err) {
            return new SystemCalls.Exec.Failed(err.failure().errno(), path + ": " + err.message(),
                    err.imageReplaced());
        }
        LoadedProgram program = ((LoadResult.Ok<LoadedProgram>) loaded).value();
        Hart h = t.hart();
        if (((GuestMemory) h.memory()).mmu() != t.process().mmu()) {
            // A vfork child has left its parent's address space for one of its own.
            Hart fresh = newHart(t.process());
            fresh.continueCountsFrom(h);
            t.setHart(fresh);
            h = fresh;
        }
        for (int i = 1; i < 32; i++) {
            h.setX(i, 0);
        }
        for (int i = 0; i < 32; i++) {
            h.setF(i, 0);
        }
        h.setFcsr(0);
        h.setX(2, program.stackPointer());
        h.setX(10, program.a0());
        h.setX(11, program.a1());
        h.setPc(program.entry());
        h.clearReservation();
        t.setAbi(abiFor(program.abi()));
        t.setName(baseName(path));
        t.setExecutable(absolute);
        t.setGuess(elf.abiGuess());
        t.files().exec();
        t.pendingIo = null;
        t.pendingPc = -1;
        return new SystemCalls.Exec.Started(program);
    }

    /** {@code path} made absolute from the task's working directory, without . and .. */
    private static String absolute(Task t, String path) {
        String full = path;
        if (!path.startsWith("/")) {
            SysResult<String> cwd = t.files().cwdPath();
            full = (cwd.isOk() ? cwd.orElseThrow() : "/") + "/" + path;
        }
        ArrayDeque<String> parts = new ArrayDeque<>();
        for (String part : full.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                parts.pollLast();
            } else {
                parts.addLast(part);
            }
        }
        return "/" + String.join("/", parts);
    }

    private SystemCalls abiFor(Abi abi) {
        return switch (abi) {
            case XV6 -> xv6;
            case LINUX -> linux;
        };
    }

    /**
     * Ends a task: its files are closed, its memory goes back, its parent is woken to wait
     * for it. An orphan has no parent: it is reaped at once, as the host's init would.
     *
     * @param code   the exit code its parent's wait sees
     * @param status how it ended
     * @param reason why, in words
     */
    public void exit(Task t, int code, ProcessStatus status, String reason) {
        if (t.state == Task.State.ENDED) {
            return;
        }
        t.files().closeAll();
        Optional<Process> parent = t.process().parent();
        List<Process> children = List.copyOf(t.process().children());
        if (status == ProcessStatus.EXITED) {
            kernel.exit(t.process(), code);
        } else {
            kernel.terminate(t.process(), status, code, reason);
        }
        t.state = Task.State.ENDED;
        t.pendingIo = null;
        parent.flatMap(p -> task(p.pid())).ifPresent(p -> p.children.wake());
        if (booted && first != t) {
            first.children.wake(); // init may have adopted orphans to collect
        }
        if (t.process().isReaped()) {
            tasks.remove(t.pid());
        }
        for (Process c : children) {
            if (c.isReaped()) {
                tasks.remove(c.pid()); // an ended orphan, reaped as the host's init would
            }
        }
        wake();
    }

    /** Forgets a task its parent has reaped. */
    public void reaped(Process child) {
        tasks.remove(child.pid());
    }

    /**
     * Marks a task killed: it ends (status -1 for xv6) before it runs again; a blocked or
     * sleeping task is woken for it.
     *
     * @return false if there is no such running task
     */
    public boolean kill(int pid) {
        Task t = tasks.get(pid);
        if (t == null || t.state == Task.State.ENDED) {
            return false;
        }
        t.killed = true;
        if (t.state == Task.State.BLOCKED || t.state == Task.State.SLEEPING) {
            makeRunnable(t);
        }
        return true;
    }

    /**
     * Wakes a task waiting inside a system call (blocked or asleep) so that a signal can
     * interrupt the call; a task suspended by {@link Task#suspend} stays.
     */
    public void interrupt(Task t) {
        if (t.inCall && (t.state == Task.State.BLOCKED || t.state == Task.State.SLEEPING)) {
            makeRunnable(t);
        }
    }

    /** A line of {@code --strace}, if tracing. */
    public void traceLine(Task t, String line) {
        if (strace != null) {
            strace.accept("[pid " + t.pid() + "] " + line);
        }
    }

    /** Reads a NUL-terminated string of at most {@code max} bytes from a task's memory; empty if bad. */
    public Optional<String> string(Task t, long va, int max) {
        byte[] buf = new byte[Math.min(max, 4096)];
        int len = 0;
        while (len < max) {
            if (len == buf.length) {
                buf = java.util.Arrays.copyOf(buf, Math.min(max, buf.length * 2));
            }
            int chunk = (int) Math.min(buf.length - len, 4096 - ((va + len) & 4095));
            if (!t.process().copyIn(va + len, buf, len, chunk).isOk()) {
                // The string may end before the bad page: look byte by byte there.
                for (int i = len; i < len + chunk; i++) {
                    if (!t.process().copyIn(va + i, buf, i, 1).isOk()) {
                        return Optional.empty();
                    }
                    if (buf[i] == 0) {
                        return Optional.of(new String(buf, 0, i, StandardCharsets.UTF_8));
                    }
                }
                return Optional.empty();
            }
            for (int i = len; i < len + chunk; i++) {
                if (buf[i] == 0) {
                    return Optional.of(new String(buf, 0, i, StandardCharsets.UTF_8));
                }
            }
            len += chunk;
        }
        return Optional.empty();
    }

    /** The tasks in pid order (for the summary). */
    public List<Task> taskList() {
        return new ArrayList<>(tasks.values());
    }

    @Override
    public void close() {
        input.close();
        kernel.close();
    }
}
