package dev.cowvm.riscv.os;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Names, links and directories, as xv6's fs.c and sysfile.c treat them. */
class FileSystemTest {
    private final FileSystem fs = new FileSystem(Limits.xv6());
    private final Inode root = fs.root();

    @AfterEach
    void invariantsHold() {
        assertThat(fs.checkInvariants()).isEmpty();
    }

    private Inode mkdir(String path) {
        return fs.create(root, path, FileType.DIRECTORY, 0, 0, Dialect.XV6).orElseThrow();
    }

    private Inode file(String path) {
        return fs.create(root, path, FileType.FILE, 0, 0, Dialect.XV6).orElseThrow();
    }

    private SysResult<Inode> lookup(String path) {
        return fs.lookup(root, path, Dialect.XV6);
    }

    private static List<String> names(FileSystem fs, Inode dir) {
        return fs.entries(dir).stream().map(Inode.Entry::name).toList();
    }

    @Test
    void aNewFileSystemHasARootWithDotAndDotDot() {
        assertThat(root.inum()).isEqualTo(FileSystem.ROOT_INUM);
        assertThat(root.nlink()).isEqualTo(1);
        assertThat(names(fs, root)).containsExactly(".", "..");
        assertThat(lookup("/..").orElseThrow()).isSameAs(root);
        assertThat(root.size()).isEqualTo(32);
        assertThat(fs.freeBlocks()).isEqualTo(1954 - 1);
        assertThat(fs.freeInodes()).isEqualTo(198);
    }

    @Test
    void mkdirLinksDotDotAndCountsItInTheParent() {
        Inode a = mkdir("a");
        Inode b = mkdir("/a/b");
        assertThat(a.nlink()).as("1 + one subdirectory").isEqualTo(2);
        assertThat(b.nlink()).isEqualTo(1);
        assertThat(root.nlink()).isEqualTo(2);
        assertThat(lookup("a/b/..").orElseThrow()).isSameAs(a);
        assertThat(lookup("a/b/../../a/./b").orElseThrow()).isSameAs(b);
        assertThat(lookup("//a///b//").orElseThrow()).as("repeated and trailing slashes").isSameAs(b);
        assertThat(fs.create(root, "a", FileType.DIRECTORY, 0, 0, Dialect.XV6).errno()).isEqualTo(Errno.EEXIST);
        assertThat(fs.create(root, "x/y", FileType.DIRECTORY, 0, 0, Dialect.XV6).errno()).isEqualTo(Errno.ENOENT);
        file("f");
        assertThat(fs.create(root, "f/y", FileType.DIRECTORY, 0, 0, Dialect.XV6).errno()).isEqualTo(Errno.ENOTDIR);
        assertThat(lookup("f/y").errno()).isEqualTo(Errno.ENOTDIR);
        assertThat(lookup("a/nothing").errno()).isEqualTo(Errno.ENOENT);
        assertThat(fs.lookup(a, "b", Dialect.XV6).orElseThrow()).as("relative to a directory").isSameAs(b);
    }

    @Test
    void inodeNumbersAreTheLowestFreeAndReused() {
        assertThat(file("x").inum()).isEqualTo(2);
        assertThat(file("y").inum()).isEqualTo(3);
        fs.unlink(root, "x", FileSystem.Unlink.ANY, Dialect.XV6).orElseThrow();
        assertThat(file("z").inum()).isEqualTo(2);
    }

    @Test
    void xv6CutsLongNamesToFourteenBytesAsUsertestsFourteenChecks() {
        mkdir("12345678901234");
        mkdir("12345678901234/123456789012345");
        assertThat(lookup("12345678901234/12345678901234")).matches(SysResult::isOk);
        Inode made = fs.createOrOpen(root, "123456789012345/123456789012345/123456789012345", false, Dialect.XV6)
                .orElseThrow();
        assertThat(lookup("12345678901234/12345678901234/12345678901234").orElseThrow()).isSameAs(made);
        assertThat(fs.create(root, "12345678901234/12345678901234", FileType.DIRECTORY, 0, 0, Dialect.XV6).errno())
                .isEqualTo(Errno.EEXIST);
        assertThat(fs.create(root, "123456789012345/12345678901234", FileType.DIRECTORY, 0, 0, Dialect.XV6).errno())
                .isEqualTo(Errno.EEXIST);
    }

    @Test
    void linuxRefusesLongNamesEmptyPathsAndFilesWithATrailingSlash() {
        file("f");
        assertThat(fs.lookup(root, "x".repeat(15), Dialect.LINUX).errno()).isEqualTo(Errno.ENAMETOOLONG);
        assertThat(fs.lookup(root, "", Dialect.LINUX).errno()).isEqualTo(Errno.ENOENT);
        assertThat(fs.lookup(root, "", Dialect.XV6).orElseThrow()).as("xv6: the working directory").isSameAs(root);
        assertThat(fs.lookup(root, "f/", Dialect.LINUX).errno()).isEqualTo(Errno.ENOTDIR);
        assertThat(fs.lookup(root, "f/", Dialect.XV6).isOk()).isTrue();
        assertThat(fs.createOrOpen(root, "g/", false, Dialect.LINUX).errno()).isEqualTo(Errno.EISDIR);
        assertThat(fs.create(root, "g/", FileType.FILE, 0, 0, Dialect.LINUX).errno()).isEqualTo(Errno.EISDIR);
        assertThat(fs.create(root, "d/", FileType.DIRECTORY, 0, 0, Dialect.LINUX).isOk()).isTrue();
    }

    @Test
    void pathsOfMaxpathBytesOrMoreAreTooLong() {
        String path = "/" + "a/".repeat(63);
        assertThat(path.length()).isEqualTo(127);
        assertThat(fs.lookup(root, path, Dialect.XV6).errno()).isEqualTo(Errno.ENOENT);
        assertThat(fs.lookup(root, path + "a", Dialect.XV6).errno()).isEqualTo(Errno.ENAMETOOLONG);
    }

    @Test
    void theEmptyPathOrTheRootNamesNoEntryToCreateOrRemove() {
        assertThat(fs.create(root, "", FileType.DIRECTORY, 0, 0, Dialect.XV6).errno()).isEqualTo(Errno.ENOENT);
        assertThat(fs.create(root, "/", FileType.DIRECTORY, 0, 0, Dialect.XV6).errno()).isEqualTo(Errno.EEXIST);
        assertThat(fs.unlink(root, "/", FileSystem.Unlink.ANY, Dialect.XV6).errno()).isEqualTo(Errno.EBUSY);
        assertThat(fs.link(root, "/", "x", Dialect.XV6).errno()).isEqualTo(Errno.EPERM);
    }

    @Test
    void linksCountNamesAndCannotNameADirectory() {
        Inode f = file("f");
        mkdir("d");
        fs.link(root, "f", "d/g", Dialect.XV6).orElseThrow();
        assertThat(f.nlink()).isEqualTo(2);
        assertThat(lookup("d/g").orElseThrow()).isSameAs(f);
        assertThat(fs.link(root, "f", "d/g", Dialect.XV6).errno()).isEqualTo(Errno.EEXIST);
        assertThat(fs.link(root, "d", "e", Dialect.XV6).errno()).isEqualTo(Errno.EPERM);
        assertThat(fs.link(root, "nothing", "e", Dialect.XV6).errno()).isEqualTo(Errno.ENOENT);
        assertThat(fs.link(root, "f", "nothing/e", Dialect.XV6).errno()).isEqualTo(Errno.ENOENT);
        assertThat(fs.link(root, "f", "f/e", Dialect.XV6).errno()).isEqualTo(Errno.ENOTDIR);
        fs.unlink(root, "f", FileSystem.Unlink.ANY, Dialect.XV6).orElseThrow();
        assertThat(f.nlink()).isEqualTo(1);
        assertThat(f.isFreed()).isFalse();
        fs.unlink(root, "d/g", FileSystem.Unlink.ANY, Dialect.XV6).orElseThrow();
        assertThat(f.isFreed()).isTrue();
    }

    @Test
    void unlinkFollowsXv6sRules() {
        mkdir("d");
        file("d/f");
        assertThat(fs.unlink(root, "d", FileSystem.Unlink.ANY, Dialect.XV6).errno()).isEqualTo(Errno.ENOTEMPTY);
        assertThat(fs.unlink(root, "d/.", FileSystem.Unlink.ANY, Dialect.XV6).errno()).isEqualTo(Errno.EINVAL);
        assertThat(fs.unlink(root, "d/..", FileSystem.Unlink.ANY, Dialect.XV6).errno()).isEqualTo(Errno.EINVAL);
        assertThat(fs.unlink(root, "d/nothing", FileSystem.Unlink.ANY, Dialect.XV6).errno()).isEqualTo(Errno.ENOENT);
        assertThat(fs.unlink(root, "d", FileSystem.Unlink.NOT_DIRECTORY, Dialect.LINUX).errno())
                .isEqualTo(Errno.EISDIR);
        assertThat(fs.unlink(root, "d/f", FileSystem.Unlink.DIRECTORY, Dialect.LINUX).errno())
                .isEqualTo(Errno.ENOTDIR);
        assertThat(fs.unlink(root, "d/f/", FileSystem.Unlink.ANY, Dialect.LINUX).errno()).isEqualTo(Errno.ENOTDIR);
        fs.unlink(root, "d/f", FileSystem.Unlink.ANY, Dialect.XV6).orElseThrow();
        assertThat(root.nlink()).isEqualTo(2);
        fs.unlink(root, "d", FileSystem.Unlink.DIRECTORY, Dialect.LINUX).orElseThrow();
        assertThat(root.nlink()).as("the removed directory's .. is gone").isEqualTo(1);
        assertThat(lookup("d").errno()).isEqualTo(Errno.ENOENT);
    }

    @Test
    void anUnlinkedFileHeldOpenKeepsItsDataAndBlocksUntilReleased() {
        Inode f = file("f");
        fs.write(f, 0, IoBuffer.of(new byte[3000])).count();
        long free = fs.freeBlocks();
        fs.retain(f);
        fs.unlink(root, "f", FileSystem.Unlink.ANY, Dialect.XV6).orElseThrow();
        assertThat(f.isFreed()).isFalse();
        assertThat(fs.freeBlocks()).isEqualTo(free);
        assertThat(fs.read(f, 0, IoBuffer.of(new byte[4000]))).isEqualTo(new IoResult.Done(3000));
        fs.release(f);
        assertThat(f.isFreed()).isTrue();
        assertThat(fs.freeBlocks()).isEqualTo(free + 3);
        assertThat(fs.inode(f.inum())).isEmpty();
    }

    @Test
    void aRemovedDirectoryHeldAsWorkingDirectoryTakesNoNewEntries() {
        Inode d = mkdir("d");
        fs.retain(d);
        fs.unlink(root, "d", FileSystem.Unlink.ANY, Dialect.XV6).orElseThrow();
        assertThat(fs.create(d, "x", FileType.FILE, 0, 0, Dialect.XV6).errno()).isEqualTo(Errno.ENOENT);
        assertThat(fs.pathOf(d).errno()).isEqualTo(Errno.ENOENT);
        fs.release(d);
        assertThat(d.isFreed()).isTrue();
    }

    @Test
    void aFreedSlotIsReusedBeforeTheDirectoryGrows() {
        file("a");
        file("b");
        file("c");
        long size = root.size();
        fs.unlink(root, "b", FileSystem.Unlink.ANY, Dialect.XV6).orElseThrow();
        assertThat(root.size()).as("unlink leaves the slot").isEqualTo(size);
        file("d");
        assertThat(names(fs, root)).containsExactly(".", "..", "a", "d", "c");
        assertThat(root.size()).isEqualTo(size);
    }

    @Test
    void aDirectoryReadsAsSixteenByteEntries() {
        file("abc");
        file("12345678901234");
        byte[] bytes = root.direntBytes(0, (int) root.size());
        assertThat(bytes).hasSize(4 * 16);
        assertThat(bytes[0]).isEqualTo((byte) 1);
        assertThat(Fixture.text(bytes, 16).substring(2, 3)).isEqualTo(".");
        assertThat(bytes[16 * 2]).isEqualTo((byte) 2);
        assertThat(Fixture.text(bytes, 64).substring(34, 37)).isEqualTo("abc");
        assertThat(bytes[34 + 3]).isZero();
        assertThat(Fixture.text(bytes, 64).substring(50, 64)).as("14 bytes, no terminator").isEqualTo("12345678901234");
        fs.unlink(root, "abc", FileSystem.Unlink.ANY, Dialect.XV6).orElseThrow();
        assertThat(root.direntBytes(32, 16)).as("a free slot is inum 0").containsOnly(0);
    }

    @Test
    void devicesKeepTheirNumbers() {
        Inode console = fs.create(root, "console", FileType.DEVICE, Console.MAJOR, 0, Dialect.XV6).orElseThrow();
        assertThat(console.major()).isEqualTo(1);
        assertThat(console.size()).isZero();
        assertThat(fs.createOrOpen(root, "console", false, Dialect.XV6).orElseThrow())
                .as("open with O_CREATE opens an existing device").isSameAs(console);
        assertThat(fs.createOrOpen(root, "console", true, Dialect.LINUX).errno()).isEqualTo(Errno.EEXIST);
    }

    @Test
    void aDirectoryKnowsItsPath() {
        mkdir("a");
        mkdir("a/b");
        Inode c = mkdir("a/b/c");
        assertThat(fs.pathOf(c).orElseThrow()).isEqualTo("/a/b/c");
        assertThat(fs.pathOf(root).orElseThrow()).isEqualTo("/");
    }

    @Test
    void statsReportXv6sTypesNumbersAndLinks() {
        Inode f = file("f");
        fs.write(f, 0, IoBuffer.of(new byte[10]));
        Stat s = fs.stat(f);
        assertThat(s).isEqualTo(new Stat(1, 2, FileType.FILE, 1, 10, 0, 0, 1, 1024, 0755));
        assertThat(fs.stat(root).type().xv6Code()).isEqualTo(1);
    }

    @Test
    void truncateGrowsWithinABlockAndShrinksBackToZeros() {
        // A block holds 1024 bytes: 10 -> 200 needs no new block, but the bytes need room.
        Inode f = file("f");
        byte[] ten = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        fs.write(f, 0, IoBuffer.of(ten));
        fs.truncate(f, 200).orElseThrow();
        byte[] back = new byte[300];
        assertThat(fs.read(f, 0, IoBuffer.of(back))).isEqualTo(new IoResult.Done(200));
        byte[] expected = new byte[300];
        System.arraycopy(ten, 0, expected, 0, 10);
        assertThat(back).isEqualTo(expected);
        fs.truncate(f, 5).orElseThrow();
        fs.truncate(f, 150).orElseThrow();
        back = new byte[150];
        fs.read(f, 0, IoBuffer.of(back));
        assertThat(back[4]).isEqualTo((byte) 5);
        assertThat(back[5]).as("bytes cut off by a truncate read back as zeros").isZero();
        fs.truncate(f, 0).orElseThrow();
        assertThat(fs.stat(f).size()).isZero();
    }

    @Test
    void lookupsOfAFreedInodeThrowAsMisuse() {
        Inode f = file("f");
        fs.unlink(root, "f", FileSystem.Unlink.ANY, Dialect.XV6).orElseThrow();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> fs.retain(f))
                .isInstanceOf(IllegalStateException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> fs.release(root))
                .isInstanceOf(IllegalStateException.class);
    }

    private SysResult<Void> rename(String from, String to, boolean replace) {
        return fs.rename(root, from, root, to, replace, Dialect.LINUX);
    }

    @Test
    void renameMovesAFileAndReplacesWhatWasThereAsOneStep() {
        Inode a = file("a");
        Inode b = file("b");
        mkdir("d");
        assertThat(rename("a", "d/a2", true).isOk()).isTrue();
        assertThat(lookup("a").errno()).isEqualTo(Errno.ENOENT);
        assertThat(lookup("d/a2").orElseThrow()).isSameAs(a);
        assertThat(a.nlink()).isEqualTo(1);
        assertThat(rename("d/a2", "b", false).errno()).as("RENAME_NOREPLACE").isEqualTo(Errno.EEXIST);
        assertThat(rename("d/a2", "b", true).isOk()).isTrue();
        assertThat(lookup("b").orElseThrow()).isSameAs(a);
        assertThat(b.isFreed()).as("the replaced file had no other name").isTrue();
        assertThat(rename("nothing", "x", true).errno()).isEqualTo(Errno.ENOENT);
        assertThat(rename("b", "d", true).errno()).as("a file over a directory").isEqualTo(Errno.EISDIR);
        assertThat(rename("d", "b", true).errno()).as("a directory over a file").isEqualTo(Errno.ENOTDIR);
        assertThat(rename("b", "b", true).isOk()).as("a name onto itself").isTrue();
    }

    @Test
    void renameMovesADirectoryWithItsDotDotButNeverBelowItself() {
        Inode a = mkdir("a");
        Inode b = mkdir("b");
        Inode c = mkdir("a/c");
        file("a/c/f");
        assertThat(rename("a/c", "b/c", true).isOk()).isTrue();
        assertThat(lookup("b/c/..").orElseThrow()).isSameAs(b);
        assertThat(fs.pathOf(c).orElseThrow()).isEqualTo("/b/c");
        assertThat(a.nlink()).isEqualTo(1);
        assertThat(b.nlink()).isEqualTo(2);
        assertThat(rename("b", "b/c/below", true).errno()).isEqualTo(Errno.EINVAL);
        mkdir("e");
        assertThat(rename("e", "b/c", true).errno()).as("over a directory that is not empty")
                .isEqualTo(Errno.ENOTEMPTY);
        assertThat(rename("b/c", "e", true).isOk()).as("over an empty directory").isTrue();
        assertThat(lookup("e/f").isOk()).isTrue();
        assertThat(b.nlink()).isEqualTo(1);
        assertThat(rename("/", "x", true).errno()).isEqualTo(Errno.EBUSY);
        assertThat(rename("e/..", "x", true).errno()).isEqualTo(Errno.EINVAL);
    }
}
