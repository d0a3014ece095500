package dev.cowvm.riscv.os;

/**
 * The machine's open files (xv6's {@code ftable}): it makes them, counts them against
 * {@link Limits#openFilesPerSystem()} (NFILE; ENFILE past it) and knows the file system
 * and the device switch they reach. One per machine; each process reaches it through its
 * {@link Descriptors}.
 */
public final class FileTable {
    private final FileSystem fs;
    private final Devices devices;
    private int open;
    private int pipes;

    /**
     * A table over a file system and a device switch.
     *
     * @param fs      the file system
     * @param devices the drivers
     */
    public FileTable(FileSystem fs, Devices devices) {
        this.fs = fs;
        this.devices = devices;
    }

    /** The file system. */
    public FileSystem fileSystem() {
        return fs;
    }

    /** The device switch. */
    public Devices devices() {
        return devices;
    }

    /** The limits (the file system's). */
    public Limits limits() {
        return fs.limits();
    }

    /** Open files in the whole machine. */
    public int openFiles() {
        return open;
    }

    /**
     * Opens a path (xv6's sys_open after its descriptor check).
     *
     * <ul>
     *   <li>With create, a missing file is made and an existing file or device opened
     *       (EEXIST with exclusive, EISDIR for a directory); without, the path must
     *       exist.</li>
     *   <li>A directory opens only for reading (EISDIR), and not with truncate.</li>
     *   <li>Truncate empties a regular file, whatever the access (as xv6 and Linux do).</li>
     *   <li>A device file needs a major number the switch has (ENXIO); it opens even if
     *       no driver is installed, as in xv6.</li>
     * </ul>
     *
     * @return the open file (holding one reference); or the failure, with nothing opened
     */
    SysResult<OpenFile> open(Inode cwd, String path, OpenMode mode, Dialect dialect) {
        if (open >= limits().openFilesPerSystem()) {
            return full();
        }
        SysResult<Inode> found = mode.create() ? fs.createOrOpen(cwd, path, mode.exclusive(), dialect)
                : fs.lookup(cwd, path, dialect);
        if (!found.isOk()) {
            return found.asFailure();
        }
        Inode ip = found.orElseThrow();
        if (mode.directory() && !ip.isDirectory()) {
            return SysResult.err(Errno.ENOTDIR, "'" + path + "' is not a directory");
        }
        if (ip.isDirectory() && (mode.write() || mode.truncate())) {
            return SysResult.err(Errno.EISDIR, "'" + path + "' is a directory, which opens only for reading");
        }
        if (ip.type() == FileType.DEVICE && !devices.exists(ip.major())) {
            return SysResult.err(Errno.ENXIO, "'" + path + "' is device major " + ip.major()
                    + ", outside the device switch");
        }
        if (mode.truncate() && ip.type() == FileType.FILE) {
            SysResult<Void> emptied = fs.truncate(ip, 0);
            if (!emptied.isOk()) {
                return emptied.asFailure();
            }
        }
        open++;
        OpenFile f = ip.type() == FileType.DEVICE ? new DeviceFile(this, mode, ip, ip.major(), ip.minor())
                : new InodeFile(this, mode, ip, dialect);
        return SysResult.ok(f);
    }

    /**
     * Opens a device by number, with no path: the console a first process starts with.
     *
     * @return the open file; ENXIO for a number outside the switch, ENFILE
     */
    SysResult<OpenFile> openDevice(int major, int minor, OpenMode mode) {
        if (!devices.exists(major)) {
            return SysResult.err(Errno.ENXIO, "device major " + major + " is outside the device switch");
        }
        if (open >= limits().openFilesPerSystem()) {
            return full();
        }
        open++;
        return SysResult.ok(new DeviceFile(this, mode, null, major, minor));
    }

    /**
     * Makes a pipe: its read end and its write end.
     *
     * @return the two open files; ENFILE if two more would pass the limit
     */
    SysResult<PipeEnd[]> pipe() {
        if (open + 2 > limits().openFilesPerSystem()) {
            return full();
        }
        open += 2;
        int id = ++pipes;
        Pipe pipe = new Pipe(id, limits().pipeSize(), limits().pipeAtomic());
        return SysResult.ok(new PipeEnd[] {new PipeEnd(this, pipe, id, true), new PipeEnd(this, pipe, id, false)});
    }

    void closed() {
        open--;
    }

    private <T> SysResult<T> full() {
        return SysResult.err(Errno.ENFILE, "the system has " + open + " open files, the most it allows");
    }
}
