package dev.cowvm.riscv.os;

/**
 * How a file is opened, decoded from either interface's flag bits.
 *
 * @param read        reads allowed
 * @param write       writes allowed
 * @param create      create the file if missing (xv6 O_CREATE, Linux O_CREAT)
 * @param truncate    empty a regular file (O_TRUNC)
 * @param exclusive   with create: fail if the name exists (Linux O_EXCL)
 * @param append      every write goes to the end (Linux O_APPEND)
 * @param directory   fail unless it is a directory (Linux O_DIRECTORY)
 * @param nonBlocking reads and writes that would wait fail with EAGAIN instead (Linux
 *                    O_NONBLOCK); the system-call layer applies it to {@link IoResult.Blocked}
 * @param closeOnExec the descriptor closes at exec (Linux O_CLOEXEC)
 */
public record OpenMode(boolean read, boolean write, boolean create, boolean truncate, boolean exclusive,
        boolean append, boolean directory, boolean nonBlocking, boolean closeOnExec) {
    /** xv6 {@code kernel/fcntl.h}. */
    public static final int XV6_O_WRONLY = 0x001;
    /** xv6 {@code kernel/fcntl.h}. */
    public static final int XV6_O_RDWR = 0x002;
    /** xv6 {@code kernel/fcntl.h}. */
    public static final int XV6_O_CREATE = 0x200;
    /** xv6 {@code kernel/fcntl.h}. */
    public static final int XV6_O_TRUNC = 0x400;
    /** Linux {@code include/uapi/asm-generic/fcntl.h}, octal as there. */
    public static final int O_ACCMODE = 03;
    /** Linux. */
    public static final int O_WRONLY = 01;
    /** Linux. */
    public static final int O_RDWR = 02;
    /** Linux. */
    public static final int O_CREAT = 0100;
    /** Linux. */
    public static final int O_EXCL = 0200;
    /** Linux. */
    public static final int O_TRUNC = 01000;
    /** Linux. */
    public static final int O_APPEND = 02000;
    /** Linux. */
    public static final int O_NONBLOCK = 04000;
    /** Linux. */
    public static final int O_DIRECTORY = 0200000;
    /** Linux. */
    public static final int O_CLOEXEC = 02000000;

    /** Read only, nothing else. */
    public static final OpenMode READ = new OpenMode(true, false, false, false, false, false, false, false, false);
    /** Write only, nothing else. */
    public static final OpenMode WRITE = new OpenMode(false, true, false, false, false, false, false, false, false);
    /** Read and write, nothing else. */
    public static final OpenMode READ_WRITE = new OpenMode(true, true, false, false, false, false, false, false,
            false);

    /**
     * xv6's open flags, decoded as its sys_open does: readable unless O_WRONLY is set,
     * writable if O_WRONLY or O_RDWR is; other bits ignored.
     *
     * @param flags the second argument of xv6's open
     * @return the mode
     */
    public static OpenMode xv6(int flags) {
        boolean wrOnly = (flags & XV6_O_WRONLY) != 0;
        return new OpenMode(!wrOnly, wrOnly || (flags & XV6_O_RDWR) != 0, (flags & XV6_O_CREATE) != 0,
                (flags & XV6_O_TRUNC) != 0, false, false, false, false, false);
    }

    /**
     * Linux's open flags. An access mode of 3 allows neither reading nor writing, as on
     * Linux; flags cowvm has no use for (O_NOCTTY, O_NOFOLLOW, O_LARGEFILE...) are ignored.
     *
     * @param flags the flags argument of openat
     * @return the mode
     */
    public static OpenMode linux(int flags) {
        int access = flags & O_ACCMODE;
        return new OpenMode(access == 0 || access == O_RDWR, access == O_WRONLY || access == O_RDWR,
                (flags & O_CREAT) != 0, (flags & O_TRUNC) != 0, (flags & O_EXCL) != 0, (flags & O_APPEND) != 0,
                (flags & O_DIRECTORY) != 0, (flags & O_NONBLOCK) != 0, (flags & O_CLOEXEC) != 0);
    }

    /** The status flags Linux's fcntl(F_GETFL) reports: the access mode, O_APPEND and O_NONBLOCK. */
    public int linuxStatusFlags() {
        int access = read && write ? O_RDWR : write ? O_WRONLY : read ? 0 : O_ACCMODE;
        return access | (append ? O_APPEND : 0) | (nonBlocking ? O_NONBLOCK : 0);
    }
}
