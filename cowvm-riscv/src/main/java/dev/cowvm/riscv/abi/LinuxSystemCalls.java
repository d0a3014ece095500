package dev.cowvm.riscv.abi;

import dev.cowvm.kernel.Failure;
import dev.cowvm.kernel.Process;
import dev.cowvm.kernel.Result;
import dev.cowvm.mmu.Fault;
import dev.cowvm.observe.ProcessStatus;
import dev.cowvm.riscv.cpu.Hart;
import dev.cowvm.riscv.cpu.Trap;
import dev.cowvm.riscv.loader.Abi;
import dev.cowvm.riscv.os.Descriptors;
import dev.cowvm.riscv.os.Errno;
import dev.cowvm.riscv.os.FileType;
import dev.cowvm.riscv.os.Inode;
import dev.cowvm.riscv.os.IoBuffer;
import dev.cowvm.riscv.os.IoResult;
import dev.cowvm.riscv.os.Machine;
import dev.cowvm.riscv.os.OpenFile;
import dev.cowvm.riscv.os.SysResult;
import dev.cowvm.riscv.os.Task;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Linux's system-call interface for riscv64 (numbers from Linux
 * {@code include/uapi/asm-generic/unistd.h}): a7 holds the number, a0 to a5 the
 * arguments, and a0 the result, {@code -errno} on failure, exactly as Linux returns it.
 *
 * <p>What is served, and how far, is listed in {@code docs/linux.md}. In short: processes
 * ({@code clone} as glibc's fork and as vfork/posix_spawn, {@code execve} with {@code #!}
 * scripts and close-on-exec, {@code wait4} in Linux's status encoding, exits), files and
 * pipes over the machine's file system, anonymous memory ({@code brk}, {@code mmap},
 * {@code munmap}, {@code mprotect}, {@code mremap}, {@code madvise}), signals
 * ({@link LinuxSignals}), identity, time and the calls glibc makes at start-up. Any other
 * number returns ENOSYS. Threads ({@code clone} with {@code CLONE_THREAD}, or
 * {@code CLONE_VM} without {@code CLONE_VFORK}) are refused with ENOSYS.
 *
 * <p>The calls on files, pipes and the console are in {@code LinuxFiles}, the memory
 * calls in {@code LinuxMemory}, signals in {@link LinuxSignals}; this class holds the table,
 * processes, identity, time, and the helpers they share.
 *
 * <h2>vfork</h2>
 * {@code clone(CLONE_VM|CLONE_VFORK)}, which glibc's {@code posix_spawn} and {@code vfork}
 * make, gives the child the parent's address space itself: no page is copied and none is
 * made copy-on-write. The parent is suspended until the child execs (and gets an address
 * space of its own) or ends.
 */
public final class LinuxSystemCalls implements SystemCalls {
    static final int GETCWD = 17;
    static final int DUP = 23;
    static final int DUP3 = 24;
    static final int FCNTL = 25;
    static final int IOCTL = 29;
    static final int MKDIRAT = 34;
    static final int UNLINKAT = 35;
    static final int LINKAT = 37;
    static final int FTRUNCATE = 46;
    static final int FACCESSAT = 48;
    static final int CHDIR = 49;
    static final int FCHMOD = 52;
    static final int FCHMODAT = 53;
    static final int FCHOWNAT = 54;
    static final int OPENAT = 56;
    static final int CLOSE = 57;
    static final int PIPE2 = 59;
    static final int PPOLL = 73;
    static final int GETDENTS64 = 61;
    static final int LSEEK = 62;
    static final int READ = 63;
    static final int WRITE = 64;
    static final int READV = 65;
    static final int WRITEV = 66;
    static final int PREAD64 = 67;
    static final int PWRITE64 = 68;
    static final int SENDFILE = 71;
    static final int READLINKAT = 78;
    static final int NEWFSTATAT = 79;
    static final int FSTAT = 80;
    static final int FSYNC = 82;
    static final int FDATASYNC = 83;
    static final int UTIMENSAT = 88;
    static final int EXIT = 93;
    static final int EXIT_GROUP = 94;
    static final int SET_TID_ADDRESS = 96;
    static final int SET_ROBUST_LIST = 99;
    static final int NANOSLEEP = 101;
    static final int CLOCK_GETTIME = 113;
    static final int CLOCK_GETRES = 114;
    static final int CLOCK_NANOSLEEP = 115;
    static final int SCHED_YIELD = 124;
    static final int KILL = 129;
    static final int TKILL = 130;
    static final int TGKILL = 131;
    static final int SIGALTSTACK = 132;
    static final int RT_SIGSUSPEND = 133;
    static final int RT_SIGACTION = 134;
    static final int RT_SIGPROCMASK = 135;
    static final int RT_SIGPENDING = 136;
    static final int RT_SIGRETURN = 139;
    static final int SETPGID = 154;
    static final int GETPGID = 155;
    static final int GETSID = 156;
    static final int SETSID = 157;
    static final int TIMES = 153;
    static final int UNAME = 160;
    static final int GETRLIMIT = 163;
    static final int SETRLIMIT = 164;
    static final int GETRUSAGE = 165;
    static final int UMASK = 166;
    static final int PRCTL = 167;
    static final int GETTIMEOFDAY = 169;
    static final int GETPID = 172;
    static final int GETPPID = 173;
    static final int GETUID = 174;
    static final int GETEUID = 175;
    static final int GETGID = 176;
    static final int GETEGID = 177;
    static final int GETTID = 178;
    static final int BRK = 214;
    static final int MUNMAP = 215;
    static final int MREMAP = 216;
    static final int CLONE = 220;
    static final int EXECVE = 221;
    static final int MMAP = 222;
    static final int MPROTECT = 226;
    static final int MADVISE = 233;
    static final int RISCV_FLUSH_ICACHE = 259;
    static final int WAIT4 = 260;
    static final int PRLIMIT64 = 261;
    static final int RENAMEAT2 = 276;
    static final int GETRANDOM = 278;
    static final int FACCESSAT2 = 439;

    static final int CLONE_VM = 0x100;
    static final int CLONE_FS = 0x200;
    static final int CLONE_FILES = 0x400;
    static final int CLONE_SIGHAND = 0x800;
    static final int CLONE_VFORK = 0x4000;
    static final int CLONE_THREAD = 0x10000;
    static final int CLONE_SETTLS = 0x80000;
    static final int CLONE_PARENT_SETTID = 0x100000;
    static final int CLONE_CHILD_CLEARTID = 0x200000;
    static final int CLONE_CHILD_SETTID = 0x1000000;
    private static final long CLONE_SUPPORTED = 0xFF | CLONE_VM | CLONE_VFORK | CLONE_SETTLS | CLONE_PARENT_SETTID
            | CLONE_CHILD_CLEARTID | CLONE_CHILD_SETTID;

    static final int WNOHANG = 1;
    private static final int WAIT_KNOWN = 1 | 2 | 8 | 0x20000000 | 0x40000000 | 0x80000000;

    static final int AT_FDCWD = Descriptors.AT_FDCWD;
    static final int AT_REMOVEDIR = 0x200;
    static final int AT_EMPTY_PATH = 0x1000;

    static final int PROT_READ = 1;
    static final int PROT_WRITE = 2;
    static final int PROT_EXEC = 4;
    static final int MAP_SHARED = 1;
    static final int MAP_PRIVATE = 2;
    static final int MAP_FIXED = 0x10;
    static final int MAP_ANONYMOUS = 0x20;
    static final int MAP_FIXED_NOREPLACE = 0x100000;
    static final int MREMAP_MAYMOVE = 1;
    static final int MADV_DONTNEED = 4;

    /** The most bytes one read or write moves (Linux's MAX_RW_COUNT). */
    static final long MAX_RW_COUNT = 0x7ffff000L;
    /** PATH_MAX. */
    static final int PATH_MAX = 4096;
    /** MAX_ARG_STRLEN: one argument or environment string, 32 pages. */
    static final int MAX_ARG_STRLEN = 32 * 4096;
    /** What execve takes at most in arguments and environment together (a quarter of the 8 MiB stack). */
    static final long ARG_MAX = 2L << 20;
    /** The deepest chain of {@code #!} interpreters execve follows (Linux's BINPRM_MAX_RECURSION). */
    static final int MAX_INTERPRETERS = 4;

    /** The realtime clock's start: 2026-01-01T00:00:00Z, so that every run reads the same dates. */
    static final long EPOCH_SECONDS = 1_767_225_600L;

    /** A handler's answer when it completed nothing: the task blocked, ended, exec'd or returned from a signal. */
    static final long HANDLED = Long.MIN_VALUE;

    /** Makes the table. */
    public LinuxSystemCalls() {
    }

    @Override
    public Abi abi() {
        return Abi.LINUX;
    }

    @Override
    public void forked(Task parent, Task child) {
        child.setAbiState(LinuxProcess.copy(LinuxSignals.state(parent)));
    }

    @Override
    public void resume(Task task, Machine machine) {
        if (task.abiState() instanceof LinuxProcess s && s.pending != 0) {
            LinuxSignals.deliver(task, machine);
        }
    }

    @Override
    public void hostInterrupt(Task task, Machine machine) {
        LinuxSignals.post(task, machine, LinuxSignals.SIGINT, new LinuxProcess.SigInfo(LinuxSignals.SI_KERNEL, 0, 0,
                0, 0));
    }

    @Override
    public void call(Task t, Machine m) {
        long n = t.number();
        LinuxTrace trace = m.tracing() ? new LinuxTrace(n) : null;
        long result;
        try {
            result = dispatch(t, m, n, trace);
        } catch (BadAddress e) {
            result = -e.errno.number();
        }
        if (result != HANDLED) {
            t.complete(result);
        }
        if (trace != null && (result != HANDLED || t.state() == Task.State.ENDED || n == EXECVE
                || n == RT_SIGRETURN || n == CLONE)) {
            m.traceLine(t, trace.line(result, t));
        }
    }

    private long dispatch(Task t, Machine m, long n, LinuxTrace tr) {
        return switch ((int) Math.min(Math.max(n, -1), Integer.MAX_VALUE)) {
            // processes
            case CLONE -> clone(t, m, tr);
            case EXECVE -> execve(t, m, tr);
            case WAIT4 -> wait4(t, m, tr);
            case EXIT, EXIT_GROUP -> {
                int status = (int) t.arg(0);
                note(tr, status);
                LinuxSignals.end(t, m, status & 0xFF, 0, ProcessStatus.EXITED, "exited with status " + (status & 0xFF));
                yield HANDLED;
            }
            case KILL -> kill(t, m, (int) t.arg(0), (int) t.arg(1), LinuxSignals.SI_USER, tr);
            case TKILL -> kill(t, m, (int) t.arg(0), (int) t.arg(1), LinuxSignals.SI_TKILL, tr);
            case TGKILL -> {
                note(tr, (int) t.arg(0));
                yield kill(t, m, (int) t.arg(1), (int) t.arg(2), LinuxSignals.SI_TKILL, tr);
            }
            case RT_SIGACTION -> sigaction(t, tr);
            case RT_SIGPROCMASK -> sigprocmask(t, tr);
            case RT_SIGPENDING -> {
                note(tr, hex(t.arg(0)), t.arg(1));
                LinuxProcess s = LinuxSignals.state(t);
                yield t.arg(1) != 8 ? err(Errno.EINVAL) : out(t, t.arg(0), longBytes(s.pending & s.blocked));
            }
            case RT_SIGSUSPEND -> sigsuspend(t, m, tr);
            case RT_SIGRETURN -> {
                LinuxSignals.sigreturn(t, m);
                yield HANDLED;
            }
            case SIGALTSTACK -> sigaltstack(t, tr);
            case GETPID, GETTID -> t.pid();
            case GETPPID -> t.process().parent().map(Process::pid).orElse(1); // orphans: pid 1, the host
            case GETUID, GETEUID, GETGID, GETEGID -> 0;
            case GETPGID, GETSID -> {
                int pid = (int) t.arg(0);
                note(tr, pid);
                yield pid == 0 ? t.pid() : m.task(pid).isPresent() ? pid : err(Errno.ESRCH);
            }
            case SETPGID -> {
                note(tr, (int) t.arg(0), (int) t.arg(1));
                yield 0;
            }
            case SETSID -> t.pid();
            case SET_TID_ADDRESS -> {
                note(tr, hex(t.arg(0)));
                LinuxSignals.state(t).clearChildTid = t.arg(0);
                yield t.pid();
            }
            case SET_ROBUST_LIST -> {
                note(tr, hex(t.arg(0)), t.arg(1));
                yield t.arg(1) != 24 ? err(Errno.EINVAL) : 0;
            }
            case PRLIMIT64 -> prlimit(t, m, (int) t.arg(0), (int) t.arg(1), t.arg(2), t.arg(3), tr);
            case GETRLIMIT -> prlimit(t, m, 0, (int) t.arg(0), 0, t.arg(1), tr);
            case SETRLIMIT -> prlimit(t, m, 0, (int) t.arg(0), t.arg(1), 0, tr);
            case GETRANDOM -> getrandom(t, m, tr);
            case UNAME -> uname(t, tr);
            case PRCTL -> prctl(t, m, tr);
            case UMASK -> {
                note(tr, String.format("0%o", t.arg(0) & 0777));
                LinuxProcess s = LinuxSignals.state(t);
                int old = s.umask;
                s.umask = (int) t.arg(0) & 0777;
                yield old;
            }
            // time
            case CLOCK_GETTIME -> clockGettime(t, m, tr);
            case CLOCK_GETRES -> {
                note(tr, LinuxNames.clockId((int) t.arg(0)), hex(t.arg(1)));
                yield !validClock((int) t.arg(0)) ? err(Errno.EINVAL)
                        : t.arg(1) == 0 ? 0 : out(t, t.arg(1), timespec(0, 1_000_000_000L / Hart.TIMEBASE_HZ));
            }
            case GETTIMEOFDAY -> {
                note(tr, hex(t.arg(0)), hex(t.arg(1)));
                long now = realtime(m);
                yield t.arg(0) == 0 ? 0 : out(t, t.arg(0), timespec(now / 1_000_000_000L, now % 1_000_000_000L / 1000));
            }
            case NANOSLEEP -> sleep(t, m, 1, 0, t.arg(0), tr);
            case CLOCK_NANOSLEEP -> {
                note(tr, LinuxNames.clockId((int) t.arg(0)), (int) t.arg(1) == 1 ? "TIMER_ABSTIME" : "0");
                yield sleep(t, m, (int) t.arg(0), (int) t.arg(1), t.arg(2), tr);
            }
            case SCHED_YIELD -> 0;
            case TIMES -> {
                note(tr, hex(t.arg(0)));
                long ticks = m.clock().nanos() / 10_000_000L; // clock_t at 100 Hz (AT_CLKTCK)
                yield t.arg(0) != 0 && out(t, t.arg(0), new byte[32]) != 0 ? err(Errno.EFAULT) : ticks;
            }
            case GETRUSAGE -> {
                note(tr, (int) t.arg(0), hex(t.arg(1)));
                yield out(t, t.arg(1), new byte[144]);
            }
            // memory
            case BRK -> LinuxMemory.brk(t, tr);
            case MMAP -> LinuxMemory.mmap(t, m, tr);
            case MUNMAP -> LinuxMemory.munmap(t, tr);
            case MPROTECT -> LinuxMemory.mprotect(t, tr);
            case MREMAP -> LinuxMemory.mremap(t, tr);
            case MADVISE -> LinuxMemory.madvise(t, tr);
            case RISCV_FLUSH_ICACHE -> 0; // stores into code are watched: nothing to flush
            // files
            case READ -> LinuxFiles.transfer(t, m, true, tr);
            case WRITE -> LinuxFiles.transfer(t, m, false, tr);
            case READV -> LinuxFiles.vector(t, m, true, tr);
            case WRITEV -> LinuxFiles.vector(t, m, false, tr);
            case OPENAT -> LinuxFiles.openat(t, m, tr);
            case CLOSE -> {
                note(tr, (int) t.arg(0));
                yield sys(t.files().close((int) t.arg(0)));
            }
            case DUP -> {
                note(tr, (int) t.arg(0));
                yield sys(t.files().dup((int) t.arg(0)));
            }
            case DUP3 -> LinuxFiles.dup3(t, tr);
            case PIPE2 -> LinuxFiles.pipe2(t, tr);
            case FCNTL -> LinuxFiles.fcntl(t, tr);
            case IOCTL -> LinuxFiles.ioctl(t, m, tr);
            case LSEEK -> {
                note(tr, (int) t.arg(0), t.arg(1), LinuxNames.seekWhence((int) t.arg(2)));
                yield file(t, (int) t.arg(0)).map(f -> sys(f.seek(t.arg(1), (int) t.arg(2))))
                        .orElse(err(Errno.EBADF));
            }
            case GETDENTS64 -> LinuxFiles.getdents(t, tr);
            case PPOLL -> LinuxFiles.ppoll(t, m, tr);
            case NEWFSTATAT -> LinuxFiles.fstatat(t, m, tr);
            case FSTAT -> {
                note(tr, (int) t.arg(0), hex(t.arg(1)));
                yield file(t, (int) t.arg(0)).map(f -> out(t, t.arg(1), f.stat().linuxBytes(0, 0)))
                        .orElse(err(Errno.EBADF));
            }
            case MKDIRAT -> {
                int dirfd = (int) t.arg(0);
                String path = path(t, m, t.arg(1), tr, dirfd);
                note(tr, String.format("0%o", t.arg(2)));
                SysResult<Void> made = t.files().mkdirAt(dirfd, path);
                if (made.isOk()) {
                    t.files().lookupAt(dirfd, path).orElseThrow()
                            .setPermissions((int) t.arg(2) & ~LinuxSignals.state(t).umask);
                }
                yield sys(made);
            }
            case UNLINKAT -> LinuxFiles.unlinkat(t, m, tr);
            case LINKAT -> {
                int olddir = (int) t.arg(0);
                String from = path(t, m, t.arg(1), tr, olddir);
                int newdir = (int) t.arg(2);
                String to = path(t, m, t.arg(3), tr, newdir);
                note(tr, LinuxNames.atFlags((int) t.arg(4)));
                yield sys(t.files().linkAt(olddir, from, newdir, to));
            }
            case RENAMEAT2 -> LinuxFiles.rename(t, m, (int) t.arg(4), tr); // riscv64 has no renameat (38)
            case PREAD64, PWRITE64 -> LinuxFiles.positioned(t, m, n == PREAD64, tr);
            case FACCESSAT, FACCESSAT2 -> {
                int dirfd = (int) t.arg(0);
                String path = path(t, m, t.arg(1), tr, dirfd);
                int mode = (int) t.arg(2);
                note(tr, LinuxNames.accessMode(mode));
                if (n == FACCESSAT2) {
                    note(tr, LinuxNames.faccessatFlags((int) t.arg(3)));
                }
                yield (mode & ~7) != 0 ? err(Errno.EINVAL) : sys(LinuxFiles.lookup(t, dirfd, path));
            }
            case FCHMODAT -> {
                int dirfd = (int) t.arg(0);
                SysResult<Inode> found = LinuxFiles.lookup(t, dirfd, path(t, m, t.arg(1), tr, dirfd));
                note(tr, String.format("0%o", t.arg(2) & 07777));
                if (found instanceof SysResult.Ok<Inode>(Inode ip)) {
                    ip.setPermissions((int) t.arg(2));
                }
                yield sys(found);
            }
            case FCHMOD -> {
                note(tr, (int) t.arg(0), String.format("0%o", t.arg(1) & 07777));
                yield file(t, (int) t.arg(0)).map(f -> {
                    f.inode().ifPresent(ip -> ip.setPermissions((int) t.arg(1)));
                    return 0L;
                }).orElse(err(Errno.EBADF));
            }
            case FCHOWNAT, UTIMENSAT -> {
                // No owners or times are kept: the change is accepted if the file exists.
                int dirfd = (int) t.arg(0);
                yield t.arg(1) == 0 && n == UTIMENSAT ? file(t, dirfd).map(f -> 0L).orElse(err(Errno.EBADF))
                        : sys(LinuxFiles.lookup(t, dirfd, path(t, m, t.arg(1), tr, dirfd)));
            }
            case READLINKAT -> LinuxFiles.readlinkat(t, m, tr);
            case GETCWD -> LinuxFiles.getcwd(t, tr);
            case CHDIR -> {
                String path = path(t, m, t.arg(0), tr, null);
                yield sys(t.files().chdir(path));
            }
            case FTRUNCATE -> LinuxFiles.ftruncate(t, m, tr);
            case FSYNC, FDATASYNC -> {
                note(tr, (int) t.arg(0));
                yield file(t, (int) t.arg(0)).map(f -> 0L).orElse(err(Errno.EBADF));
            }
            case SENDFILE -> {
                // Not served: callers (busybox's cat) fall back to read and write.
                note(tr, (int) t.arg(0), (int) t.arg(1), hex(t.arg(2)), t.arg(3));
                yield err(Errno.EINVAL);
            }
            default -> unknown(t, m, n, tr);
        };
    }

    // ------------------------------------------------------------------ processes

    private long clone(Task t, Machine m, LinuxTrace tr) {
        long flags = t.arg(0);
        long newsp = t.arg(1);
        long ptid = t.arg(2);
        long ctid = t.arg(3);
        long tls = t.arg(4);
        note(tr, "child_stack=" + hex(newsp), "flags=" + LinuxNames.cloneFlags(flags));
        if ((flags & (CLONE_THREAD | CLONE_SIGHAND)) != 0 || (flags & CLONE_VM) != 0 && (flags & CLONE_VFORK) == 0) {
            return err(Errno.ENOSYS); // threads: see docs/linux.md
        }
        if ((flags & ~CLONE_SUPPORTED) != 0) {
            return err(Errno.EINVAL);
        }
        boolean shareMemory = (flags & CLONE_VM) != 0;
        Result<Task> made = shareMemory ? m.vfork(t) : m.fork(t);
        if (!made.isOk()) {
            return made.failure() == Failure.WOULD_BLOCK ? err(Errno.EAGAIN) : err(Errno.ENOMEM);
        }
        Task child = made.orElseThrow();
        LinuxProcess cs = LinuxSignals.state(child);
        cs.exitSignal = (int) (flags & 0xFF);
        cs.pending = 0;
        Hart ch = child.hart();
        if (newsp != 0) {
            ch.setX(2, newsp);
        }
        if ((flags & CLONE_SETTLS) != 0) {
            ch.setX(4, tls);
        }
        byte[] tid = intBytes(child.pid());
        if ((flags & CLONE_PARENT_SETTID) != 0) {
            t.process().copyOut(ptid, tid, 0, 4);
        }
        if ((flags & CLONE_CHILD_SETTID) != 0) {
            child.process().copyOut(ctid, tid, 0, 4); // in the child's memory: a store of the child's
        }
        if ((flags & CLONE_CHILD_CLEARTID) != 0) {
            cs.clearChildTid = ctid;
        }
        t.complete(child.pid());
        if (tr != null) {
            tr.result = (long) child.pid();
        }
        if ((flags & CLONE_VFORK) != 0) {
            cs.parentWaits = true;
            t.suspend(cs.vforkDone, cs.vforkDone.generation());
        }
        return HANDLED;
    }

    private long execve(Task t, Machine m, LinuxTrace tr) {
        String path = string(t, m, t.arg(0), PATH_MAX, tr);
        List<String> argv = new ArrayList<>();
        List<String> envp = new ArrayList<>();
        long total = stringList(t, m, t.arg(1), argv);
        if (total >= 0) {
            long more = stringList(t, m, t.arg(2), envp);
            total = more < 0 ? more : total + more;
        }
        if (tr != null) {
            tr.args.add(argv.stream().map(LinuxNames::quote).toList().toString());
            tr.args.add(hex(t.arg(2)) + " /* " + envp.size() + " vars */");
        }
        if (total == -1) {
            return err(Errno.EFAULT);
        }
        if (total < 0 || total > ARG_MAX) {
            return err(Errno.E2BIG);
        }
        if (path.equals("/proc/self/exe")) {
            path = t.executable();
        }
        // #! scripts: the interpreter runs with the script's path as an argument.
        for (int depth = 0; ; depth++) {
            Optional<List<String>> interpreter = interpreter(t, m, path);
            if (interpreter.isEmpty()) {
                break;
            }
            if (depth == MAX_INTERPRETERS) {
                return err(Errno.ELOOP);
            }
            List<String> line = interpreter.get();
            List<String> next = new ArrayList<>(line);
            next.add(path);
            if (argv.size() > 1) {
                next.addAll(argv.subList(1, argv.size()));
            }
            argv = next;
            path = line.getFirst();
        }
        SystemCalls.Exec result = m.exec(t, path, argv, envp);
        return switch (result) {
            case SystemCalls.Exec.Started started -> {
                LinuxProcess s = LinuxSignals.state(t);
                s.exec();
                s.releaseParent(); // the parent has its address space to itself again
                yield HANDLED;
            }
            case SystemCalls.Exec.Failed failed when failed.imageReplaced() -> {
                LinuxSignals.end(t, m, 0, LinuxSignals.SIGSEGV, ProcessStatus.KILLED,
                        "execve failed after its old image was gone: " + failed.message());
                yield HANDLED;
            }
            case SystemCalls.Exec.Failed failed -> -failed.errno();
        };
    }

    /** The interpreter line of a {@code #!} script, split in the interpreter and its one argument; empty if not a script. */
    private static Optional<List<String>> interpreter(Task t, Machine m, String path) {
        SysResult<Inode> found = t.files().lookup(path);
        if (!(found instanceof SysResult.Ok<Inode>(Inode inode)) || inode.type() != FileType.FILE) {
            return Optional.empty();
        }
        byte[] head = new byte[256];
        IoResult r = m.fileSystem().read(inode, 0, IoBuffer.of(head));
        int len = (int) r.count();
        if (len < 2 || head[0] != '#' || head[1] != '!') {
            return Optional.empty();
        }
        int end = 2;
        while (end < len && head[end] != '\n') {
            end++;
        }
        String line = new String(head, 2, end - 2, StandardCharsets.UTF_8).strip();
        if (line.isEmpty()) {
            return Optional.empty();
        }
        int space = line.indexOf(' ');
        int tab = line.indexOf('\t');
        int cut = space < 0 ? tab : tab < 0 ? space : Math.min(space, tab);
        if (cut < 0) {
            return Optional.of(List.of(line));
        }
        return Optional.of(List.of(line.substring(0, cut), line.substring(cut + 1).strip()));
    }

    /**
     * Reads a NULL-terminated array of string pointers.
     *
     * @return the bytes taken (strings with their NULs and pointers), -1 for a bad address,
     *         -2 if a string or the whole is too long
     */
    private static long stringList(Task t, Machine m, long array, List<String> into) {
        if (array == 0) {
            return 0;
        }
        long total = 0;
        for (int i = 0; ; i++) {
            byte[] word = new byte[8];
            if (!t.process().copyIn(array + 8L * i, word, 0, 8).isOk()) {
                return -1;
            }
            long ptr = ByteBuffer.wrap(word).order(ByteOrder.LITTLE_ENDIAN).getLong();
            if (ptr == 0) {
                return total;
            }
            Optional<String> s = m.string(t, ptr, MAX_ARG_STRLEN);
            if (s.isEmpty()) {
                return readable(t, ptr) ? -2 : -1; // no NUL within MAX_ARG_STRLEN, or a bad pointer
            }
            into.add(s.get());
            total += s.get().getBytes(StandardCharsets.UTF_8).length + 1 + 8;
            if (total > ARG_MAX) {
                return -2;
            }
        }
    }

    static boolean readable(Task t, long va) {
        return t.process().copyIn(va, new byte[1], 0, 1).isOk();
    }

    private long wait4(Task t, Machine m, LinuxTrace tr) {
        int pid = (int) t.arg(0);
        long statusAddr = t.arg(1);
        int options = (int) t.arg(2);
        long rusage = t.arg(3);
        note(tr, pid, hex(statusAddr), LinuxNames.waitOptions(options), hex(rusage));
        if ((options & ~WAIT_KNOWN) != 0) {
            return err(Errno.EINVAL);
        }
        long generation = t.childrenGeneration();
        Process self = t.process();
        boolean any = false;
        for (Process c : self.children()) {
            if (pid > 0 && c.pid() != pid) {
                continue;
            }
            any = true;
            if (!c.isZombie()) {
                continue;
            }
            int status = m.task(c.pid()).map(ct -> ct.abiState() instanceof LinuxProcess cs
                    ? LinuxSignals.waitStatus(cs) : (ct.process().exitCode() & 0xFF) << 8)
                    .orElse((c.exitCode() & 0xFF) << 8);
            // Linux reaps the child before it writes the status: a bad pointer loses the status.
            m.kernel().wait(self, c).orElseThrow();
            m.reaped(c);
            if (statusAddr != 0 && out(t, statusAddr, intBytes(status)) != 0) {
                return err(Errno.EFAULT);
            }
            if (rusage != 0 && out(t, rusage, new byte[144]) != 0) {
                return err(Errno.EFAULT);
            }
            if (tr != null) {
                tr.args.set(1, LinuxNames.waitStatus(status));
            }
            return c.pid();
        }
        if (!any) {
            return err(Errno.ECHILD);
        }
        if ((options & WNOHANG) != 0) {
            return 0;
        }
        t.waitForChildren(generation);
        return HANDLED;
    }

    private static long kill(Task t, Machine m, int pid, int sig, int code, LinuxTrace tr) {
        note(tr, pid, sig == 0 ? "0" : LinuxSignals.name(sig));
        if (sig < 0 || sig > LinuxProcess.SIGNALS) {
            return err(Errno.EINVAL);
        }
        // No process groups: 0 is the caller, -1 every process but the caller and the first,
        // -N the process N.
        List<Task> targets = new ArrayList<>();
        if (pid > 0 || pid < -1) {
            m.task(Math.abs(pid)).ifPresent(targets::add);
        } else if (pid == 0) {
            targets.add(t);
        } else {
            for (Task other : m.taskList()) {
                if (other != t && other != m.first() && other.state() != Task.State.ENDED) {
                    targets.add(other);
                }
            }
        }
        if (targets.isEmpty()) {
            return err(Errno.ESRCH);
        }
        if (sig != 0) {
            for (Task target : targets) {
                if (target.abi() instanceof LinuxSystemCalls) {
                    LinuxSignals.post(target, m, sig, new LinuxProcess.SigInfo(code, t.pid(), 0, 0, 0));
                } else if (sig == LinuxSignals.SIGKILL || !LinuxSignals.defaultIgnored(sig)) {
                    m.kill(target.pid()); // an xv6 program: any signal that is not ignored kills
                }
            }
        }
        return 0;
    }

    // ------------------------------------------------------------------ signals

    private static long sigaction(Task t, LinuxTrace tr) {
        int sig = (int) t.arg(0);
        long act = t.arg(1);
        long old = t.arg(2);
        note(tr, LinuxSignals.name(sig));
        if (t.arg(3) != 8 || sig < 1 || sig > LinuxProcess.SIGNALS
                || act != 0 && (sig == LinuxSignals.SIGKILL || sig == LinuxSignals.SIGSTOP)) {
            return err(Errno.EINVAL);
        }
        LinuxProcess s = LinuxSignals.state(t);
        ByteBuffer next = null;
        if (act != 0) {
            next = ByteBuffer.wrap(in(t, act, 24)).order(ByteOrder.LITTLE_ENDIAN);
            if (tr != null) {
                tr.args.add(describeAction(next.getLong(0), next.getLong(8), next.getLong(16)));
            }
        } else {
            note(tr, "NULL");
        }
        if (old != 0) {
            ByteBuffer b = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
            b.putLong(0, s.handler[sig]).putLong(8, s.flags[sig]).putLong(16, s.actionMask[sig]);
            if (out(t, old, b.array()) != 0) {
                return err(Errno.EFAULT);
            }
        }
        note(tr, old == 0 ? "NULL" : hex(old), 8);
        if (next != null) {
            s.handler[sig] = next.getLong(0);
            s.flags[sig] = next.getLong(8);
            s.actionMask[sig] = next.getLong(16) & ~LinuxSignals.UNBLOCKABLE;
            if (LinuxSignals.ignored(s, sig)) {
                s.pending &= ~LinuxProcess.bit(sig); // POSIX: a pending signal set to be ignored is discarded
            }
        }
        return 0;
    }

    private static String describeAction(long handler, long flags, long mask) {
        String h = handler == LinuxProcess.SIG_DFL ? "SIG_DFL" : handler == LinuxProcess.SIG_IGN ? "SIG_IGN"
                : hex(handler);
        return "{sa_handler=" + h + ", sa_mask=" + LinuxNames.sigset(mask) + ", sa_flags="
                + LinuxNames.sigactionFlags(flags) + "}";
    }

    private static long sigprocmask(Task t, LinuxTrace tr) {
        int how = (int) t.arg(0);
        long set = t.arg(1);
        long old = t.arg(2);
        LinuxProcess s = LinuxSignals.state(t);
        long mask = 0;
        if (set != 0) {
            mask = ByteBuffer.wrap(in(t, set, 8)).order(ByteOrder.LITTLE_ENDIAN).getLong();
        }
        note(tr, LinuxNames.sigprocmaskHow(how), set == 0 ? "NULL" : LinuxNames.sigset(mask),
                old == 0 ? "NULL" : hex(old), t.arg(3));
        if (t.arg(3) != 8) {
            return err(Errno.EINVAL);
        }
        if (set != 0 && (how < 0 || how > 2)) {
            return err(Errno.EINVAL);
        }
        if (old != 0 && out(t, old, longBytes(s.blocked)) != 0) {
            return err(Errno.EFAULT);
        }
        if (set != 0) {
            s.blocked = switch (how) {
                case 0 -> s.blocked | mask;
                case 1 -> s.blocked & ~mask;
                default -> mask;
            } & ~LinuxSignals.UNBLOCKABLE;
        }
        return 0;
    }

    private static long sigsuspend(Task t, Machine m, LinuxTrace tr) {
        LinuxProcess s = LinuxSignals.state(t);
        long pc = t.hart().pc();
        if (s.suspendPc != pc) {
            if (t.arg(1) != 8) {
                return err(Errno.EINVAL);
            }
            long mask = ByteBuffer.wrap(in(t, t.arg(0), 8)).order(ByteOrder.LITTLE_ENDIAN).getLong();
            note(tr, LinuxNames.sigset(mask), 8);
            s.suspendSavedMask = s.blocked;
            s.blocked = mask & ~LinuxSignals.UNBLOCKABLE;
            s.suspendPc = pc;
        }
        t.block(NEVER, NEVER.generation());
        if (LinuxSignals.deliverable(s)) {
            m.interrupt(t);
        }
        return HANDLED;
    }

    /** A channel nothing wakes: rt_sigsuspend waits on it for a signal. */
    private static final dev.cowvm.riscv.os.WaitChannel NEVER = new dev.cowvm.riscv.os.WaitChannel("a signal");

    private static long sigaltstack(Task t, LinuxTrace tr) {
        note(tr, hex(t.arg(0)), hex(t.arg(1)));
        if (t.arg(0) != 0) {
            in(t, t.arg(0), 24);
        }
        if (t.arg(1) != 0) {
            ByteBuffer b = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
            b.putInt(8, 2); // SS_DISABLE: handlers run on the ordinary stack
            return out(t, t.arg(1), b.array());
        }
        return 0;
    }

    // ------------------------------------------------------------------ identity, limits, start-up

    private static long prlimit(Task t, Machine m, int pid, int resource, long next, long old, LinuxTrace tr) {
        note(tr, pid, LinuxNames.rlimitResource(resource), hex(next), hex(old));
        Optional<Task> target = pid == 0 ? Optional.of(t) : m.task(pid);
        if (target.isEmpty() || target.get().state() == Task.State.ENDED) {
            return err(Errno.ESRCH);
        }
        if (resource < 0 || resource >= LinuxLimits.COUNT) {
            return err(Errno.EINVAL);
        }
        LinuxProcess s = LinuxSignals.state(target.get());
        long[] now = s.limits[resource];
        long[] wanted = null;
        if (next != 0) {
            ByteBuffer b = ByteBuffer.wrap(in(t, next, 16)).order(ByteOrder.LITTLE_ENDIAN);
            wanted = new long[] {b.getLong(0), b.getLong(8)};
            if (Long.compareUnsigned(wanted[0], wanted[1]) > 0) {
                return err(Errno.EINVAL);
            }
            if (Long.compareUnsigned(wanted[1], now[1]) > 0) {
                return err(Errno.EPERM);
            }
        }
        if (old != 0) {
            ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
            b.putLong(0, now[0]).putLong(8, now[1]);
            if (out(t, old, b.array()) != 0) {
                return err(Errno.EFAULT);
            }
        }
        if (wanted != null) {
            s.limits[resource] = wanted;
        }
        return 0;
    }

    private static long getrandom(Task t, Machine m, LinuxTrace tr) {
        long buf = t.arg(0);
        long len = t.arg(1);
        int flags = (int) t.arg(2);
        note(tr, hex(buf), len, randomFlags(flags));
        if ((flags & ~7) != 0 || (flags & 6) == 6) {
            return err(Errno.EINVAL);
        }
        long n = Long.compareUnsigned(len, 33_554_431L) > 0 ? 33_554_431L : len; // Linux's largest single read
        byte[] chunk = new byte[(int) Math.min(n, 4096)];
        for (long done = 0; done < n; done += chunk.length) {
            int size = (int) Math.min(chunk.length, n - done);
            m.randomBytes(chunk);
            if (!t.process().copyOut(buf + done, chunk, 0, size).isOk()) {
                return done > 0 ? done : err(Errno.EFAULT);
            }
        }
        return n;
    }

    /** getrandom's flags as strace spells them (include/uapi/linux/random.h). */
    private static String randomFlags(int flags) {
        List<String> names = new ArrayList<>();
        String[] known = {"GRND_NONBLOCK", "GRND_RANDOM", "GRND_INSECURE"};
        for (int i = 0; i < known.length; i++) {
            if ((flags & (1 << i)) != 0) {
                names.add(known[i]);
            }
        }
        if ((flags & ~7) != 0) {
            names.add(hex(flags & ~7));
        }
        return names.isEmpty() ? "0" : String.join("|", names);
    }

    private static long uname(Task t, LinuxTrace tr) {
        note(tr, hex(t.arg(0)));
        byte[] u = new byte[6 * 65];
        String[] fields = {"Linux", "cowvm", "6.1.0-cowvm", "#1 SMP cowvm", "riscv64", "(none)"};
        for (int i = 0; i < fields.length; i++) {
            byte[] f = fields[i].getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(f, 0, u, 65 * i, f.length);
        }
        return out(t, t.arg(0), u);
    }

    private static long prctl(Task t, Machine m, LinuxTrace tr) {
        int option = (int) t.arg(0);
        note(tr, LinuxNames.prctlOption(option));
        LinuxProcess s = LinuxSignals.state(t);
        return switch (option) {
            case 15 -> { // PR_SET_NAME
                byte[] name = in(t, t.arg(1), 1);
                Optional<String> full = m.string(t, t.arg(1), 4096);
                String n = full.orElse(new String(name, StandardCharsets.UTF_8));
                byte[] b = n.getBytes(StandardCharsets.UTF_8);
                s.commName = new String(b, 0, Math.min(15, b.length), StandardCharsets.UTF_8);
                note(tr, LinuxNames.quote(s.commName));
                yield 0;
            }
            case 16 -> { // PR_GET_NAME
                byte[] out = new byte[16];
                byte[] b = (s.commName != null ? s.commName : t.name()).getBytes(StandardCharsets.UTF_8);
                System.arraycopy(b, 0, out, 0, Math.min(15, b.length));
                yield out(t, t.arg(1), out);
            }
            case 1 -> 0; // PR_SET_PDEATHSIG: accepted; a parent's death sends nothing
            case 3 -> 1; // PR_GET_DUMPABLE
            case 4 -> t.arg(1) > 2 ? err(Errno.EINVAL) : 0; // PR_SET_DUMPABLE
            default -> err(Errno.EINVAL);
        };
    }

    // ------------------------------------------------------------------ time

    private static boolean validClock(int id) {
        return id >= 0 && id <= 11 && id != 8 && id != 9 && id != 10;
    }

    private static long realtime(Machine m) {
        return EPOCH_SECONDS * 1_000_000_000L + m.clock().nanos();
    }

    private static long clockNow(Machine m, int id) {
        return id == 0 || id == 5 || id == 11 ? realtime(m) : m.clock().nanos();
    }

    private static long clockGettime(Task t, Machine m, LinuxTrace tr) {
        int id = (int) t.arg(0);
        note(tr, LinuxNames.clockId(id), hex(t.arg(1)));
        if (!validClock(id)) {
            return err(Errno.EINVAL);
        }
        long now = clockNow(m, id);
        return out(t, t.arg(1), timespec(now / 1_000_000_000L, now % 1_000_000_000L));
    }

    private static long sleep(Task t, Machine m, int clockId, int flags, long req, LinuxTrace tr) {
        note(tr, hex(req));
        if (!validClock(clockId) || clockId == 2 || clockId == 3) {
            return err(clockId == 2 || clockId == 3 ? Errno.ENOSYS : Errno.EINVAL);
        }
        ByteBuffer b = ByteBuffer.wrap(in(t, req, 16)).order(ByteOrder.LITTLE_ENDIAN);
        long sec = b.getLong(0);
        long nsec = b.getLong(8);
        if (sec < 0 || nsec < 0 || nsec >= 1_000_000_000L) {
            return err(Errno.EINVAL);
        }
        long now = clockNow(m, clockId);
        long span = sec > Long.MAX_VALUE / 2_000_000_000L ? Long.MAX_VALUE / 2 : sec * 1_000_000_000L + nsec;
        long target = t.sleepTarget((flags & 1) != 0 ? span : now + span);
        if (now >= target) {
            t.clearSleepTarget();
            return 0;
        }
        t.sleepUntil(m.clock().nanos() + (target - now));
        return HANDLED;
    }

    // ------------------------------------------------------------------ memory

    // ------------------------------------------------------------------ files

    static Optional<OpenFile> file(Task t, int fd) {
        return t.files().file(fd) instanceof SysResult.Ok<OpenFile>(OpenFile f) ? Optional.of(f) : Optional.empty();
    }

    /** The path in a pointer argument; a bad pointer makes the call return EFAULT. */
    static String path(Task t, Machine m, long va, LinuxTrace tr, Integer dirfd) {
        if (tr != null && dirfd != null) {
            tr.args.add(LinuxNames.dirfd(dirfd));
        }
        return string(t, m, va, PATH_MAX, tr);
    }

    static String string(Task t, Machine m, long va, int max, LinuxTrace tr) {
        Optional<String> s = m.string(t, va, max);
        if (s.isEmpty()) {
            note(tr, hex(va));
            if (readable(t, va)) {
                throw new BadAddress(Errno.ENAMETOOLONG);
            }
            throw new BadAddress(Errno.EFAULT);
        }
        note(tr, LinuxNames.quote(s.get()));
        return s.get();
    }

    // ------------------------------------------------------------------ traps

    @Override
    public void trap(Task t, Machine m, int cause, long value) {
        Process p = t.process();
        long pc = t.hart().pc();
        boolean pageFault = Faults.isPageFault(cause);
        Fault fault = pageFault ? Faults.classify(p, cause, value) : Fault.NONE;
        if (fault == Fault.OOM) {
            // Linux's OOM killer: SIGKILL, which no handler can catch.
            LinuxSignals.end(t, m, 0, LinuxSignals.SIGKILL, ProcessStatus.OOM, String.format(
                    "out of memory: no frame for the page at 0x%x (pc 0x%x)", value, pc));
            return;
        }
        int sig;
        int code;
        long address = value;
        switch (cause) {
            case Trap.FETCH_PAGE_FAULT, Trap.LOAD_PAGE_FAULT, Trap.STORE_PAGE_FAULT -> {
                sig = LinuxSignals.SIGSEGV;
                code = fault == Fault.ACCERR ? LinuxSignals.SEGV_ACCERR : LinuxSignals.SEGV_MAPERR;
            }
            case Trap.ILLEGAL_INSTRUCTION -> {
                sig = LinuxSignals.SIGILL;
                code = LinuxSignals.ILL_ILLOPC;
                address = pc;
            }
            case Trap.BREAKPOINT -> {
                sig = LinuxSignals.SIGTRAP;
                code = LinuxSignals.TRAP_BRKPT;
                address = pc;
            }
            default -> {
                sig = LinuxSignals.SIGBUS;
                code = LinuxSignals.BUS_ADRALN;
            }
        }
        LinuxProcess s = LinuxSignals.state(t);
        String what = Trap.describe(cause) + String.format(" at pc 0x%x, address 0x%x", pc, value);
        long h = s.handler[sig];
        if (h == LinuxProcess.SIG_DFL || h == LinuxProcess.SIG_IGN || (s.blocked & LinuxProcess.bit(sig)) != 0) {
            // A fault's signal that cannot be handled ends the process (Linux's force_sig).
            LinuxSignals.end(t, m, 0, sig, sig == LinuxSignals.SIGSEGV || sig == LinuxSignals.SIGBUS
                    ? ProcessStatus.SEGV : ProcessStatus.KILLED, "killed by " + LinuxSignals.name(sig) + ": " + what);
            return;
        }
        m.traceLine(t, "--- fault: " + what + " ---");
        LinuxSignals.post(t, m, sig, new LinuxProcess.SigInfo(code, 0, 0, 0, address));
    }

    // ------------------------------------------------------------------ unknown calls

    private long unknown(Task t, Machine m, long n, LinuxTrace tr) {
        if (t.guess() != null && t.guess().abi() == Abi.XV6) {
            // Its calls mean something else here: going on would run it on wrong answers.
            // Linux ends a process for a forbidden call with SIGSYS; so does this.
            m.notice("cowvm: pid " + t.pid() + " (" + t.name() + ") made system call " + n + ", which Linux's"
                    + " interface does not serve; the program looks built for xv6 (" + t.guess().reason()
                    + ") and was given Linux's (--abi linux): it is stopped with SIGSYS");
            LinuxSignals.end(t, m, 0, LinuxSignals.SIGSYS, ProcessStatus.KILLED,
                    "system call " + n + " of a program given the wrong interface");
            return HANDLED;
        }
        return err(Errno.ENOSYS);
    }

    // ------------------------------------------------------------------ helpers

    static long err(Errno e) {
        return -e.number();
    }

    static long sys(SysResult<?> r) {
        return switch (r) {
            case SysResult.Ok<?>(Integer i) -> i;
            case SysResult.Ok<?>(Long l) -> l;
            case SysResult.Ok<?> ok -> 0;
            case SysResult.Err<?> e -> -e.errno().number();
        };
    }

    /** Reads user memory; a bad address makes the call return EFAULT. */
    static byte[] in(Task t, long va, int length) {
        byte[] b = new byte[length];
        if (!t.process().copyIn(va, b, 0, length).isOk()) {
            throw new BadAddress(Errno.EFAULT);
        }
        return b;
    }

    /** Writes user memory: 0, or -EFAULT (-ENOMEM if a copy-on-write copy found no frame). */
    static long out(Task t, long va, byte[] bytes) {
        Result<Void> r = t.process().copyOut(va, bytes, 0, bytes.length);
        return r.isOk() ? 0 : -Errno.of(r.failure()).number();
    }

    static byte[] intBytes(int v) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
    }

    static byte[] longBytes(long v) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array();
    }

    static byte[] timespec(long a, long b) {
        return ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(a).putLong(b).array();
    }

    static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }

    static void note(LinuxTrace trace, Object... values) {
        if (trace != null) {
            for (Object v : values) {
                trace.args.add(String.valueOf(v));
            }
        }
    }

    /** Thrown inside a call when it read a bad user address: the call returns the errno. */
    static final class BadAddress extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final transient Errno errno;

        BadAddress(Errno errno) {
            super(null, null, false, false);
            this.errno = errno;
        }
    }
}
