package dev.cowvm.riscv.loader;

/**
 * Why a program could not be loaded, with the Linux errno its exec returns (xv6's exec
 * returns -1 for all of them). Numbers from Linux {@code include/uapi/asm-generic/errno-base.h}.
 */
public enum LoadFailure {
    /** The file is not a RISC-V ELF executable cowvm can run: bad, truncated, or for another machine (ENOEXEC). */
    NOT_EXECUTABLE(8, "ENOEXEC"),
    /** The program needs a dynamic linker (PT_INTERP); it must be linked with {@code -static} (ENOEXEC). */
    DYNAMICALLY_LINKED(8, "ENOEXEC"),
    /** Too many arguments, or they do not fit on the initial stack (E2BIG). */
    ARGUMENTS_TOO_LONG(7, "E2BIG"),
    /** Physical memory is short of the frames the image needs (ENOMEM). */
    NO_MEMORY(12, "ENOMEM");

    private final int errno;
    private final String symbol;

    LoadFailure(int errno, String symbol) {
        this.errno = errno;
        this.symbol = symbol;
    }

    /** The Linux errno, for example 8 for ENOEXEC. */
    public int errno() {
        return errno;
    }

    /** The errno's name, for example {@code ENOEXEC}. */
    public String symbol() {
        return symbol;
    }
}
