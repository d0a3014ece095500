package dev.cowvm.riscv.loader;

import java.util.List;
import java.util.Optional;

/**
 * A program loaded into a process: where its CPU starts and what its memory holds. A CPU
 * starts at {@code pc = entry} with {@code sp = stackPointer}, {@code a0}, {@code a1}, and
 * every other register zero.
 *
 * @param abi          the interface it was started for
 * @param abiReason    why that interface: the {@link AbiGuess}'s evidence, or "chosen"
 * @param entry        the first instruction's address (the load bias added)
 * @param stackPointer the initial sp, 16-byte aligned
 * @param a0           xv6: argc; Linux: 0 (no function for atexit, as a static program
 *                     gets from the kernel)
 * @param a1           xv6: argv; Linux: 0
 * @param brk          the program break: the heap starts here, page-aligned (see {@link ElfLoader})
 * @param stackTop     the first address above the stack
 * @param stackBottom  the stack's lowest address; the guard page lies just below it
 * @param loadBias     what was added to the file's addresses (0 unless position-independent)
 * @param argc         the number of arguments
 * @param argv         the address of the argv pointer array
 * @param envp         the address of the envp pointer array (0 for xv6)
 * @param auxv         the address of the auxiliary vector (0 for xv6)
 * @param auxVector    its entries, AT_NULL last (empty for xv6)
 * @param tls          the thread-local storage template, where glibc finds it through AT_PHDR
 */
public record LoadedProgram(Abi abi, String abiReason, long entry, long stackPointer, long a0, long a1, long brk,
        long stackTop, long stackBottom, long loadBias, int argc, long argv, long envp, long auxv,
        List<AuxEntry> auxVector, Optional<Tls> tls) {

    public LoadedProgram {
        auxVector = List.copyOf(auxVector);
    }

    /**
     * The PT_TLS segment, moved by the load bias: glibc copies {@code imageSize} bytes from
     * {@code address} into each thread's block of {@code size} bytes (the rest zero) and
     * points {@code tp} at it.
     *
     * @param address   where the initial image lies in memory
     * @param imageSize bytes of initialized data (.tdata)
     * @param size      bytes of the whole block (.tdata and .tbss)
     * @param alignment the block's alignment
     */
    public record Tls(long address, long imageSize, long size, long alignment) {
    }

    /** The value of one auxiliary-vector entry, if present. */
    public Optional<Long> aux(long type) {
        for (AuxEntry e : auxVector) {
            if (e.type() == type) {
                return Optional.of(e.value());
            }
        }
        return Optional.empty();
    }
}
