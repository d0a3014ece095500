package dev.cowvm.riscv.os;

import dev.cowvm.kernel.Failure;

/**
 * Why an operating-system operation failed, as a Linux errno (the generic numbers RISC-V
 * uses: Linux {@code include/uapi/asm-generic/errno-base.h} and {@code errno.h}). The xv6
 * interface turns every one into -1; the Linux interface returns {@code -number()}.
 */
public enum Errno {
    /** Operation not permitted (a hard link to a directory). */
    EPERM(1),
    /** No such file or directory. */
    ENOENT(2),
    /** No such process. */
    ESRCH(3),
    /** A signal interrupted the call. */
    EINTR(4),
    /** I/O error (the host refused the console's output). */
    EIO(5),
    /** No such device (a device file whose driver is missing). */
    ENXIO(6),
    /** Argument list too long (exec's arguments and environment). */
    E2BIG(7),
    /** Not an executable this machine can run. */
    ENOEXEC(8),
    /** Bad file descriptor, or one not open for the access asked. */
    EBADF(9),
    /** No child to wait for. */
    ECHILD(10),
    /** Try again: the operation would block and the file is non-blocking. */
    EAGAIN(11),
    /** Out of memory (a copy into the process needed a frame). */
    ENOMEM(12),
    /** Permission denied (exec of something that is not a regular file). */
    EACCES(13),
    /** A user pointer is not accessible. */
    EFAULT(14),
    /** Busy (removing the root). */
    EBUSY(16),
    /** The name exists. */
    EEXIST(17),
    /** No such device (a shared mapping of a file). */
    ENODEV(19),
    /** A path component is not a directory. */
    ENOTDIR(20),
    /** A directory where a file is needed. */
    EISDIR(21),
    /** Invalid argument. */
    EINVAL(22),
    /** Too many open files in the system (xv6's NFILE). */
    ENFILE(23),
    /** Too many open files in the process (xv6's NOFILE). */
    EMFILE(24),
    /** Not a terminal. */
    ENOTTY(25),
    /** File too large (xv6's MAXFILE). */
    EFBIG(27),
    /** No space left on the disk: no free block or no free inode. */
    ENOSPC(28),
    /** Illegal seek (on a pipe or a terminal). */
    ESPIPE(29),
    /** Too many links. */
    EMLINK(31),
    /** A write to a pipe with no reader. */
    EPIPE(32),
    /** A result does not fit the buffer given (getcwd). */
    ERANGE(34),
    /** A name or path too long. */
    ENAMETOOLONG(36),
    /** No such system call, or a flag of one this machine does not implement. */
    ENOSYS(38),
    /** A directory that is not empty. */
    ENOTEMPTY(39),
    /** Too many levels of interpreters ({@code #!} scripts running scripts). */
    ELOOP(40);

    private final int number;

    Errno(int number) {
        this.number = number;
    }

    /** The Linux number, for example 2 for ENOENT. */
    public int number() {
        return number;
    }

    /**
     * The errno of a core failure of a kernel access to user memory:
     * {@link Failure#NO_MEMORY} is ENOMEM, everything else EFAULT.
     *
     * @param failure a failure of {@code copyIn} or {@code copyOut}
     * @return ENOMEM or EFAULT
     */
    public static Errno of(Failure failure) {
        return failure == Failure.NO_MEMORY ? ENOMEM : EFAULT;
    }
}
