package dev.cowvm.riscv.cpu;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs a test program on a {@link Hart} over a {@link FlatMemory} (or a {@link KernelMemory}), answering the two Linux
 * system calls the test programs use: write (64) to fd 1 or 2 and exit (93) or
 * exit_group (94). Anything else ends the run with a description of what happened.
 */
final class GuestRun {
    static final int SYS_WRITE = 64;
    static final int SYS_EXIT = 93;
    static final int SYS_EXIT_GROUP = 94;

    /**
     * How a run ended.
     *
     * @param exited   true if the program called exit
     * @param exitCode the exit status (low 8 bits, as a parent sees it)
     * @param trap     the trap that stopped it otherwise ({@link Trap#NONE} if the budget ran out)
     * @param trapValue stval of that trap
     * @param pc       the pc at the end
     * @param instret  instructions retired
     * @param output   bytes written to fd 1 and 2
     */
    record Result(boolean exited, int exitCode, int trap, long trapValue, long pc, long instret, byte[] output) {
        String text() {
            return new String(output, StandardCharsets.UTF_8);
        }

        String describe() {
            if (exited) {
                return "exit " + exitCode + " after " + instret + " instructions";
            }
            return Trap.describe(trap) + " at pc 0x" + Long.toHexString(pc) + " (tval 0x"
                    + Long.toHexString(trapValue) + ") after " + instret + " instructions";
        }
    }

    final TestMemory memory;
    final Hart hart;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /**
     * How a program may run: interpreted only, translated as soon as a block is reached (to
     * test the translator on everything), or as a hart runs by default (hot code translated).
     */
    enum Mode {
        INTERPRETED(0, false), TRANSLATED(1, false), DEFAULT(Hart.DEFAULT_TRANSLATE_AFTER, false),
        /** Translated at once, in a process of a real kernel: every access through the core's MMU. */
        TRANSLATED_ON_KERNEL(1, true);

        final int translateAfter;
        final boolean onKernel;

        Mode(int translateAfter, boolean onKernel) {
            this.translateAfter = translateAfter;
            this.onKernel = onKernel;
        }
    }

    GuestRun(byte[] elf, String... args) {
        this(elf, Mode.DEFAULT, args);
    }

    GuestRun(byte[] elf, Mode mode, String... args) {
        memory = mode.onKernel ? new KernelMemory() : new FlatMemory();
        hart = new Hart(memory);
        hart.setTranslation(mode.translateAfter);
        long entry = TestElf.load(elf, memory);
        hart.setPc(entry);
        String[] argv = new String[args.length + 1];
        argv[0] = "program";
        System.arraycopy(args, 0, argv, 1, args.length);
        hart.setX(2, TestElf.initialStack(memory, argv));
    }

    static GuestRun of(Path elf, String... args) {
        try {
            return new GuestRun(Files.readAllBytes(elf), args);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static GuestRun of(Path elf, Mode mode, String... args) {
        try {
            return new GuestRun(Files.readAllBytes(elf), mode, args);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs until exit, a trap other than the two system calls, or {@code limit} instructions. */
    Result run(long limit) {
        long quantum = 1 << 20;
        while (true) {
            long left = limit - hart.instret();
            if (left <= 0) {
                return end(false, 0, Trap.NONE);
            }
            int cause = hart.run(Math.min(quantum, left));
            if (cause == Trap.NONE) {
                continue;
            }
            if (cause != Trap.ECALL) {
                return end(false, 0, cause);
            }
            long nr = hart.x(17);
            if (nr == SYS_WRITE) {
                long fd = hart.x(10);
                long len = hart.x(12);
                if ((fd != 1 && fd != 2) || len < 0 || len > 1 << 24) {
                    return end(false, 0, cause);
                }
                out.writeBytes(memory.peek(hart.x(11), (int) len));
                hart.completeEcall(len);
            } else if (nr == SYS_EXIT || nr == SYS_EXIT_GROUP) {
                return end(true, (int) hart.x(10) & 0xFF, Trap.ECALL);
            } else {
                return end(false, 0, cause);
            }
        }
    }

    private Result end(boolean exited, int code, int trap) {
        return new Result(exited, code, trap, hart.trapValue(), hart.pc(), hart.instret(), out.toByteArray());
    }
}
