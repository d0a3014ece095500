package dev.cowvm.riscv.os;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Fills a file system from a host directory ({@code cowvm exec --root DIR}), as xv6's mkfs
 * builds its disk image: the host directory is only read, never written; everything is
 * copied in at once, so later writes by programs stay inside cowvm.
 *
 * <h2>What is copied, and what is skipped with a reason</h2>
 * <ul>
 *   <li>Regular files and directories, recursively, in byte order of their names (so inode
 *       numbers are the same on every run). A file linked twice on the host becomes two
 *       files.</li>
 *   <li>Skipped: symbolic links (the file system has none), fifos, sockets and devices;
 *       names longer than {@link Limits#nameMax()} bytes (xv6 would cut them, and two could
 *       collide); files larger than {@link Limits#maxFileSize()}; anything the disk has no
 *       room or no inode left for; anything the host will not let us read.</li>
 * </ul>
 * Names are taken as the bytes the host uses (UTF-8), one character per byte inside
 * cowvm. As mkfs does, the root directory's size is rounded up to a whole block, so
 * {@code ls} shows the same sizes as on xv6.
 */
public final class HostImport {
    private final FileSystem fs;
    private final List<String> skipped = new ArrayList<>();
    private int files;
    private int directories;
    private long bytes;

    private HostImport(FileSystem fs) {
        this.fs = fs;
    }

    /**
     * What an import did.
     *
     * @param files       regular files copied
     * @param directories directories made
     * @param bytes       bytes of file data copied
     * @param skipped     one line per thing not copied: its host path and why
     */
    public record Report(int files, int directories, long bytes, List<String> skipped) {
        public Report {
            skipped = List.copyOf(skipped);
        }
    }

    /**
     * Copies the contents of {@code hostDir} into the root of {@code fs}.
     *
     * @param fs      a file system, usually new
     * @param hostDir the host directory
     * @return what was copied and skipped; a host directory that cannot be read at all is
     *         reported as skipped, not thrown
     */
    public static Report fill(FileSystem fs, Path hostDir) {
        HostImport run = new HostImport(fs);
        if (!Files.isDirectory(hostDir, LinkOption.NOFOLLOW_LINKS)) {
            run.skipped.add(hostDir + ": not a directory");
        } else {
            run.copyDirectory(hostDir, fs.root(), "/");
        }
        run.padRoot();
        return new Report(run.files, run.directories, run.bytes, run.skipped);
    }

    private void copyDirectory(Path host, Inode dir, String guestPath) {
        List<Path> children = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(host)) {
            for (Path p : entries) {
                children.add(p);
            }
        } catch (IOException | SecurityException e) {
            skipped.add(host + ": cannot be listed: " + e.getMessage());
            return;
        }
        children.sort(Comparator.comparing(HostImport::nameBytes, Arrays::compareUnsigned));
        for (Path child : children) {
            copy(child, dir, guestPath);
        }
    }

    private void copy(Path host, Inode dir, String guestDir) {
        String name = new String(nameBytes(host), StandardCharsets.ISO_8859_1);
        Limits limits = fs.limits();
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(host, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException | SecurityException e) {
            skipped.add(host + ": cannot be read: " + e.getMessage());
            return;
        }
        if (attributes.isSymbolicLink()) {
            skipped.add(host + ": a symbolic link; the file system has none");
            return;
        }
        if (!attributes.isRegularFile() && !attributes.isDirectory()) {
            skipped.add(host + ": not a regular file or a directory");
            return;
        }
        if (name.length() > limits.nameMax()) {
            skipped.add(host + ": its name has " + name.length() + " bytes; at most " + limits.nameMax() + " fit");
            return;
        }
        String guestPath = guestDir + name;
        if (attributes.isDirectory()) {
            SysResult<Inode> made = fs.create(dir, name, FileType.DIRECTORY, 0, 0, Dialect.XV6);
            if (!made.isOk()) {
                skipped.add(host + ": " + made.message());
                return;
            }
            directories++;
            copyDirectory(host, made.orElseThrow(), guestPath + "/");
            return;
        }
        if (attributes.size() > limits.maxFileSize()) {
            skipped.add(host + ": " + attributes.size() + " bytes; the largest file holds " + limits.maxFileSize());
            return;
        }
        byte[] data;
        try {
            data = Files.readAllBytes(host);
        } catch (IOException | SecurityException e) {
            skipped.add(host + ": cannot be read: " + e.getMessage());
            return;
        }
        if (data.length > limits.maxFileSize()) {
            skipped.add(host + ": " + data.length + " bytes; the largest file holds " + limits.maxFileSize());
            return;
        }
        SysResult<Inode> made = fs.create(dir, name, FileType.FILE, 0, 0, Dialect.XV6);
        if (!made.isOk()) {
            skipped.add(host + ": " + made.message());
            return;
        }
        IoResult written = fs.write(made.orElseThrow(), 0, IoBuffer.of(data));
        if (!(written instanceof IoResult.Done)) {
            fs.unlink(dir, name, FileSystem.Unlink.ANY, Dialect.XV6);
            skipped.add(host + ": " + data.length + " bytes do not fit on the disk ("
                    + ((IoResult.Failed) written).message() + ")");
            return;
        }
        files++;
        bytes += data.length;
    }

    /** mkfs rounds the root directory's size up to a whole block with free slots. */
    private void padRoot() {
        Inode root = fs.root();
        int perBlock = fs.limits().blockSize() / Limits.DIRENT_SIZE;
        while (root.slots.size() % perBlock != 0) {
            root.slots.add(null);
        }
        root.size = (long) root.slots.size() * Limits.DIRENT_SIZE;
    }

    private static byte[] nameBytes(Path p) {
        Path name = p.getFileName();
        return name == null ? new byte[0] : name.toString().getBytes(StandardCharsets.UTF_8);
    }
}
