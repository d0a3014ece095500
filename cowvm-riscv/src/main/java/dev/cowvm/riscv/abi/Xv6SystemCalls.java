package dev.cowvm.riscv.abi;

import dev.cowvm.kernel.Process;
import dev.cowvm.kernel.Result;
import dev.cowvm.observe.ProcessStatus;
import dev.cowvm.riscv.cpu.Trap;
import dev.cowvm.riscv.loader.Abi;
import dev.cowvm.riscv.os.Clock;
import dev.cowvm.riscv.os.FileSystem;
import dev.cowvm.riscv.os.IoBuffer;
import dev.cowvm.riscv.os.IoResult;
import dev.cowvm.riscv.os.Machine;
import dev.cowvm.riscv.os.OpenFile;
import dev.cowvm.riscv.os.OpenMode;
import dev.cowvm.riscv.os.SysResult;
import dev.cowvm.riscv.os.Task;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * xv6's system-call interface, with xv6's semantics (facts from xv6-riscv
 * {@code kernel/syscall.h}, {@code sysproc.c}, {@code sysfile.c}, {@code trap.c}): a7 holds
 * the number, a0 to a5 the arguments, a0 the result, and every error is -1.
 *
 * <table>
 *   <caption>The 21 calls</caption>
 *   <tr><td>1 fork</td><td>2 exit</td><td>3 wait</td><td>4 pipe</td><td>5 read</td><td>6 kill</td><td>7 exec</td></tr>
 *   <tr><td>8 fstat</td><td>9 chdir</td><td>10 dup</td><td>11 getpid</td><td>12 sbrk</td><td>13 sleep</td><td>14 uptime</td></tr>
 *   <tr><td>15 open</td><td>16 write</td><td>17 mknod</td><td>18 unlink</td><td>19 link</td><td>20 mkdir</td><td>21 close</td></tr>
 * </table>
 *
 * <h2>What a program can observe</h2>
 * <ul>
 *   <li>A bad user pointer makes the call return -1; nothing else happens.</li>
 *   <li>A kernel write into user memory (a {@code read} into a buffer, {@code pipe}'s
 *       descriptors, {@code wait}'s status, {@code fstat}) goes through the MMU exactly as
 *       a store of the process would, so a page shared copy-on-write is copied first.</li>
 *   <li>{@code sbrk} allocates at once, as xv6's {@code growproc} does: a growth the
 *       machine has no frames for returns -1 and changes nothing; a negative increment
 *       gives the frames back.</li>
 *   <li>A fault the kernel cannot resolve, or an illegal instruction, prints xv6's
 *       {@code usertrap()} line on the console and kills the process with exit status -1.</li>
 *   <li>{@code exec}'s arguments follow xv6's layout (a0 = argc, a1 = argv = sp).</li>
 * </ul>
 */
public final class Xv6SystemCalls implements SystemCalls {
    static final int FORK = 1;
    static final int EXIT = 2;
    static final int WAIT = 3;
    static final int PIPE = 4;
    static final int READ = 5;
    static final int KILL = 6;
    static final int EXEC = 7;
    static final int FSTAT = 8;
    static final int CHDIR = 9;
    static final int DUP = 10;
    static final int GETPID = 11;
    static final int SBRK = 12;
    static final int SLEEP = 13;
    static final int UPTIME = 14;
    static final int OPEN = 15;
    static final int WRITE = 16;
    static final int MKNOD = 17;
    static final int UNLINK = 18;
    static final int LINK = 19;
    static final int MKDIR = 20;
    static final int CLOSE = 21;

    /** xv6's {@code MAXARG}: the most arguments exec takes. */
    static final int MAXARG = 32;
    /** xv6's {@code MAXPATH}. */
    static final int MAXPATH = 128;
    /** xv6's {@code fetchstr} limit on one exec argument: a page. */
    static final int MAXARGLEN = 4096;

    private static final String[] NAMES = {null, "fork", "exit", "wait", "pipe", "read", "kill", "exec", "fstat",
        "chdir", "dup", "getpid", "sbrk", "sleep", "uptime", "open", "write", "mknod", "unlink", "link", "mkdir",
        "close"};

    /** A handler's answer when it completed nothing: the task blocked, ended, or exec'd. */
    private static final long HANDLED = Long.MIN_VALUE;

    /** Makes the table. */
    public Xv6SystemCalls() {
    }

    @Override
    public Abi abi() {
        return Abi.XV6;
    }

    /** The name of call {@code number}, or null. */
    public static String name(long number) {
        return number > 0 && number < NAMES.length ? NAMES[(int) number] : null;
    }

    @Override
    public void call(Task t, Machine m) {
        long n = t.number();
        Trace trace = !m.tracing() ? null : new Trace(n);
        long result = switch ((int) Math.min(Math.max(n, -1), Integer.MAX_VALUE)) {
            case FORK -> fork(t, m);
            case EXIT -> exit(t, m, trace);
            case WAIT -> waitCall(t, m, trace);
            case PIPE -> pipe(t, trace);
            case READ -> transfer(t, m, true, trace);
            case KILL -> kill(t, m, trace);
            case EXEC -> exec(t, m, trace);
            case FSTAT -> fstat(t, trace);
            case CHDIR -> path(t, m, 0, trace).map(p -> ok(t.files().chdir(p))).orElse(-1L);
            case DUP -> dup(t, trace);
            case GETPID -> t.pid();
            case SBRK -> sbrk(t, trace);
            case SLEEP -> sleep(t, m, trace);
            case UPTIME -> m.clock().ticks();
            case OPEN -> open(t, m, trace);
            case WRITE -> transfer(t, m, false, trace);
            case MKNOD -> path(t, m, 0, trace).map(p -> {
                note(trace, (int) t.arg(1), (int) t.arg(2));
                return ok(t.files().mknod(p, (short) t.arg(1), (short) t.arg(2)));
            }).orElse(-1L);
            case UNLINK -> path(t, m, 0, trace).map(p -> ok(t.files().unlink(p, FileSystem.Unlink.ANY))).orElse(-1L);
            case LINK -> link(t, m, trace);
            case MKDIR -> path(t, m, 0, trace).map(p -> ok(t.files().mkdir(p))).orElse(-1L);
            case CLOSE -> {
                note(trace, (int) t.arg(0));
                yield ok(t.files().close((int) t.arg(0)));
            }
            default -> unknown(t, m, n);
        };
        if (result != HANDLED) {
            t.complete(result);
        }
        if (trace != null && (result != HANDLED || t.state() == Task.State.ENDED || n == EXEC)) {
            m.traceLine(t, trace.line(result, t));
        }
    }

    private static long ok(SysResult<?> r) {
        return switch (r) {
            case SysResult.Ok<?>(Integer fd) -> fd;
            case SysResult.Ok<?> done -> 0;
            case SysResult.Err<?> err -> -1;
        };
    }

    // ------------------------------------------------------------------ processes

    private static long fork(Task t, Machine m) {
        Result<Task> child = m.fork(t);
        return child.isOk() ? child.orElseThrow().pid() : -1;
    }

    private static long exit(Task t, Machine m, Trace trace) {
        int status = (int) t.arg(0);
        note(trace, status);
        m.exit(t, status, ProcessStatus.EXITED, "exited with status " + status);
        return HANDLED;
    }

    private static long waitCall(Task t, Machine m, Trace trace) {
        long addr = t.arg(0);
        note(trace, hex(addr));
        long generation = t.childrenGeneration();
        Process self = t.process();
        List<Process> children = self.children();
        if (children.isEmpty() || t.killed()) {
            return -1;
        }
        for (Process c : children) {
            if (c.isZombie()) {
                if (addr != 0) {
                    byte[] status = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(c.exitCode()).array();
                    if (!self.copyOut(addr, status, 0, 4).isOk()) {
                        return -1; // xv6 leaves the child a zombie
                    }
                }
                m.kernel().wait(self, c).orElseThrow();
                m.reaped(c);
                return c.pid();
            }
        }
        t.waitForChildren(generation);
        return HANDLED;
    }

    private static long kill(Task t, Machine m, Trace trace) {
        int pid = (int) t.arg(0);
        note(trace, pid);
        return m.kill(pid) ? 0 : -1;
    }

    private static long exec(Task t, Machine m, Trace trace) {
        Optional<String> path = m.string(t, t.arg(0), MAXPATH);
        if (path.isEmpty()) {
            note(trace, hex(t.arg(0)));
            return -1;
        }
        List<String> argv = new ArrayList<>();
        long uargv = t.arg(1);
        byte[] word = new byte[8];
        for (int i = 0; ; i++) {
            if (i >= MAXARG) {
                note(trace, quote(path.get()), "[too many arguments]");
                return -1;
            }
            if (!t.process().copyIn(uargv + 8L * i, word, 0, 8).isOk()) {
                note(trace, quote(path.get()), hex(uargv));
                return -1;
            }
            long arg = ByteBuffer.wrap(word).order(ByteOrder.LITTLE_ENDIAN).getLong();
            if (arg == 0) {
                break;
            }
            Optional<String> s = m.string(t, arg, MAXARGLEN);
            if (s.isEmpty()) {
                note(trace, quote(path.get()), hex(uargv));
                return -1;
            }
            argv.add(s.get());
        }
        note(trace, quote(path.get()), argv.stream().map(Xv6SystemCalls::quote).toList().toString());
        SystemCalls.Exec result = m.exec(t, path.get(), argv, List.of());
        return switch (result) {
            case SystemCalls.Exec.Started started -> HANDLED; // a0 = argc, a1 = argv, pc = entry
            case SystemCalls.Exec.Failed failed when failed.imageReplaced() -> {
                m.exit(t, -1, ProcessStatus.KILLED, "exec failed after its old image was gone: " + failed.message());
                yield HANDLED;
            }
            case SystemCalls.Exec.Failed failed -> -1;
        };
    }

    private static long sbrk(Task t, Trace trace) {
        long n = (int) t.arg(0);
        note(trace, n);
        Process p = t.process();
        Result<Long> moved = p.sbrk(n);
        if (!moved.isOk()) {
            return -1;
        }
        long old = moved.orElseThrow();
        if (n > 0) {
            // xv6 allocates the new memory at once (growproc): find out now whether the
            // frames exist, and if not, undo the move and fail as xv6 does.
            long first = (old + 4095) & -4096L;
            byte[] zero = new byte[1];
            for (long page = first; page < old + n; page += 4096) {
                if (!p.copyOut(page, zero, 0, 1).isOk()) {
                    p.sbrk(-n).orElseThrow();
                    return -1;
                }
            }
        }
        return old;
    }

    private static long sleep(Task t, Machine m, Trace trace) {
        int n = (int) t.arg(0);
        note(trace, n);
        if (t.killed()) {
            return -1;
        }
        long target = t.sleepTarget(m.clock().ticks() + Math.max(0, n));
        if (m.clock().ticks() >= target) {
            t.clearSleepTarget();
            return 0;
        }
        t.sleepUntil(target * Clock.TICK_NANOS);
        return HANDLED;
    }

    // ------------------------------------------------------------------ files

    private static long transfer(Task t, Machine m, boolean read, Trace trace) {
        int fd = (int) t.arg(0);
        long addr = t.arg(1);
        int n = (int) t.arg(2);
        note(trace, fd, hex(addr), n);
        SysResult<OpenFile> file = t.files().file(fd);
        if (!(file instanceof SysResult.Ok<OpenFile>(OpenFile f)) || n < 0
                || (read ? !f.readable() : !f.writable())) {
            return -1;
        }
        if (trace != null && !read) {
            // What strace shows: the first bytes written (after the checks, so that tracing
            // touches no page the call itself would not).
            byte[] head = new byte[Math.min(n, TRACE_BYTES)];
            if (t.process().copyIn(addr, head, 0, head.length).isOk()) {
                trace.args.set(1, quote(head) + (n > head.length ? "..." : ""));
            }
        }
        IoResult r = m.transfer(t, f, addr, n, read);
        return r == null ? HANDLED : r.xv6Value();
    }

    private static long pipe(Task t, Trace trace) {
        long addr = t.arg(0);
        note(trace, hex(addr));
        SysResult<int[]> made = t.files().pipe(false);
        if (!(made instanceof SysResult.Ok<int[]>(int[] fds))) {
            return -1;
        }
        byte[] out = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(fds[0]).putInt(fds[1]).array();
        if (!t.process().copyOut(addr, out, 0, 8).isOk()) {
            t.files().close(fds[0]);
            t.files().close(fds[1]);
            return -1;
        }
        return 0;
    }

    private static long fstat(Task t, Trace trace) {
        int fd = (int) t.arg(0);
        long addr = t.arg(1);
        note(trace, fd, hex(addr));
        SysResult<OpenFile> file = t.files().file(fd);
        if (!(file instanceof SysResult.Ok<OpenFile>(OpenFile f))) {
            return -1;
        }
        Optional<byte[]> st = f.stat().xv6Bytes();
        if (st.isEmpty() || !t.process().copyOut(addr, st.get(), 0, st.get().length).isOk()) {
            return -1;
        }
        return 0;
    }

    private static long dup(Task t, Trace trace) {
        int fd = (int) t.arg(0);
        note(trace, fd);
        return ok(t.files().dup(fd));
    }

    private static long open(Task t, Machine m, Trace trace) {
        Optional<String> path = m.string(t, t.arg(0), MAXPATH);
        int flags = (int) t.arg(1);
        if (path.isEmpty()) {
            note(trace, hex(t.arg(0)), hex(flags));
            return -1;
        }
        note(trace, quote(path.get()), hex(flags));
        return ok(t.files().open(path.get(), OpenMode.xv6(flags)));
    }

    private static long link(Task t, Machine m, Trace trace) {
        Optional<String> from = m.string(t, t.arg(0), MAXPATH);
        Optional<String> to = m.string(t, t.arg(1), MAXPATH);
        if (from.isEmpty() || to.isEmpty()) {
            note(trace, hex(t.arg(0)), hex(t.arg(1)));
            return -1;
        }
        note(trace, quote(from.get()), quote(to.get()));
        return ok(t.files().link(from.get(), to.get()));
    }

    /** The path in argument {@code i}; empty (the call returns -1) if the pointer is bad. */
    private static Optional<String> path(Task t, Machine m, int i, Trace trace) {
        Optional<String> p = m.string(t, t.arg(i), MAXPATH);
        note(trace, p.map(Xv6SystemCalls::quote).orElse(hex(t.arg(i))));
        return p;
    }

    private static long unknown(Task t, Machine m, long n) {
        say(m, t.pid() + " " + t.name() + ": unknown sys call " + n + "\n");
        if (t.guess() != null && t.guess().abi() == Abi.LINUX) {
            // Its calls mean something else here: going on would run it on wrong answers.
            m.notice("cowvm: pid " + t.pid() + " (" + t.name() + ") made system call " + n + ", which xv6's interface"
                    + " does not have; the program looks built for Linux (" + t.guess().reason() + ") and was given"
                    + " xv6's (--abi xv6): it is stopped");
            m.exit(t, -1, ProcessStatus.KILLED, "system call " + n + " of a program given the wrong interface");
            return HANDLED;
        }
        return -1;
    }

    // ------------------------------------------------------------------ traps

    @Override
    public void trap(Task t, Machine m, int cause, long value) {
        // xv6's usertrap(): an exception it does not handle kills the process, exit status -1.
        say(m, String.format("usertrap(): unexpected scause 0x%x pid=%d%n            sepc=0x%x stval=0x%x%n",
                cause, t.pid(), t.hart().pc(), value));
        boolean pageFault = Faults.isPageFault(cause);
        ProcessStatus how = pageFault && Faults.classify(t.process(), cause, value) == dev.cowvm.mmu.Fault.OOM
                ? ProcessStatus.OOM : pageFault ? ProcessStatus.SEGV : ProcessStatus.KILLED;
        m.exit(t, -1, how, Trap.describe(cause) + String.format(" at pc 0x%x, address 0x%x", t.hart().pc(), value));
    }

    /** Prints what xv6's kernel would print on the console. */
    private static void say(Machine m, String text) {
        m.console().write(IoBuffer.of(text.getBytes(StandardCharsets.UTF_8)));
    }

    // ------------------------------------------------------------------ --strace

    /** One line of {@code --strace}: the call's name, its arguments as the call read them, the result. */
    private static final class Trace {
        final long number;
        final List<String> args = new ArrayList<>();

        Trace(long number) {
            this.number = number;
        }

        String line(long result, Task t) {
            String name = name(number);
            String call = (name == null ? "syscall_" + number : name) + "(" + String.join(", ", args) + ")";
            if (result == HANDLED) {
                return call + (t.state() == Task.State.ENDED ? " = ?" : number == EXEC ? " = 0" : " ...");
            }
            return call + " = " + result;
        }
    }

    private static void note(Trace trace, Object... values) {
        if (trace != null) {
            for (Object v : values) {
                trace.args.add(String.valueOf(v));
            }
        }
    }

    private static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }

    /** Bytes of a write that --strace shows, as strace does by default. */
    private static final int TRACE_BYTES = 32;

    /** Bytes as strace quotes them: printable ASCII as is, the rest escaped. */
    private static String quote(byte[] bytes) {
        StringBuilder sb = new StringBuilder("\"");
        for (byte b : bytes) {
            int c = b & 0xFF;
            switch (c) {
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (c >= 0x20 && c < 0x7F) {
                        sb.append((char) c);
                    } else {
                        sb.append('\\').append(Integer.toOctalString(c));
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
}
