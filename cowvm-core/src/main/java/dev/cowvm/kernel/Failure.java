package dev.cowvm.kernel;

/**
 * Why a kernel operation failed, when the cause lies with the caller's data or the guest
 * (a bad address, no memory left, no such child), not with the program using the library.
 * Each carries the Linux {@code errno} a system-call layer returns for it (the generic
 * values, which RISC-V Linux uses: {@code include/uapi/asm-generic/errno-base.h}), so that
 * layer turns a {@link Result} into a return value without catching anything.
 *
 * <p>Two of them report an access the process made itself, and mean more than an errno:
 * the process has been killed ({@link #SEGV}, {@link #OOM}).
 */
public enum Failure {
    /** An argument is malformed: unaligned, empty, wrapping around, or outside user space (EINVAL). */
    INVALID(22, "EINVAL"),
    /**
     * Not enough memory: the pool has no frame for the operation, the address space has no
     * free range of that size, the process has too many regions, or (as Linux's mprotect
     * says) part of the range is not mapped (ENOMEM).
     */
    NO_MEMORY(12, "ENOMEM"),
    /** A fixed range overlaps an existing mapping (EEXIST, as MAP_FIXED_NOREPLACE). */
    EXISTS(17, "EEXIST"),
    /** A kernel access to user memory reached a bad address; the process lives on (EFAULT). */
    FAULT(14, "EFAULT"),
    /** The process has no such child to wait for (ECHILD). */
    NO_CHILD(10, "ECHILD"),
    /** The child waited for is still running: waiting would block (EAGAIN). */
    WOULD_BLOCK(11, "EAGAIN"),
    /** The process's own access was a segmentation fault, and it has been killed (EFAULT). */
    SEGV(14, "EFAULT"),
    /** The process's own access needed a frame the pool did not have; it has been killed (ENOMEM). */
    OOM(12, "ENOMEM");

    private final int errno;
    private final String symbol;

    Failure(int errno, String symbol) {
        this.errno = errno;
        this.symbol = symbol;
    }

    /** The Linux errno number, for example 14 for EFAULT. */
    public int errno() {
        return errno;
    }

    /** The errno's name, for example {@code EFAULT}. */
    public String symbol() {
        return symbol;
    }
}
