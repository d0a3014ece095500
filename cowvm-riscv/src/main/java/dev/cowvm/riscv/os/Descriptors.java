package dev.cowvm.riscv.os;

import java.util.Arrays;

/**
 * One process's file descriptors and working directory (xv6's {@code p->ofile} and
 * {@code p->cwd}; Linux's files and fs structures), under one {@link Dialect}.
 *
 * <ul>
 *   <li>A new descriptor is the lowest free number (xv6's fdalloc, POSIX), below
 *       {@link Limits#openFilesPerProcess()} (NOFILE; EMFILE past it).</li>
 *   <li>dup and fork share the open file, and so its offset; close drops one
 *       reference.</li>
 *   <li>Each descriptor has a close-on-exec flag (Linux's FD_CLOEXEC); {@link #exec()}
 *       closes the flagged ones. xv6 never sets it.</li>
 *   <li>{@link #closeAll()} is exit: every descriptor and the working directory go.</li>
 * </ul>
 * Path operations resolve against the working directory with this dialect's rules. A
 * failed operation changes nothing; in particular open checks for a free descriptor
 * before it creates a file (xv6 creates the file, then fails).
 */
public final class Descriptors {
    /** Linux's AT_FDCWD: the *at calls' "relative to the working directory". */
    public static final int AT_FDCWD = -100;

    private final FileTable table;
    private final Dialect dialect;
    private final OpenFile[] files;
    private final boolean[] closeOnExec;
    private Inode cwd;
    private boolean ended;

    private Descriptors(FileTable table, Dialect dialect, Inode cwd) {
        this.table = table;
        this.dialect = dialect;
        int n = table.limits().openFilesPerProcess();
        this.files = new OpenFile[n];
        this.closeOnExec = new boolean[n];
        this.cwd = cwd;
        table.fileSystem().retain(cwd);
    }

    /**
     * A first process's table: no descriptors, the root as working directory.
     *
     * @param table   the machine's open files
     * @param dialect the rules its paths follow
     * @return the table
     */
    public static Descriptors create(FileTable table, Dialect dialect) {
        return new Descriptors(table, dialect, table.fileSystem().root());
    }

    /** A child's copy (fork): the same open files, shared, the same flags and directory. */
    public Descriptors fork() {
        checkLive();
        Descriptors child = new Descriptors(table, dialect, cwd);
        for (int fd = 0; fd < files.length; fd++) {
            if (files[fd] != null) {
                files[fd].retain();
                child.files[fd] = files[fd];
                child.closeOnExec[fd] = closeOnExec[fd];
            }
        }
        return child;
    }

    /** The rules its paths follow. */
    public Dialect dialect() {
        return dialect;
    }

    /** How many descriptors it may have. */
    public int limit() {
        return files.length;
    }

    /** Descriptors in use. */
    public int count() {
        int n = 0;
        for (OpenFile f : files) {
            n += f == null ? 0 : 1;
        }
        return n;
    }

    /** The working directory. */
    public Inode cwd() {
        return cwd;
    }

    /**
     * The open file of a descriptor.
     *
     * @return it, or EBADF
     */
    public SysResult<OpenFile> file(int fd) {
        checkLive();
        if (fd < 0 || fd >= files.length || files[fd] == null) {
            return SysResult.err(Errno.EBADF, "descriptor " + fd + " is not open");
        }
        return SysResult.ok(files[fd]);
    }

    /**
     * Opens a path (open, openat relative to the working directory).
     *
     * @return the new descriptor; EMFILE, ENFILE, or a failure of the path
     */
    public SysResult<Integer> open(String path, OpenMode mode) {
        checkLive();
        int fd = lowestFree(0);
        if (fd < 0) {
            return tooMany();
        }
        SysResult<OpenFile> f = table.open(cwd, path, mode, dialect);
        return f.isOk() ? SysResult.ok(place(fd, f.orElseThrow(), mode.closeOnExec())) : f.asFailure();
    }

    /**
     * Opens a path relative to a directory descriptor (Linux's openat).
     *
     * @param dirfd {@link #AT_FDCWD} or a descriptor of a directory; ignored for an
     *              absolute path, as Linux ignores it
     * @return the new descriptor; EBADF or ENOTDIR for {@code dirfd}, or as {@link #open}
     */
    public SysResult<Integer> openAt(int dirfd, String path, OpenMode mode) {
        checkLive();
        SysResult<Inode> base = base(dirfd, path);
        if (!base.isOk()) {
            return base.asFailure();
        }
        int fd = lowestFree(0);
        if (fd < 0) {
            return tooMany();
        }
        SysResult<OpenFile> f = table.open(base.orElseThrow(), path, mode, dialect);
        return f.isOk() ? SysResult.ok(place(fd, f.orElseThrow(), mode.closeOnExec())) : f.asFailure();
    }

    /**
     * The directory a Linux *at call resolves {@code path} from.
     *
     * @param dirfd {@link #AT_FDCWD} or a descriptor of a directory
     * @return the working directory, the root for an absolute path, or the descriptor's
     *         directory; EBADF for a closed descriptor, ENOTDIR for one that is not a
     *         directory
     */
    public SysResult<Inode> base(int dirfd, String path) {
        checkLive();
        if (path.startsWith("/") || dirfd == AT_FDCWD) {
            return SysResult.ok(cwd);
        }
        SysResult<OpenFile> f = file(dirfd);
        if (!f.isOk()) {
            return f.asFailure();
        }
        Inode ip = f.orElseThrow().inode().orElse(null);
        if (ip == null || !ip.isDirectory()) {
            return SysResult.err(Errno.ENOTDIR, "descriptor " + dirfd + " is not a directory");
        }
        return SysResult.ok(ip);
    }

    /**
     * Opens a device by major number with no path, as the console a first process gets.
     *
     * @return the new descriptor; EMFILE, ENFILE, ENXIO
     */
    public SysResult<Integer> openDevice(int major, OpenMode mode) {
        checkLive();
        int fd = lowestFree(0);
        if (fd < 0) {
            return tooMany();
        }
        SysResult<OpenFile> f = table.openDevice(major, 0, mode);
        return f.isOk() ? SysResult.ok(place(fd, f.orElseThrow(), mode.closeOnExec())) : f.asFailure();
    }

    /**
     * Makes a pipe (xv6's pipe, Linux's pipe2): the read end's descriptor, then the write
     * end's, the two lowest free.
     *
     * @param closeOnExec Linux's O_CLOEXEC for both
     * @return the two descriptors; EMFILE, ENFILE
     */
    public SysResult<int[]> pipe(boolean closeOnExec) {
        checkLive();
        int read = lowestFree(0);
        int write = read < 0 ? -1 : lowestFree(read + 1);
        if (write < 0) {
            return tooMany();
        }
        SysResult<PipeEnd[]> ends = table.pipe();
        if (!ends.isOk()) {
            return ends.asFailure();
        }
        place(read, ends.orElseThrow()[0], closeOnExec);
        place(write, ends.orElseThrow()[1], closeOnExec);
        return SysResult.ok(new int[] {read, write});
    }

    /**
     * A second descriptor for the same open file, the lowest free (dup).
     *
     * @return it; EBADF, EMFILE
     */
    public SysResult<Integer> dup(int fd) {
        return dupFrom(fd, 0, false);
    }

    /**
     * A second descriptor, the lowest free at or above {@code lowest} (Linux's fcntl
     * F_DUPFD and F_DUPFD_CLOEXEC).
     *
     * @return it; EBADF, EINVAL for a negative or too large {@code lowest}, EMFILE
     */
    public SysResult<Integer> dupFrom(int fd, int lowest, boolean closeOnExecFlag) {
        SysResult<OpenFile> f = file(fd);
        if (!f.isOk()) {
            return f.asFailure();
        }
        if (lowest < 0 || lowest >= files.length) {
            return SysResult.err(Errno.EINVAL, "descriptor " + lowest + " is outside 0.." + (files.length - 1));
        }
        int to = lowestFree(lowest);
        if (to < 0) {
            return tooMany();
        }
        f.orElseThrow().retain();
        return SysResult.ok(place(to, f.orElseThrow(), closeOnExecFlag));
    }

    /**
     * Makes {@code target} a descriptor for {@code fd}'s open file, closing what
     * {@code target} had (Linux's dup2 and dup3). When they are equal nothing changes and
     * {@code target} is returned, as dup2 does; dup3's EINVAL for that case is the caller's.
     *
     * @return {@code target}; EBADF for a closed {@code fd} or a {@code target} outside
     *         the table
     */
    public SysResult<Integer> dupTo(int fd, int target, boolean closeOnExecFlag) {
        SysResult<OpenFile> f = file(fd);
        if (!f.isOk()) {
            return f.asFailure();
        }
        if (target < 0 || target >= files.length) {
            return SysResult.err(Errno.EBADF, "descriptor " + target + " is outside 0.." + (files.length - 1));
        }
        if (target == fd) {
            return SysResult.ok(target);
        }
        f.orElseThrow().retain();
        if (files[target] != null) {
            files[target].release();
        }
        return SysResult.ok(place(target, f.orElseThrow(), closeOnExecFlag));
    }

    /**
     * Closes a descriptor.
     *
     * @return done, or EBADF
     */
    public SysResult<Void> close(int fd) {
        SysResult<OpenFile> f = file(fd);
        if (!f.isOk()) {
            return f.asFailure();
        }
        files[fd] = null;
        closeOnExec[fd] = false;
        f.orElseThrow().release();
        return SysResult.done();
    }

    /**
     * The descriptor's close-on-exec flag (fcntl F_GETFD).
     *
     * @return the flag, or EBADF
     */
    public SysResult<Boolean> closeOnExec(int fd) {
        SysResult<OpenFile> f = file(fd);
        return f.isOk() ? SysResult.ok(closeOnExec[fd]) : f.asFailure();
    }

    /**
     * Sets the descriptor's close-on-exec flag (fcntl F_SETFD).
     *
     * @return done, or EBADF
     */
    public SysResult<Void> setCloseOnExec(int fd, boolean flag) {
        SysResult<OpenFile> f = file(fd);
        if (!f.isOk()) {
            return f.asFailure();
        }
        closeOnExec[fd] = flag;
        return SysResult.done();
    }

    /** What exec does to descriptors: closes those flagged close-on-exec. */
    public void exec() {
        checkLive();
        for (int fd = 0; fd < files.length; fd++) {
            if (files[fd] != null && closeOnExec[fd]) {
                close(fd);
            }
        }
    }

    /** What exit does: closes every descriptor and lets go of the working directory. */
    public void closeAll() {
        checkLive();
        for (int fd = 0; fd < files.length; fd++) {
            if (files[fd] != null) {
                close(fd);
            }
        }
        table.fileSystem().release(cwd);
        ended = true;
    }

    /**
     * Changes the working directory (chdir).
     *
     * @return done; ENOENT, ENOTDIR, ENAMETOOLONG
     */
    public SysResult<Void> chdir(String path) {
        SysResult<Inode> dir = lookup(path);
        if (!dir.isOk()) {
            return dir.asFailure();
        }
        if (!dir.orElseThrow().isDirectory()) {
            return SysResult.err(Errno.ENOTDIR, "'" + path + "' is not a directory");
        }
        table.fileSystem().retain(dir.orElseThrow());
        table.fileSystem().release(cwd);
        cwd = dir.orElseThrow();
        return SysResult.done();
    }

    /** The inode a path names, from the working directory. */
    public SysResult<Inode> lookup(String path) {
        checkLive();
        return table.fileSystem().lookup(cwd, path, dialect);
    }

    /** The metadata of the file a path names (stat, newfstatat). */
    public SysResult<Stat> stat(String path) {
        SysResult<Inode> ip = lookup(path);
        return ip.isOk() ? SysResult.ok(table.fileSystem().stat(ip.orElseThrow())) : ip.asFailure();
    }

    /** Makes a directory (mkdir). */
    public SysResult<Void> mkdir(String path) {
        checkLive();
        return done(table.fileSystem().create(cwd, path, FileType.DIRECTORY, 0, 0, dialect));
    }

    /** Makes a device node (mknod). */
    public SysResult<Void> mknod(String path, int major, int minor) {
        checkLive();
        return done(table.fileSystem().create(cwd, path, FileType.DEVICE, major, minor, dialect));
    }

    /** Adds a name for a file (link). */
    public SysResult<Void> link(String oldPath, String newPath) {
        checkLive();
        return table.fileSystem().link(cwd, oldPath, newPath, dialect);
    }

    /** Removes a name (unlink, rmdir). */
    public SysResult<Void> unlink(String path, FileSystem.Unlink kind) {
        checkLive();
        return table.fileSystem().unlink(cwd, path, kind, dialect);
    }

    /** The inode a path names from a directory descriptor (the lookup of newfstatat, faccessat, unlinkat...). */
    public SysResult<Inode> lookupAt(int dirfd, String path) {
        SysResult<Inode> base = base(dirfd, path);
        return base.isOk() ? table.fileSystem().lookup(base.orElseThrow(), path, dialect) : base;
    }

    /** Makes a directory relative to a directory descriptor (mkdirat). */
    public SysResult<Void> mkdirAt(int dirfd, String path) {
        SysResult<Inode> base = base(dirfd, path);
        return base.isOk() ? done(table.fileSystem().create(base.orElseThrow(), path, FileType.DIRECTORY, 0, 0,
                dialect)) : base.asFailure();
    }

    /** Removes a name relative to a directory descriptor (unlinkat; {@code kind} DIRECTORY for AT_REMOVEDIR). */
    public SysResult<Void> unlinkAt(int dirfd, String path, FileSystem.Unlink kind) {
        SysResult<Inode> base = base(dirfd, path);
        return base.isOk() ? table.fileSystem().unlink(base.orElseThrow(), path, kind, dialect) : base.asFailure();
    }

    /** Adds a name, each path relative to its own directory descriptor (linkat). */
    public SysResult<Void> linkAt(int oldDirfd, String oldPath, int newDirfd, String newPath) {
        SysResult<Inode> old = lookupAt(oldDirfd, oldPath);
        if (!old.isOk()) {
            return old.asFailure();
        }
        if (old.orElseThrow().isDirectory()) {
            return SysResult.err(Errno.EPERM, "'" + oldPath + "' is a directory, which cannot have a second name");
        }
        SysResult<Inode> base = base(newDirfd, newPath);
        if (!base.isOk()) {
            return base.asFailure();
        }
        return table.fileSystem().linkInode(old.orElseThrow(), base.orElseThrow(), newPath, dialect);
    }

    /** The working directory's absolute path (getcwd). */
    public SysResult<String> cwdPath() {
        checkLive();
        return table.fileSystem().pathOf(cwd);
    }

    private static SysResult<Void> done(SysResult<Inode> made) {
        return made.isOk() ? SysResult.done() : made.asFailure();
    }

    private int place(int fd, OpenFile f, boolean flag) {
        files[fd] = f;
        closeOnExec[fd] = flag;
        return fd;
    }

    private int lowestFree(int from) {
        for (int fd = from; fd < files.length; fd++) {
            if (files[fd] == null) {
                return fd;
            }
        }
        return -1;
    }

    private <T> SysResult<T> tooMany() {
        return SysResult.err(Errno.EMFILE, "all " + files.length + " descriptors are in use");
    }

    private void checkLive() {
        if (ended) {
            throw new IllegalStateException("the descriptors were closed at exit");
        }
    }

    @Override
    public String toString() {
        return "descriptors " + Arrays.toString(files);
    }
}
