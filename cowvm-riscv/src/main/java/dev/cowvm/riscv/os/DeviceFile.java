package dev.cowvm.riscv.os;

import java.util.Optional;

/**
 * An open device: reads and writes go to the driver its major number names in the
 * device switch. A device file whose major number has no driver opens, as in xv6, but
 * every read and write fails (ENXIO).
 */
public final class DeviceFile extends OpenFile {
    private final Inode inode;
    private final int major;
    private final int minor;

    DeviceFile(FileTable table, OpenMode mode, Inode inode, int major, int minor) {
        super(table, mode);
        this.inode = inode;
        this.major = major;
        this.minor = minor;
        if (inode != null) {
            table.fileSystem().retain(inode);
        }
    }

    @Override
    public FileType type() {
        return FileType.DEVICE;
    }

    /** The major device number. */
    public int major() {
        return major;
    }

    @Override
    public Optional<Inode> inode() {
        return Optional.ofNullable(inode);
    }

    @Override
    public boolean isTerminal() {
        return table().devices().driver(major).map(Device::isTerminal).orElse(false);
    }

    @Override
    IoResult readOpen(IoBuffer dst) {
        Optional<Device> driver = table().devices().driver(major);
        return driver.isPresent() ? driver.get().read(dst) : noDriver(dst);
    }

    @Override
    IoResult writeOpen(IoBuffer src) {
        Optional<Device> driver = table().devices().driver(major);
        return driver.isPresent() ? driver.get().write(src) : noDriver(src);
    }

    private IoResult noDriver(IoBuffer b) {
        return new IoResult.Failed(b.position(), Errno.ENXIO, "no driver for device major " + major);
    }

    @Override
    public Stat stat() {
        if (inode != null) {
            return table().fileSystem().stat(inode);
        }
        return new Stat(0, 0, FileType.DEVICE, 1, 0, major, minor, 0, table().fileSystem().limits().blockSize(), 0666);
    }

    @Override
    void closeLast() {
        if (inode != null) {
            table().fileSystem().release(inode);
        }
    }
}
