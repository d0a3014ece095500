package dev.cowvm.riscv.loader;

import dev.cowvm.Labeled;

/**
 * The system-call interface a program was built for: which numbers its {@code ecall}s use,
 * what their results mean, and the initial stack its start-up code expects. Labels:
 * {@code xv6}, {@code linux}.
 */
public enum Abi implements Labeled {
    /**
     * xv6-riscv: 21 calls, -1 on any error; exec leaves argc in a0 and argv in a1, with
     * the argument strings above the pointer array (xv6-riscv {@code kernel/exec.c}).
     */
    XV6,
    /**
     * Linux riscv64: -errno results; the stack holds argc, argv, envp and the auxiliary
     * vector (Linux {@code fs/binfmt_elf.c}, the RISC-V psABI).
     */
    LINUX;

    /**
     * Parses {@code xv6} or {@code linux}.
     *
     * @param label the text
     * @return the interface
     * @throws IllegalArgumentException naming the text and the accepted labels
     */
    public static Abi parse(String label) {
        return Labeled.parse(Abi.class, "system-call interface", label);
    }
}
