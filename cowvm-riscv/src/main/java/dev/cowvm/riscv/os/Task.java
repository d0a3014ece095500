package dev.cowvm.riscv.os;

import dev.cowvm.kernel.Process;
import dev.cowvm.riscv.abi.SystemCalls;
import dev.cowvm.riscv.cpu.Hart;

/**
 * A process as the operating system schedules it: the kernel's {@link Process} (its memory),
 * a {@link Hart} (its registers), its open files, and where it stands: ready to run,
 * waiting for something, asleep until a time, or ended.
 *
 * <h2>Blocking</h2>
 * A system call that must wait (a {@code wait} with no child ended yet, a read of an empty
 * pipe) leaves the hart's pc on its {@code ecall} and blocks the task on a
 * {@link WaitChannel}. When the channel is woken the scheduler runs the task again, the
 * {@code ecall} traps again, and the call is made again with the same arguments: it finds
 * what it waited for, or waits again. A transfer that had moved some bytes before it had to
 * wait keeps its {@link IoBuffer} in {@link #pendingIo}, so the repeated call goes on where
 * it stopped. This is xv6's own pattern (a {@code sleep} in a loop that tests the
 * condition), without a host thread per process.
 */
public final class Task {
    /** Where a task stands. */
    public enum State {
        /** Ready to run when its turn comes. */
        RUNNABLE,
        /** Waiting for a channel to be woken. */
        BLOCKED,
        /** Asleep until the clock reaches {@link #wakeAt}. */
        SLEEPING,
        /** Ended: its process is a zombie or gone. */
        ENDED
    }

    private final Process process;
    private Hart hart;
    private Descriptors files;
    private SystemCalls abi;
    private String name;
    State state = State.RUNNABLE;
    /** True while the task waits inside a system call it will make again (see {@link #block}). */
    boolean inCall;
    /** What its interface keeps per process (Linux: signal handlers, mask, pending signals). */
    private Object abiState;
    /** The program's absolute path in the machine's file system, as exec found it. */
    private String executable = "";
    /** What the executable looked built for, whichever interface it was given. */
    private dev.cowvm.riscv.loader.AbiGuess guess;
    WaitChannel waitingOn;
    long waitGeneration;
    long wakeAt;
    boolean killed;
    /** Woken when a child of this task ends, or one is given to it. */
    final WaitChannel children;
    /** The buffer of a transfer that had to wait, kept for the repeated call. */
    IoBuffer pendingIo;
    /** The pc of the {@code ecall} whose transfer {@link #pendingIo} belongs to. */
    long pendingPc = -1;
    /** The tick a {@code sleep} at {@link #sleepPc} waits for; -1 for none. */
    private long sleepTarget = -1;
    private long sleepPc = -1;

    Task(Process process, Hart hart, Descriptors files, SystemCalls abi, String name) {
        this.process = process;
        this.hart = hart;
        this.files = files;
        this.abi = abi;
        this.name = name;
        this.children = new WaitChannel("children of pid " + process.pid());
    }

    /** The kernel's process: its memory, pid and status. */
    public Process process() {
        return process;
    }

    /** The process id. */
    public int pid() {
        return process.pid();
    }

    /** The hart: its registers and pc. */
    public Hart hart() {
        return hart;
    }

    void setHart(Hart hart) {
        this.hart = hart;
    }

    /** Its open files and working directory. */
    public Descriptors files() {
        return files;
    }

    void setFiles(Descriptors files) {
        this.files = files;
    }

    /** The system-call interface its program was built for. */
    public SystemCalls abi() {
        return abi;
    }

    void setAbi(SystemCalls abi) {
        this.abi = abi;
    }

    /** The name of the program it runs (the last path component of what it exec'd). */
    public String name() {
        return name;
    }

    void setName(String name) {
        this.name = name;
    }

    /** The program's absolute path in the file system ({@code /proc/self/exe}). */
    public String executable() {
        return executable;
    }

    void setExecutable(String path) {
        this.executable = path;
    }

    /** What its executable looked built for, whichever interface it runs with; null before exec. */
    public dev.cowvm.riscv.loader.AbiGuess guess() {
        return guess;
    }

    void setGuess(dev.cowvm.riscv.loader.AbiGuess guess) {
        this.guess = guess;
    }

    /**
     * What its system-call interface keeps for it; null until the interface sets it.
     *
     * @return the state, of the interface's own type
     */
    public Object abiState() {
        return abiState;
    }

    /**
     * Sets what its interface keeps for it.
     *
     * @param state the interface's own per-process state
     */
    public void setAbiState(Object state) {
        this.abiState = state;
    }

    /**
     * True while the task waits inside a system call (blocked or asleep, its pc on the
     * {@code ecall}): a signal may interrupt it.
     */
    public boolean inCall() {
        return inCall;
    }

    /** Where it stands. */
    public State state() {
        return state;
    }

    /** True once killed: it ends before it runs another instruction. */
    public boolean killed() {
        return killed;
    }

    /** System-call argument {@code i} (a0 to a5). */
    public long arg(int i) {
        return hart.x(10 + i);
    }

    /** The system-call number (a7). */
    public long number() {
        return hart.x(17);
    }

    /**
     * Finishes the system call: {@code value} in a0, the pc past the {@code ecall}.
     *
     * @param value the result
     */
    public void complete(long value) {
        pendingIo = null;
        pendingPc = -1;
        inCall = false;
        clearSleepTarget();
        hart.completeEcall(value);
    }

    /**
     * Makes the task wait for a channel; its {@code ecall} is made again once the channel
     * is woken after {@code generation}.
     */
    public void block(WaitChannel channel, long generation) {
        inCall = true;
        state = State.BLOCKED;
        waitingOn = channel;
        waitGeneration = generation;
    }

    /**
     * Suspends a task whose system call has completed until {@code channel} is woken after
     * {@code generation}; it then goes on past its {@code ecall}. A signal does not wake it:
     * the parent of a {@code vfork} waits so for its child.
     */
    public void suspend(WaitChannel channel, long generation) {
        inCall = false;
        state = State.BLOCKED;
        waitingOn = channel;
        waitGeneration = generation;
    }

    /**
     * Bytes the transfer of the {@code ecall} at pc moved before it had to wait; 0 if none.
     */
    public long pendingTransferred() {
        return pendingIo != null && pendingPc == hart.pc() ? pendingIo.position() : 0;
    }

    /**
     * Forgets that the task was inside a system call: its interface has ended the call
     * (a signal interrupted it) and set the registers itself.
     */
    public void leaveCall() {
        inCall = false;
        pendingIo = null;
        pendingPc = -1;
        clearSleepTarget();
    }

    /** Makes the task wait until the clock reaches {@code nanos}, then repeat its call. */
    public void sleepUntil(long nanos) {
        inCall = true;
        state = State.SLEEPING;
        wakeAt = nanos;
    }

    /** The generation of the channel woken when a child ends, to wait on. */
    public long childrenGeneration() {
        return children.generation();
    }

    /** Waits until a child ends after {@code generation} (then {@code wait} is made again). */
    public void waitForChildren(long generation) {
        block(children, generation);
    }

    /**
     * The tick this {@code sleep} waits for: {@code target} the first time the call is made,
     * the same tick when it is made again after waking.
     */
    public long sleepTarget(long target) {
        if (sleepPc != hart.pc()) {
            sleepPc = hart.pc();
            sleepTarget = target;
        }
        return sleepTarget;
    }

    /** Forgets the sleep that just ended. */
    public void clearSleepTarget() {
        sleepPc = -1;
        sleepTarget = -1;
    }

    /**
     * The buffer of this {@code ecall}'s transfer: the one kept when it had to wait, or a new
     * one over {@code [va, va+length)} of its memory.
     */
    public IoBuffer ioBuffer(long va, long length) {
        if (pendingIo != null && pendingPc == hart.pc()) {
            return pendingIo;
        }
        pendingIo = IoBuffer.of(process, va, length);
        pendingPc = hart.pc();
        return pendingIo;
    }

    @Override
    public String toString() {
        return "pid " + pid() + " (" + name + ", " + state.name().toLowerCase(java.util.Locale.ROOT) + ")";
    }
}
