package dev.cowvm.riscv.abi;

import dev.cowvm.kernel.Process;
import dev.cowvm.kernel.Protection;
import dev.cowvm.kernel.Region;
import dev.cowvm.observe.ProcessStatus;
import dev.cowvm.riscv.cpu.Hart;
import dev.cowvm.riscv.loader.ElfLoader;
import dev.cowvm.riscv.os.Errno;
import dev.cowvm.riscv.os.Machine;
import dev.cowvm.riscv.os.Task;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Optional;

/**
 * Linux's signals on RISC-V: posting, default actions, the frame a handler runs on, and
 * {@code rt_sigreturn}. Numbers and layouts are Linux's ({@code include/uapi/asm-generic/
 * signal.h}, {@code siginfo.h}; the frame of {@code arch/riscv/kernel/signal.c}: a
 * {@code siginfo} of 128 bytes, then a {@code ucontext} whose {@code uc_sigmask} is at 40
 * and whose {@code uc_mcontext} is at 176: pc and x1 to x31, then f0 to f31 and fcsr).
 *
 * <h2>When a signal is delivered</h2>
 * A signal sent to a process is pending until the process is about to run with it
 * unblocked ({@link #deliver}, called before each of its slices). A process waiting inside
 * a system call is woken for it: with a handler installed {@code SA_RESTART} the call is
 * made again after the handler returns; otherwise it returns EINTR (nanosleep and
 * rt_sigsuspend always do). Default actions: SIGCHLD, SIGURG, SIGWINCH and SIGCONT are
 * ignored; SIGSTOP, SIGTSTP, SIGTTIN and SIGTTOU are ignored as well, since there is no
 * job control; every other signal ends the process, without a core dump.
 *
 * <p>The handler returns through a two-instruction trampoline ({@code li a7, 139;
 * ecall}) on a page the kernel maps read-and-execute the first time a process needs it,
 * named {@value #TRAMPOLINE_NAME} as Linux's vDSO that holds the same code.
 */
final class LinuxSignals {
    static final int SIGHUP = 1;
    static final int SIGINT = 2;
    static final int SIGQUIT = 3;
    static final int SIGILL = 4;
    static final int SIGTRAP = 5;
    static final int SIGABRT = 6;
    static final int SIGBUS = 7;
    static final int SIGFPE = 8;
    static final int SIGKILL = 9;
    static final int SIGUSR1 = 10;
    static final int SIGSEGV = 11;
    static final int SIGPIPE = 13;
    static final int SIGTERM = 15;
    static final int SIGSYS = 31;
    static final int SIGCHLD = 17;
    static final int SIGCONT = 18;
    static final int SIGSTOP = 19;
    static final int SIGTSTP = 20;
    static final int SIGTTIN = 21;
    static final int SIGTTOU = 22;
    static final int SIGURG = 23;
    static final int SIGWINCH = 28;

    /** si_code values. */
    static final int SI_USER = 0;
    static final int SI_KERNEL = 0x80;
    static final int SI_TKILL = -6;
    static final int CLD_EXITED = 1;
    static final int CLD_KILLED = 2;
    static final int SEGV_MAPERR = 1;
    static final int SEGV_ACCERR = 2;
    static final int ILL_ILLOPC = 1;
    static final int BUS_ADRALN = 1;
    static final int TRAP_BRKPT = 1;

    static final long SA_NOCLDWAIT = 2;
    static final long SA_SIGINFO = 4;
    static final long SA_RESTART = 0x10000000L;
    static final long SA_NODEFER = 0x40000000L;
    static final long SA_RESETHAND = 0x80000000L;

    /** SIGKILL and SIGSTOP can be neither blocked nor caught. */
    static final long UNBLOCKABLE = LinuxProcess.bit(SIGKILL) | LinuxProcess.bit(SIGSTOP);

    static final int SIGINFO_SIZE = 128;
    static final int UC_SIGMASK = 40;
    static final int UC_MCONTEXT = 176;
    static final int UC_FPREGS = UC_MCONTEXT + 32 * 8;
    /** siginfo, then ucontext up to the end of the D extension's state (fcsr and padding). */
    static final int FRAME_SIZE = (SIGINFO_SIZE + UC_FPREGS + 32 * 8 + 16 + 15) & ~15;

    static final String TRAMPOLINE_NAME = "[vdso]";
    /** A page below the stack's guard, out of the way of the mmap area. */
    static final long TRAMPOLINE = ElfLoader.LINUX_STACK_TOP - ElfLoader.LINUX_STACK - 16 * 4096L;
    /** {@code li a7, 139} ({@code addi x17, x0, 139}) and {@code ecall}. */
    private static final int[] TRAMPOLINE_CODE = {0x08B00893, 0x00000073};

    private LinuxSignals() {
    }

    /** The task's Linux state, made on first use. */
    static LinuxProcess state(Task t) {
        if (t.abiState() instanceof LinuxProcess s) {
            return s;
        }
        LinuxProcess s = new LinuxProcess();
        t.setAbiState(s);
        return s;
    }

    static boolean defaultIgnored(int sig) {
        return sig == SIGCHLD || sig == SIGURG || sig == SIGWINCH || sig == SIGCONT || sig == SIGSTOP
                || sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU;
    }

    /** True if the signal would be thrown away on arrival: ignored, by a handler or by default. */
    static boolean ignored(LinuxProcess s, int sig) {
        if (sig == SIGKILL || sig == SIGSTOP) {
            return false;
        }
        return s.handler[sig] == LinuxProcess.SIG_IGN || s.handler[sig] == LinuxProcess.SIG_DFL && defaultIgnored(sig);
    }

    /**
     * Sends {@code sig} to {@code target}: pending from now, and the target woken from a
     * system call if it will take the signal. A signal ignored and not blocked is dropped.
     */
    static void post(Task target, Machine m, int sig, LinuxProcess.SigInfo info) {
        if (target.state() == Task.State.ENDED) {
            return;
        }
        LinuxProcess s = state(target);
        long bit = LinuxProcess.bit(sig);
        if (ignored(s, sig) && (s.blocked & bit) == 0) {
            return;
        }
        s.pending |= bit;
        s.info[sig] = info;
        if ((bit & (~s.blocked | UNBLOCKABLE)) != 0) {
            m.interrupt(target);
        }
    }

    /** True if a signal is pending that the task would take now. */
    static boolean deliverable(LinuxProcess s) {
        return (s.pending & (~s.blocked | UNBLOCKABLE)) != 0;
    }

    /**
     * Delivers one pending signal the task takes, before it runs: a handler's frame, or
     * the default action (its end, or nothing). Ignored signals are dropped on the way.
     */
    static void deliver(Task t, Machine m) {
        LinuxProcess s = state(t);
        while (t.state() == Task.State.RUNNABLE) {
            long ready = s.pending & (~s.blocked | UNBLOCKABLE);
            if (ready == 0) {
                return;
            }
            int sig = (ready & LinuxProcess.bit(SIGKILL)) != 0 ? SIGKILL : Long.numberOfTrailingZeros(ready) + 1;
            s.pending &= ~LinuxProcess.bit(sig);
            LinuxProcess.SigInfo info = s.info[sig];
            s.info[sig] = null;
            long h = sig == SIGKILL || sig == SIGSTOP ? LinuxProcess.SIG_DFL : s.handler[sig];
            if (h == LinuxProcess.SIG_IGN || h == LinuxProcess.SIG_DFL && defaultIgnored(sig)) {
                continue;
            }
            if (h == LinuxProcess.SIG_DFL) {
                end(t, m, 0, sig, sig == SIGSEGV || sig == SIGBUS ? ProcessStatus.SEGV : ProcessStatus.KILLED,
                        "killed by " + name(sig));
                return;
            }
            runHandler(t, m, s, sig, info == null ? LinuxProcess.SigInfo.user(0) : info);
            return;
        }
    }

    /** Builds the signal frame on the user stack and points the hart at the handler. */
    private static void runHandler(Task t, Machine m, LinuxProcess s, int sig, LinuxProcess.SigInfo info) {
        Hart h = t.hart();
        long pc = h.pc();
        long a0 = h.x(10);
        long savedMask = s.blocked;
        if (t.inCall()) {
            // Interrupted inside a system call whose ecall is at pc.
            String call = LinuxNames.callName(h.x(17));
            long moved = t.pendingTransferred();
            if (s.suspendPc == pc) {
                savedMask = s.suspendSavedMask;
                s.suspendPc = -1;
                a0 = -Errno.EINTR.number();
                pc += 4;
            } else if (moved > 0) {
                a0 = moved; // a transfer that moved bytes returns their count
                pc += 4;
            } else if ((s.flags[sig] & SA_RESTART) == 0 || !restartable(h.x(17))) {
                a0 = -Errno.EINTR.number();
                pc += 4;
            } // else: pc stays on the ecall and a0 holds the first argument: the call is made again
            t.leaveCall();
            if (m.tracing()) {
                m.traceLine(t, (call == null ? "syscall_" + h.x(17) : call) + "(...) = "
                        + (pc == h.pc() ? "? ERESTARTSYS (To be restarted if SA_RESTART is set)"
                        : a0 >= 0 ? Long.toString(a0) : "-1 EINTR (Interrupted system call)"));
            }
        }
        if (!trampoline(t)) {
            end(t, m, 0, SIGSEGV, ProcessStatus.SEGV, "no room for the signal trampoline");
            return;
        }
        ByteBuffer b = ByteBuffer.allocate(FRAME_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, sig);
        b.putInt(8, info.code());
        if (sig == SIGSEGV || sig == SIGBUS || sig == SIGILL || sig == SIGTRAP || sig == SIGFPE) {
            b.putLong(16, info.address());
        } else {
            b.putInt(16, info.pid());
            b.putInt(20, info.uid());
            if (sig == SIGCHLD) {
                b.putInt(24, info.status());
            }
        }
        int uc = SIGINFO_SIZE;
        b.putInt(uc + 16 + 8, 2); // uc_stack.ss_flags = SS_DISABLE
        b.putLong(uc + UC_SIGMASK, savedMask);
        b.putLong(uc + UC_MCONTEXT, pc);
        for (int i = 1; i < 32; i++) {
            b.putLong(uc + UC_MCONTEXT + 8 * i, i == 10 ? a0 : h.x(i));
        }
        for (int i = 0; i < 32; i++) {
            b.putLong(uc + UC_FPREGS + 8 * i, h.f(i));
        }
        b.putInt(uc + UC_FPREGS + 256, h.fcsr());
        long sp = h.x(2);
        long frame = (sp - FRAME_SIZE) & ~15L;
        if (!t.process().copyOut(frame, b.array(), 0, FRAME_SIZE).isOk()) {
            end(t, m, 0, SIGSEGV, ProcessStatus.SEGV, "its stack at 0x" + Long.toHexString(sp)
                    + " has no room for the frame of " + name(sig));
            return;
        }
        h.setX(2, frame);
        h.setX(1, TRAMPOLINE);
        h.setX(10, sig);
        h.setX(11, frame);
        h.setX(12, frame + uc);
        h.setPc(s.handler[sig]);
        h.clearReservation();
        s.blocked = (s.blocked | s.actionMask[sig] | ((s.flags[sig] & SA_NODEFER) != 0 ? 0 : LinuxProcess.bit(sig)))
                & ~UNBLOCKABLE;
        if ((s.flags[sig] & SA_RESETHAND) != 0) {
            s.handler[sig] = LinuxProcess.SIG_DFL;
            s.flags[sig] = 0;
        }
        if (m.tracing()) {
            m.traceLine(t, "--- " + name(sig) + " " + describe(sig, info) + " ---");
        }
    }

    /** What strace shows of a delivered signal's information. */
    static String describe(int sig, LinuxProcess.SigInfo info) {
        boolean fault = sig == SIGSEGV || sig == SIGBUS || sig == SIGILL || sig == SIGTRAP || sig == SIGFPE;
        String code = switch (info.code()) {
            case SI_USER -> "SI_USER";
            case SI_KERNEL -> "SI_KERNEL";
            case SI_TKILL -> "SI_TKILL";
            default -> !fault && sig == SIGCHLD ? (info.code() == CLD_EXITED ? "CLD_EXITED" : "CLD_KILLED")
                    : sig == SIGSEGV ? (info.code() == SEGV_ACCERR ? "SEGV_ACCERR" : "SEGV_MAPERR")
                    : sig == SIGILL ? "ILL_ILLOPC" : sig == SIGBUS ? "BUS_ADRALN" : sig == SIGTRAP ? "TRAP_BRKPT"
                    : Integer.toString(info.code());
        };
        String rest = fault ? ", si_addr=0x" + Long.toHexString(info.address())
                : ", si_pid=" + info.pid() + ", si_uid=" + info.uid()
                + (sig == SIGCHLD ? ", si_status=" + (info.code() == CLD_EXITED ? Integer.toString(info.status())
                        : name(info.status())) : "");
        return "{si_signo=" + name(sig) + ", si_code=" + code + rest + "}";
    }

    /** Calls that SA_RESTART makes again: transfers and waits (not sleeps, not sigsuspend). */
    private static boolean restartable(long number) {
        return number != LinuxSystemCalls.NANOSLEEP && number != LinuxSystemCalls.CLOCK_NANOSLEEP
                && number != LinuxSystemCalls.RT_SIGSUSPEND;
    }

    /**
     * Maps the sigreturn trampoline if the process has none; its region says whether it
     * has one (fork copies it, exec drops it).
     */
    private static boolean trampoline(Task t) {
        Process p = t.process();
        Optional<Region> there = p.regionAt(TRAMPOLINE);
        if (there.isPresent()) {
            return there.get().name().equals(TRAMPOLINE_NAME);
        }
        if (!p.mapImage(TRAMPOLINE, 4096, Protection.RW, TRAMPOLINE_NAME).isOk()) {
            return false;
        }
        ByteBuffer code = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        code.putInt(TRAMPOLINE_CODE[0]).putInt(TRAMPOLINE_CODE[1]);
        if (!p.copyOut(TRAMPOLINE, code.array(), 0, 8).isOk() || !p.protect(TRAMPOLINE, 4096, Protection.RX).isOk()) {
            p.unmap(TRAMPOLINE, 4096);
            return false;
        }
        return true;
    }

    /**
     * rt_sigreturn: restores the registers and mask the frame at sp saved. A frame that
     * cannot be read ends the process with SIGSEGV, as Linux does.
     */
    static void sigreturn(Task t, Machine m) {
        LinuxProcess s = state(t);
        Hart h = t.hart();
        long frame = h.x(2);
        byte[] bytes = new byte[FRAME_SIZE];
        if (!t.process().copyIn(frame, bytes, 0, FRAME_SIZE).isOk()) {
            end(t, m, 0, SIGSEGV, ProcessStatus.SEGV, "rt_sigreturn found no frame at 0x" + Long.toHexString(frame));
            return;
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int uc = SIGINFO_SIZE;
        s.blocked = b.getLong(uc + UC_SIGMASK) & ~UNBLOCKABLE;
        for (int i = 1; i < 32; i++) {
            h.setX(i, b.getLong(uc + UC_MCONTEXT + 8 * i));
        }
        for (int i = 0; i < 32; i++) {
            h.setF(i, b.getLong(uc + UC_FPREGS + 8 * i));
        }
        h.setFcsr(b.getInt(uc + UC_FPREGS + 256) & 0xFF);
        h.setPc(b.getLong(uc + UC_MCONTEXT));
        h.clearReservation();
        t.leaveCall();
        if (deliverable(s)) {
            m.interrupt(t);
        }
    }

    /**
     * Ends a Linux process: exit status or signal, a vfork parent resumed, the parent sent
     * its exit signal (or the child reaped at once if the parent ignores SIGCHLD).
     *
     * @param status the exit status (0 to 255) if {@code sig} is 0
     * @param sig    the signal that ended it, or 0
     */
    static void end(Task t, Machine m, int status, int sig, ProcessStatus how, String reason) {
        if (t.state() == Task.State.ENDED) {
            return;
        }
        LinuxProcess s = state(t);
        s.termSignal = sig;
        s.exitStatus = status & 0xFF;
        if (s.clearChildTid != 0 && t.process().sharesMemory()) {
            t.process().copyOut(s.clearChildTid, new byte[4], 0, 4); // its parent's memory lives on
        }
        Optional<Task> parent = t.process().parent().flatMap(p -> m.task(p.pid()));
        m.exit(t, sig == 0 ? s.exitStatus : 128 + sig, sig == 0 ? ProcessStatus.EXITED : how, reason);
        s.releaseParent();
        if (parent.isEmpty() || parent.get().state() == Task.State.ENDED
                || !(parent.get().abiState() instanceof LinuxProcess ps)) {
            return;
        }
        if (ps.handler[SIGCHLD] == LinuxProcess.SIG_IGN || (ps.flags[SIGCHLD] & SA_NOCLDWAIT) != 0) {
            // Linux reaps the child at once; the parent's wait finds no child.
            Process child = t.process();
            if (child.isZombie()) {
                m.kernel().wait(parent.get().process(), child);
                m.reaped(child);
            }
        }
        if (s.exitSignal != 0) {
            post(parent.get(), m, s.exitSignal, new LinuxProcess.SigInfo(sig == 0 ? CLD_EXITED : CLD_KILLED, t.pid(),
                    0, sig == 0 ? s.exitStatus : sig, 0));
        }
    }

    /** wait4's status word: the exit status in bits 8 to 15, or the signal in bits 0 to 6. */
    static int waitStatus(LinuxProcess s) {
        return s.termSignal != 0 ? s.termSignal & 0x7F : (s.exitStatus & 0xFF) << 8;
    }

    static String name(int sig) {
        String n = LinuxNames.signalName(sig);
        return n == null ? "signal " + sig : n;
    }
}
