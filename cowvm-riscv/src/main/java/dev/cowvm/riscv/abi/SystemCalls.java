package dev.cowvm.riscv.abi;

import dev.cowvm.riscv.loader.Abi;
import dev.cowvm.riscv.loader.LoadedProgram;
import dev.cowvm.riscv.os.Machine;
import dev.cowvm.riscv.os.Task;

/**
 * A system-call interface: the table an {@code ecall} is looked up in, and what a trap
 * does to a process. Two stand side by side, xv6's ({@link Xv6SystemCalls}) and Linux's;
 * each process uses the one its program was built for.
 *
 * <p>A call reads its number and arguments from the task's registers and ends in one of
 * three ways: {@link Task#complete} (a result in a0, on to the next instruction),
 * {@link Task#block} or {@link Task#sleepUntil} (made again later), or the task's end
 * ({@link Machine#exit}). Nothing a program passes may make a call throw: a bad pointer, a
 * bad descriptor or a bad number is an error result.
 */
public interface SystemCalls {
    /** Which interface this is. */
    Abi abi();

    /**
     * Handles the {@code ecall} the task stopped at.
     *
     * @param task    the caller, stopped at its {@code ecall}
     * @param machine the machine, for the services calls need
     */
    void call(Task task, Machine machine);

    /**
     * Handles a trap that is not a system call: a page fault the kernel could not resolve,
     * an illegal instruction, a misaligned atomic, a breakpoint.
     *
     * @param task    the task that trapped
     * @param machine the machine
     * @param cause   the RISC-V exception code
     * @param value   what {@code stval} holds for it
     */
    void trap(Task task, Machine machine, int cause, long value);

    /**
     * Called when {@code parent} has forked or vforked {@code child}, before the child
     * runs: the interface copies what it keeps per process.
     */
    default void forked(Task parent, Task child) {
    }

    /**
     * Called before the task runs its next slice: Linux delivers pending signals here
     * (a handler's frame, or the task's end).
     */
    default void resume(Task task, Machine machine) {
    }

    /**
     * Ctrl-C at the host's terminal, for this task: Linux sends it SIGINT; xv6, which
     * has no signals, does nothing.
     */
    default void hostInterrupt(Task task, Machine machine) {
    }

    /** How an exec went. */
    sealed interface Exec {
        /**
         * The new program is loaded; the hart is set to run it.
         *
         * @param program what was loaded
         */
        record Started(LoadedProgram program) implements Exec {
        }

        /**
         * It failed.
         *
         * @param errno         the Linux errno (xv6 returns -1 for all)
         * @param message       what and where
         * @param imageReplaced true if the old program was gone already: the task must end
         */
        record Failed(int errno, String message, boolean imageReplaced) implements Exec {
        }
    }
}
