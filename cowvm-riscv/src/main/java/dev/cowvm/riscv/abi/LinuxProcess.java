package dev.cowvm.riscv.abi;

import dev.cowvm.riscv.os.WaitChannel;

/**
 * What Linux's interface keeps for one process beyond what the machine keeps: signal
 * dispositions, the blocked mask, pending signals with their information, how it ended,
 * and the small per-process settings start-up code asks for (umask, resource limits, the
 * thread-id address, the name prctl sets).
 *
 * <p>fork copies it ({@link #copy}); exec resets the handlers to their default but keeps
 * ignored signals ignored, the mask and the pending set, as {@code execve(2)} says.
 */
final class LinuxProcess {
    /** Signals 1 to 64; index 0 is unused. */
    static final int SIGNALS = 64;

    /** {@code SIG_DFL} and {@code SIG_IGN}, as handler addresses. */
    static final long SIG_DFL = 0;
    static final long SIG_IGN = 1;

    final long[] handler = new long[SIGNALS + 1];
    final long[] flags = new long[SIGNALS + 1];
    final long[] actionMask = new long[SIGNALS + 1];
    /** Bit {@code sig-1} set: blocked. */
    long blocked;
    /** Bit {@code sig-1} set: pending. */
    long pending;
    /** What each pending signal carries (one instance of each, as standard signals). */
    final SigInfo[] info = new SigInfo[SIGNALS + 1];
    /** The signal its parent gets when it ends ({@code clone}'s low byte): SIGCHLD for fork. */
    int exitSignal = LinuxSignals.SIGCHLD;
    /** {@code set_tid_address} / {@code CLONE_CHILD_CLEARTID}: zeroed when it ends; 0 for none. */
    long clearChildTid;
    /** The signal that ended it, 0 if it exited. */
    int termSignal;
    /** Its exit status (0 to 255) when it exited. */
    int exitStatus;
    int umask = 022;
    /** The name {@code prctl(PR_SET_NAME)} gave it, or null for its program's. */
    String commName;
    /** Soft and hard limits of each resource ({@code prlimit64}), -1 for infinity. */
    final long[][] limits = LinuxLimits.defaults();
    /** A {@code rt_sigsuspend} in progress: the mask to restore, and the pc of its ecall. */
    long suspendSavedMask;
    long suspendPc = -1;
    /** True while this process is a vfork child whose parent is suspended until it execs or ends. */
    boolean parentWaits;
    /** Woken when this process, a vfork child, execs or ends. */
    final WaitChannel vforkDone = new WaitChannel("vfork");

    /** Resumes the parent of a vfork child, if it still waits (the child exec'd or ended). */
    void releaseParent() {
        if (parentWaits) {
            parentWaits = false;
            vforkDone.wake();
        }
    }

    /** The state of a child of {@code parent}, as fork makes it. */
    static LinuxProcess copy(LinuxProcess parent) {
        LinuxProcess c = new LinuxProcess();
        System.arraycopy(parent.handler, 0, c.handler, 0, parent.handler.length);
        System.arraycopy(parent.flags, 0, c.flags, 0, parent.flags.length);
        System.arraycopy(parent.actionMask, 0, c.actionMask, 0, parent.actionMask.length);
        c.blocked = parent.blocked;
        c.umask = parent.umask;
        c.commName = parent.commName;
        for (int i = 0; i < parent.limits.length; i++) {
            c.limits[i] = parent.limits[i].clone();
        }
        return c;
    }

    /** What exec does: handlers back to default, ignored signals stay ignored. */
    void exec() {
        for (int sig = 1; sig <= SIGNALS; sig++) {
            if (handler[sig] != SIG_IGN) {
                handler[sig] = SIG_DFL;
            }
            flags[sig] = 0;
            actionMask[sig] = 0;
        }
        commName = null;
        clearChildTid = 0;
        suspendPc = -1;
    }

    static long bit(int sig) {
        return 1L << (sig - 1);
    }

    /**
     * What a signal carries to a handler with {@code SA_SIGINFO}: si_code, the sender, a
     * child's status or a fault's address.
     */
    record SigInfo(int code, int pid, int uid, int status, long address) {
        static SigInfo user(int pid) {
            return new SigInfo(LinuxSignals.SI_USER, pid, 0, 0, 0);
        }
    }
}
