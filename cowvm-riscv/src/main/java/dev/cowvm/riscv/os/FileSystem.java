package dev.cowvm.riscv.os;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * An in-memory file system with xv6's behaviour and, under {@link Limits#xv6()}, its
 * limits: the names, links, directories and devices of xv6's {@code kernel/fs.c} and
 * {@code kernel/sysfile.c}, reached by path from a working directory. Every operation
 * returns a {@link SysResult} whose {@link Errno} each interface maps to its convention.
 *
 * <h2>Paths</h2>
 * A path is split at slashes (repeated slashes count as one); "/" starts at the root,
 * anything else at the working directory; "." and ".." are ordinary entries of every
 * directory (the root's ".." is itself). A component that is not a directory where one
 * is needed is ENOTDIR, a missing one ENOENT. The {@link Dialect} decides the rest: names
 * longer than {@link Limits#nameMax()} (cut by xv6, ENAMETOOLONG for Linux), the empty
 * path and trailing slashes. A path of {@link Limits#pathMax()} bytes or more is
 * ENAMETOOLONG for both (xv6 cannot even copy it in).
 *
 * <h2>Holding inodes</h2>
 * Open files and working directories {@link #retain} the inode they use and
 * {@link #release} it when done; an inode with no links is freed at its last release.
 * Nothing else holds inodes, as one thread uses the file system at a time.
 *
 * <h2>Where it differs from xv6, and why</h2>
 * <ul>
 *   <li>Nothing can be created in a directory that has been removed (ENOENT, as Linux);
 *       xv6 would link into it and lose the inode.</li>
 *   <li>A write may start past the end of a file (only Linux can seek there); the gap
 *       reads as zeros and takes blocks, as there are no sparse files.</li>
 *   <li>A write that would pass the largest file size writes up to it and fails with
 *       EFBIG (xv6 refuses the whole 3-KiB piece of its write loop that crosses it).</li>
 *   <li>xv6's in-memory inode table (NINODE 50) is not modelled: running out of it is a
 *       kernel panic in xv6, not an answer a program could observe.</li>
 * </ul>
 */
public final class FileSystem {
    /** The root directory's inode number (xv6's ROOTINO). */
    public static final int ROOT_INUM = 1;
    /** The device number every inode reports (xv6's ROOTDEV). */
    public static final int DEVICE_NUMBER = 1;
    /** xv6 keeps link counts in a short. */
    static final int MAX_LINKS = Short.MAX_VALUE;

    private final Limits limits;
    private final Disk disk;
    private final Map<Integer, Inode> inodes = new HashMap<>();
    private final Inode root;

    /**
     * An empty file system: the root directory with "." and "..", nothing else.
     *
     * @param limits its sizes
     */
    public FileSystem(Limits limits) {
        this.limits = limits;
        this.disk = new Disk(limits);
        int inum = disk.allocateInode();
        assert inum == ROOT_INUM;
        root = new Inode(inum, FileType.DIRECTORY, 0, 0);
        root.nlink = 1;
        inodes.put(inum, root);
        boolean made = root.addEntry(disk, ".", root).isOk() && root.addEntry(disk, "..", root).isOk();
        if (!made) {
            throw new IllegalArgumentException("a disk of " + limits.dataBlocks() + " blocks cannot hold the root");
        }
    }

    /** Its sizes. */
    public Limits limits() {
        return limits;
    }

    /** The root directory. */
    public Inode root() {
        return root;
    }

    /** Data blocks not in use. */
    public long freeBlocks() {
        return disk.freeBlocks();
    }

    /** Inode numbers not in use. */
    public int freeInodes() {
        return disk.freeInodes();
    }

    /** The live inode with this number. */
    public Optional<Inode> inode(int inum) {
        return Optional.ofNullable(inodes.get(inum));
    }

    /**
     * Receives the lines the kernel would print on its console when the disk runs out, as
     * xv6's "balloc: out of blocks" and "ialloc: no inodes".
     *
     * @param sink where the lines go (by default nowhere)
     */
    public void onNotice(Consumer<String> sink) {
        disk.notices(sink);
    }

    // ---------------------------------------------------------------- paths

    /**
     * The inode a path names (xv6's namei).
     *
     * @return it, or ENOENT, ENOTDIR, ENAMETOOLONG
     */
    public SysResult<Inode> lookup(Inode cwd, String path, Dialect dialect) {
        Path p = Path.parse(path, dialect, limits);
        if (p.problem() != null) {
            return p.problem().asFailure();
        }
        SysResult<Inode> dir = walk(p.absolute() ? root : cwd, p.parts(), p.parts().size(), path);
        if (!dir.isOk() || p.parts().isEmpty()) {
            return dir;
        }
        Inode ip = dir.orElseThrow();
        if (p.trailingSlash() && dialect == Dialect.LINUX && !ip.isDirectory()) {
            return SysResult.err(Errno.ENOTDIR, "'" + path + "' ends with a slash and is not a directory");
        }
        return dir;
    }

    /**
     * Creates a directory, a device node or an empty file at {@code path} (xv6's create,
     * as mkdir, mknod and open with O_CREATE use it). A directory gets "." and ".." and
     * adds one to its parent's link count.
     *
     * @return the new inode; or EEXIST, ENOENT, ENOTDIR, ENAMETOOLONG, ENOSPC (no inode or
     *         no block), with nothing created
     */
    public SysResult<Inode> create(Inode cwd, String path, FileType type, int major, int minor, Dialect dialect) {
        if (type == FileType.PIPE) {
            throw new IllegalArgumentException("a pipe has no inode");
        }
        SysResult<Parent> parent = parent(cwd, path, dialect);
        if (!parent.isOk()) {
            return parent.asFailure();
        }
        Parent at = parent.orElseThrow();
        if (at.name() == null) {
            return SysResult.err(Errno.EEXIST, "'" + path + "' names an existing directory");
        }
        if (at.dir().lookup(at.name()) != null) {
            return SysResult.err(Errno.EEXIST, "'" + path + "' exists");
        }
        if (at.trailingSlash() && type != FileType.DIRECTORY && dialect == Dialect.LINUX) {
            return SysResult.err(Errno.EISDIR, "'" + path + "' ends with a slash: only a directory can be made there");
        }
        return createIn(at.dir(), at.name(), type, major, minor);
    }

    private SysResult<Inode> createIn(Inode dir, String name, FileType type, int major, int minor) {
        int inum = disk.allocateInode();
        if (inum == 0) {
            return SysResult.err(Errno.ENOSPC, "no free inode: the disk holds at most " + (limits.inodes() - 1));
        }
        Inode ip = new Inode(inum, type, major, minor);
        ip.nlink = 1;
        inodes.put(inum, ip);
        SysResult<Void> linked = SysResult.done();
        if (type == FileType.DIRECTORY) {
            linked = ip.addEntry(disk, ".", ip);
            if (linked.isOk()) {
                linked = ip.addEntry(disk, "..", dir);
            }
        }
        if (linked.isOk()) {
            linked = dir.addEntry(disk, name, ip);
        }
        if (!linked.isOk()) {
            ip.nlink = 0;
            free(ip);
            return linked.asFailure();
        }
        if (type == FileType.DIRECTORY) {
            dir.nlink++;
        }
        return SysResult.ok(ip);
    }

    /**
     * The file open with O_CREATE opens: the existing file or device at {@code path}, or a
     * new empty file (xv6's sys_open with O_CREATE).
     *
     * @param exclusive Linux's O_EXCL: an existing name is EEXIST
     * @return the inode; or EISDIR for an existing directory, EEXIST, and the failures of
     *         {@link #create}
     */
    public SysResult<Inode> createOrOpen(Inode cwd, String path, boolean exclusive, Dialect dialect) {
        SysResult<Parent> parent = parent(cwd, path, dialect);
        if (!parent.isOk()) {
            return parent.asFailure();
        }
        Parent at = parent.orElseThrow();
        Inode existing = at.name() == null ? at.dir() : at.dir().lookup(at.name());
        if (existing != null) {
            if (exclusive) {
                return SysResult.err(Errno.EEXIST, "'" + path + "' exists");
            }
            if (existing.isDirectory()) {
                return SysResult.err(Errno.EISDIR, "'" + path + "' is a directory");
            }
            if (at.trailingSlash() && dialect == Dialect.LINUX) {
                return SysResult.err(Errno.ENOTDIR, "'" + path + "' ends with a slash and is not a directory");
            }
            return SysResult.ok(existing);
        }
        if (at.trailingSlash() && dialect == Dialect.LINUX) {
            return SysResult.err(Errno.EISDIR, "'" + path + "' ends with a slash: a file cannot be made there");
        }
        return createIn(at.dir(), at.name(), FileType.FILE, 0, 0);
    }

    /**
     * Adds the name {@code newPath} for the file at {@code oldPath} (xv6's sys_link).
     *
     * @return done; or ENOENT, EPERM for a directory (xv6 refuses), EEXIST, EMLINK,
     *         ENOSPC, ENOTDIR, ENAMETOOLONG
     */
    public SysResult<Void> link(Inode cwd, String oldPath, String newPath, Dialect dialect) {
        SysResult<Inode> old = lookup(cwd, oldPath, dialect);
        if (!old.isOk()) {
            return old.asFailure();
        }
        Inode ip = old.orElseThrow();
        if (ip.isDirectory()) {
            return SysResult.err(Errno.EPERM, "'" + oldPath + "' is a directory, which cannot have a second name");
        }
        return linkInode(ip, cwd, newPath, dialect);
    }

    /**
     * Adds the name {@code newPath}, resolved from {@code cwd}, for a file already found
     * (Linux's linkat, whose two paths start from different directories).
     *
     * @return done; or EPERM for a directory, EEXIST, EMLINK, ENOSPC, ENOENT, ENOTDIR,
     *         ENAMETOOLONG
     */
    public SysResult<Void> linkInode(Inode ip, Inode cwd, String newPath, Dialect dialect) {
        if (ip.isDirectory()) {
            return SysResult.err(Errno.EPERM, ip + " is a directory, which cannot have a second name");
        }
        if (ip.freed || ip.nlink == 0) {
            return SysResult.err(Errno.ENOENT, ip + " has been removed");
        }
        SysResult<Parent> parent = parent(cwd, newPath, dialect);
        if (!parent.isOk()) {
            return parent.asFailure();
        }
        Parent at = parent.orElseThrow();
        if (at.name() == null || at.dir().lookup(at.name()) != null) {
            return SysResult.err(Errno.EEXIST, "'" + newPath + "' exists");
        }
        if (ip.nlink >= MAX_LINKS) {
            return SysResult.err(Errno.EMLINK, ip + " has " + ip.nlink + " links, the most an inode counts");
        }
        SysResult<Void> added = at.dir().addEntry(disk, at.name(), ip);
        if (added.isOk()) {
            ip.nlink++;
        }
        return added;
    }

    /** What {@link #unlink} may remove. */
    public enum Unlink {
        /** Files, devices and empty directories: xv6's unlink. */
        ANY,
        /** Not directories (EISDIR): Linux's unlink. */
        NOT_DIRECTORY,
        /** Only directories (ENOTDIR): Linux's rmdir. */
        DIRECTORY
    }

    /**
     * Removes a name (xv6's sys_unlink). A directory must be empty; removing it takes one
     * from its parent's link count. The inode goes when nothing holds it any more.
     *
     * @return done; or ENOENT, EINVAL for "." and "..", EBUSY for the root, ENOTEMPTY,
     *         EISDIR / ENOTDIR as {@code kind} says, ENOTDIR, ENAMETOOLONG
     */
    public SysResult<Void> unlink(Inode cwd, String path, Unlink kind, Dialect dialect) {
        SysResult<Parent> parent = parent(cwd, path, dialect);
        if (!parent.isOk()) {
            return parent.asFailure();
        }
        Parent at = parent.orElseThrow();
        if (at.name() == null) {
            return SysResult.err(Errno.EBUSY, "'" + path + "' is the root, which cannot be removed");
        }
        if (at.name().equals(".") || at.name().equals("..")) {
            return SysResult.err(Errno.EINVAL, "'" + path + "': \".\" and \"..\" cannot be removed");
        }
        int slot = at.dir().slotOf(at.name());
        if (slot < 0) {
            return SysResult.err(Errno.ENOENT, "'" + path + "' does not exist");
        }
        Inode ip = at.dir().slots.get(slot).inode();
        if (kind == Unlink.NOT_DIRECTORY && ip.isDirectory()) {
            return SysResult.err(Errno.EISDIR, "'" + path + "' is a directory");
        }
        if ((kind == Unlink.DIRECTORY || at.trailingSlash() && dialect == Dialect.LINUX) && !ip.isDirectory()) {
            return SysResult.err(Errno.ENOTDIR, "'" + path + "' is not a directory");
        }
        if (ip.isDirectory() && !ip.isEmptyDirectory()) {
            return SysResult.err(Errno.ENOTEMPTY, "directory '" + path + "' is not empty");
        }
        at.dir().slots.set(slot, null);
        if (ip.isDirectory()) {
            at.dir().nlink--;
        }
        ip.nlink--;
        free(ip);
        return SysResult.done();
    }

    /**
     * Moves a name (Linux's renameat): the inode that {@code oldPath} names gets the name
     * {@code newPath}, replacing what was there, as one step. A directory moved to another
     * parent has its ".." changed and the two parents' link counts with it.
     *
     * @param oldCwd  where {@code oldPath} starts, if relative
     * @param newCwd  where {@code newPath} starts, if relative
     * @param replace false for RENAME_NOREPLACE: an existing {@code newPath} is EEXIST
     * @return done; or ENOENT, EBUSY for the root, EINVAL for "." and ".." or for moving a
     *         directory below itself, EISDIR (a file over a directory), ENOTDIR (a
     *         directory over a file), ENOTEMPTY, EEXIST, ENOSPC, ENOTDIR and ENAMETOOLONG
     *         for the paths; nothing changes on failure
     */
    public SysResult<Void> rename(Inode oldCwd, String oldPath, Inode newCwd, String newPath, boolean replace,
            Dialect dialect) {
        SysResult<Parent> fromParent = parent(oldCwd, oldPath, dialect);
        if (!fromParent.isOk()) {
            return fromParent.asFailure();
        }
        SysResult<Parent> toParent = parent(newCwd, newPath, dialect);
        if (!toParent.isOk()) {
            return toParent.asFailure();
        }
        Parent from = fromParent.orElseThrow();
        Parent to = toParent.orElseThrow();
        if (from.name() == null || to.name() == null) {
            return SysResult.err(Errno.EBUSY, "the root cannot be renamed, nor replaced");
        }
        if (isDots(from.name()) || isDots(to.name())) {
            return SysResult.err(Errno.EINVAL, "\".\" and \"..\" cannot be renamed, nor replaced");
        }
        Inode ip = from.dir().lookup(from.name());
        if (ip == null) {
            return SysResult.err(Errno.ENOENT, "'" + oldPath + "' does not exist");
        }
        Inode there = to.dir().lookup(to.name());
        if (there == ip) {
            return SysResult.done(); // two names of one file: nothing to do, as POSIX says
        }
        if (there != null && !replace) {
            return SysResult.err(Errno.EEXIST, "'" + newPath + "' exists");
        }
        if (ip.isDirectory()) {
            if (there != null && !there.isDirectory()) {
                return SysResult.err(Errno.ENOTDIR, "'" + newPath + "' is not a directory");
            }
            if (there != null && !there.isEmptyDirectory()) {
                return SysResult.err(Errno.ENOTEMPTY, "directory '" + newPath + "' is not empty");
            }
            for (Inode d = to.dir(); ; d = d.lookup("..")) {
                if (d == ip) {
                    return SysResult.err(Errno.EINVAL, "'" + oldPath + "' cannot move below itself");
                }
                if (d == root) {
                    break;
                }
            }
        } else if (there != null && there.isDirectory()) {
            return SysResult.err(Errno.EISDIR, "'" + newPath + "' is a directory");
        }
        if (there == null) {
            SysResult<Void> added = to.dir().addEntry(disk, to.name(), ip);
            if (!added.isOk()) {
                return added;
            }
        } else {
            to.dir().slots.set(to.dir().slotOf(to.name()), new Inode.Entry(to.name(), ip));
            if (there.isDirectory()) {
                to.dir().nlink--;
            }
            there.nlink--;
            free(there);
        }
        from.dir().slots.set(from.dir().slotOf(from.name()), null);
        if (ip.isDirectory() && from.dir() != to.dir()) {
            ip.slots.set(ip.slotOf(".."), new Inode.Entry("..", to.dir()));
            from.dir().nlink--;
            to.dir().nlink++;
        }
        return SysResult.done();
    }

    private static boolean isDots(String name) {
        return name.equals(".") || name.equals("..");
    }

    /**
     * The absolute path of a directory, from the ".." entries up (Linux's getcwd).
     *
     * @return the path; ENOENT for a directory that has been removed
     */
    public SysResult<String> pathOf(Inode dir) {
        List<String> names = new ArrayList<>();
        Inode at = dir;
        for (int depth = 0; at != root; depth++) {
            Inode parent = at.isDirectory() ? at.lookup("..") : null;
            if (at.freed || at.nlink == 0 || parent == null || depth > limits.inodes()) {
                return SysResult.err(Errno.ENOENT, at + " has been removed");
            }
            String name = null;
            for (Inode.Entry e : parent.slots) {
                if (e != null && e.inode() == at && !e.name().equals(".") && !e.name().equals("..")) {
                    name = e.name();
                    break;
                }
            }
            if (name == null) {
                return SysResult.err(Errno.ENOENT, at + " is in no directory");
            }
            names.addFirst(name);
            at = parent;
        }
        return SysResult.ok("/" + String.join("/", names));
    }

    /** An inode's metadata, as fstat reports it. */
    public Stat stat(Inode ip) {
        return ip.stat(limits.blockSize());
    }

    /** A directory's entries in slot order, "." and ".." first; free slots left out. */
    public List<Inode.Entry> entries(Inode dir) {
        if (!dir.isDirectory()) {
            throw new IllegalArgumentException(dir + " is not a directory");
        }
        List<Inode.Entry> out = new ArrayList<>();
        for (Inode.Entry e : dir.slots) {
            if (e != null) {
                out.add(e);
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- data

    /** Reads a file's bytes from {@code offset} into the buffer; see {@link IoResult}. */
    public IoResult read(Inode ip, long offset, IoBuffer dst) {
        if (ip.type() != FileType.FILE) {
            throw new IllegalArgumentException(ip + " has no file data");
        }
        return ip.read(offset, dst);
    }

    /** Writes the buffer's bytes into a file at {@code offset}; see {@link Inode} for where it stops. */
    public IoResult write(Inode ip, long offset, IoBuffer src) {
        if (ip.type() != FileType.FILE) {
            throw new IllegalArgumentException(ip + " has no file data");
        }
        return ip.write(disk, offset, src);
    }

    /** Sets a file's length (O_TRUNC, ftruncate); see {@link Inode}. */
    public SysResult<Void> truncate(Inode ip, long length) {
        if (ip.type() != FileType.FILE) {
            return SysResult.err(Errno.EINVAL, ip + " is not a file");
        }
        return ip.truncate(disk, length);
    }

    /** A copy of a file's bytes (for exec). */
    public byte[] contents(Inode ip) {
        if (ip.type() != FileType.FILE) {
            throw new IllegalArgumentException(ip + " has no file data");
        }
        return ip.contents();
    }

    // ---------------------------------------------------------------- holders

    /** Holds an inode: it survives its last unlink until released. */
    public void retain(Inode ip) {
        if (ip.freed) {
            throw new IllegalStateException(ip + " has been freed");
        }
        ip.refs++;
    }

    /** Lets go of an inode; one with no links left is freed. */
    public void release(Inode ip) {
        if (ip.refs <= 0) {
            throw new IllegalStateException(ip + " is not held");
        }
        ip.refs--;
        free(ip);
    }

    /** Frees the inode if nothing names or holds it (xv6's iput). */
    private void free(Inode ip) {
        if (ip.nlink > 0 || ip.refs > 0 || ip.freed) {
            return;
        }
        disk.freeBlocks(ip.dataBlocks + ip.indirectBlocks);
        ip.dataBlocks = 0;
        ip.indirectBlocks = 0;
        ip.content = new byte[0];
        ip.size = 0;
        if (ip.slots != null) {
            ip.slots.clear();
        }
        ip.freed = true;
        inodes.remove(ip.inum());
        disk.freeInode(ip.inum());
    }

    // ---------------------------------------------------------------- checks

    /**
     * Every rule the structure keeps, checked: each block and inode number accounted for,
     * link counts equal to the names and subdirectories, "." and ".." pointing right, sizes
     * within blocks.
     *
     * @return the violations, empty if none
     */
    public List<String> checkInvariants() {
        List<String> problems = new ArrayList<>();
        long used = 0;
        Map<Inode, Integer> names = new HashMap<>();
        Map<Inode, Integer> subdirs = new HashMap<>();
        for (Inode ip : inodes.values()) {
            used += ip.blocks();
            if (!disk.inodeInUse(ip.inum()) || ip.freed) {
                problems.add(ip + " is live but its number is free");
            }
            if (ip.dataBlocks < limits.dataBlocksFor(ip.size) || ip.indirectBlocks < limits.indirectBlocksFor(ip.dataBlocks)) {
                problems.add(ip + " holds " + ip.size + " bytes in " + ip.dataBlocks + "+" + ip.indirectBlocks + " blocks");
            }
            if (ip.nlink == 0 && ip.refs == 0) {
                problems.add(ip + " has no links and no holder but was not freed");
            }
            if (!ip.isDirectory()) {
                continue;
            }
            if (ip.slots.size() < 2 || ip.slots.get(0) == null || ip.slots.get(0).inode() != ip
                    || ip.slots.get(1) == null || !ip.slots.get(1).name().equals("..")) {
                problems.add(ip + " lacks its \".\" and \"..\"");
            } else if (ip.nlink > 0) {
                subdirs.merge(ip.slots.get(1).inode(), ip == root ? 0 : 1, Integer::sum);
            }
            if (ip.size != (long) ip.slots.size() * Limits.DIRENT_SIZE) {
                problems.add(ip + " has size " + ip.size + " for " + ip.slots.size() + " slots");
            }
            for (int i = 2; i < ip.slots.size(); i++) {
                Inode.Entry e = ip.slots.get(i);
                if (e != null) {
                    names.merge(e.inode(), 1, Integer::sum);
                    if (e.inode().freed) {
                        problems.add(ip + " names freed " + e.inode() + " as '" + e.name() + "'");
                    }
                }
            }
        }
        for (Inode ip : inodes.values()) {
            int expected = ip.isDirectory() ? (ip.nlink == 0 ? 0 : 1) + subdirs.getOrDefault(ip, 0)
                    : names.getOrDefault(ip, 0);
            if (ip.isDirectory() && ip != root && ip.nlink > 0 && names.getOrDefault(ip, 0) != 1) {
                problems.add(ip + " is named " + names.getOrDefault(ip, 0) + " times");
            }
            if (ip.nlink != expected) {
                problems.add(ip + " has nlink " + ip.nlink + ", expected " + expected);
            }
        }
        if (used + disk.freeBlocks() != limits.dataBlocks()) {
            problems.add(used + " blocks used and " + disk.freeBlocks() + " free, of " + limits.dataBlocks());
        }
        if (disk.freeInodes() != limits.inodes() - 1 - inodes.size()) {
            problems.add(disk.freeInodes() + " inodes free with " + inodes.size() + " live, of " + limits.inodes());
        }
        return problems;
    }

    // ---------------------------------------------------------------- walking

    /** A parent directory and the last name of a path (null for a path that names no entry, as "/"). */
    private record Parent(Inode dir, String name, boolean trailingSlash) {
    }

    private SysResult<Parent> parent(Inode cwd, String path, Dialect dialect) {
        Path p = Path.parse(path, dialect, limits);
        if (p.problem() != null) {
            return p.problem().asFailure();
        }
        int n = p.parts().size();
        Inode start = p.absolute() ? root : cwd;
        if (n == 0) {
            if (!p.absolute()) {
                return SysResult.err(Errno.ENOENT, "the empty path names no entry");
            }
            return SysResult.ok(new Parent(root, null, false));
        }
        SysResult<Inode> dir = walk(start, p.parts(), n - 1, path);
        if (!dir.isOk()) {
            return dir.asFailure();
        }
        Inode d = dir.orElseThrow();
        if (!d.isDirectory()) {
            return SysResult.err(Errno.ENOTDIR, "a component of '" + path + "' is not a directory");
        }
        if (d.nlink == 0) {
            return SysResult.err(Errno.ENOENT, "the directory of '" + path + "' has been removed");
        }
        return SysResult.ok(new Parent(d, p.parts().get(n - 1), p.trailingSlash()));
    }

    /** Follows the first {@code count} components from {@code start}. */
    private SysResult<Inode> walk(Inode start, List<String> parts, int count, String path) {
        Inode at = start;
        for (int i = 0; i < count; i++) {
            if (!at.isDirectory()) {
                return SysResult.err(Errno.ENOTDIR, "'" + String.join("/", parts.subList(0, i))
                        + "' in '" + path + "' is not a directory");
            }
            Inode next = at.lookup(parts.get(i));
            if (next == null) {
                return SysResult.err(Errno.ENOENT, "'" + path + "': no entry '" + parts.get(i) + "'");
            }
            at = next;
        }
        return SysResult.ok(at);
    }

    /** A path split into names under a dialect's rules, or the problem with it. */
    private record Path(boolean absolute, List<String> parts, boolean trailingSlash, SysResult<Void> problem) {
        static Path parse(String path, Dialect dialect, Limits limits) {
            if (path.length() + 1 > limits.pathMax()) {
                return failed(Errno.ENAMETOOLONG, "a path of " + path.length() + " bytes; at most "
                        + (limits.pathMax() - 1) + " fit");
            }
            if (path.isEmpty() && dialect == Dialect.LINUX) {
                return failed(Errno.ENOENT, "the empty path");
            }
            List<String> parts = new ArrayList<>();
            for (String part : path.split("/")) {
                if (part.isEmpty()) {
                    continue;
                }
                if (part.length() > limits.nameMax()) {
                    if (dialect == Dialect.LINUX) {
                        return failed(Errno.ENAMETOOLONG, "the name '" + part + "' has " + part.length()
                                + " bytes; at most " + limits.nameMax() + " fit");
                    }
                    part = part.substring(0, limits.nameMax());
                }
                parts.add(part);
            }
            return new Path(path.startsWith("/"), parts, path.length() > 1 && path.endsWith("/"), null);
        }

        private static Path failed(Errno errno, String message) {
            return new Path(false, List.of(), false, SysResult.err(errno, message));
        }
    }
}
