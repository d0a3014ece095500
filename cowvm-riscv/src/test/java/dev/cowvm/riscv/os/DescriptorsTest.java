package dev.cowvm.riscv.os;

import static dev.cowvm.riscv.os.Fixture.ascii;
import static dev.cowvm.riscv.os.Fixture.read;
import static dev.cowvm.riscv.os.Fixture.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Descriptors and open files: xv6's open flags and limits, dup, fork, close-on-exec, devices. */
class DescriptorsTest {
    private static final int CREATE_RW = OpenMode.XV6_O_CREATE | OpenMode.XV6_O_RDWR;
    private final Fixture m = Fixture.xv6();
    private final Descriptors d = m.process(Dialect.XV6);

    @AfterEach
    void invariantsHold() {
        m.checkInvariants();
    }

    private int open(String path, int xv6Flags) {
        return d.open(path, OpenMode.xv6(xv6Flags)).orElseThrow();
    }

    private static Errno errno(IoResult r) {
        return ((IoResult.Failed) r).errno();
    }

    @Test
    void xv6sOpenFlagsDecodeAsItsSysOpenDoes() {
        assertThat(OpenMode.xv6(0)).isEqualTo(OpenMode.READ);
        assertThat(OpenMode.xv6(OpenMode.XV6_O_WRONLY)).isEqualTo(OpenMode.WRITE);
        assertThat(OpenMode.xv6(OpenMode.XV6_O_RDWR)).isEqualTo(OpenMode.READ_WRITE);
        OpenMode both = OpenMode.xv6(OpenMode.XV6_O_RDWR | OpenMode.XV6_O_WRONLY);
        assertThat(both.read()).as("O_WRONLY wins").isFalse();
        assertThat(both.write()).isTrue();
        OpenMode create = OpenMode.xv6(OpenMode.XV6_O_CREATE | OpenMode.XV6_O_TRUNC);
        assertThat(create.create()).isTrue();
        assertThat(create.truncate()).isTrue();
        assertThat(create.read()).isTrue();
    }

    @Test
    void linuxsOpenFlagsDecodeAndReportBack() {
        OpenMode m1 = OpenMode.linux(OpenMode.O_WRONLY | OpenMode.O_CREAT | OpenMode.O_EXCL | OpenMode.O_APPEND
                | OpenMode.O_CLOEXEC | OpenMode.O_NONBLOCK);
        assertThat(m1).isEqualTo(new OpenMode(false, true, true, false, true, true, false, true, true));
        assertThat(m1.linuxStatusFlags()).isEqualTo(OpenMode.O_WRONLY | OpenMode.O_APPEND | OpenMode.O_NONBLOCK);
        assertThat(OpenMode.linux(OpenMode.O_RDWR | OpenMode.O_DIRECTORY).directory()).isTrue();
        assertThat(OpenMode.linux(3).read()).isFalse();
        assertThat(OpenMode.linux(3).write()).isFalse();
        assertThat(OpenMode.linux(3).linuxStatusFlags()).isEqualTo(3);
        assertThat(OpenMode.READ.linuxStatusFlags()).isZero();
    }

    @Test
    void descriptorsAreTheLowestFreeUpToNofile() {
        assertThat(open("f", CREATE_RW)).isZero();
        assertThat(open("f", 0)).isEqualTo(1);
        d.close(0).orElseThrow();
        assertThat(open("f", 0)).isZero();
        for (int i = 2; i < 16; i++) {
            assertThat(open("f", 0)).isEqualTo(i);
        }
        SysResult<Integer> seventeenth = d.open("g", OpenMode.xv6(CREATE_RW));
        assertThat(seventeenth.errno()).isEqualTo(Errno.EMFILE);
        assertThat(d.lookup("g").errno()).as("nothing was created").isEqualTo(Errno.ENOENT);
        assertThat(d.dup(0).errno()).isEqualTo(Errno.EMFILE);
        assertThat(d.pipe(false).errno()).isEqualTo(Errno.EMFILE);
        assertThat(d.count()).isEqualTo(16);
        assertThat(d.limit()).isEqualTo(16);
    }

    @Test
    void theSystemHoldsAtMostNfileOpenFiles() {
        open("f", CREATE_RW);
        int opened = 1;
        SysResult<Integer> r = SysResult.ok(0);
        while (r.isOk()) {
            Descriptors other = m.process(Dialect.XV6);
            for (int i = 0; i < 16 && r.isOk(); i++) {
                r = other.open("f", OpenMode.READ);
                opened += r.isOk() ? 1 : 0;
            }
        }
        assertThat(r.errno()).isEqualTo(Errno.ENFILE);
        assertThat(opened).isEqualTo(100);
        assertThat(m.table.openFiles()).isEqualTo(100);
        assertThat(d.pipe(false).errno()).isEqualTo(Errno.ENFILE);
    }

    @Test
    void badDescriptorsAreEbadf() {
        assertThat(d.file(-1).errno()).isEqualTo(Errno.EBADF);
        assertThat(d.file(3).errno()).isEqualTo(Errno.EBADF);
        assertThat(d.file(16).errno()).isEqualTo(Errno.EBADF);
        assertThat(d.close(3).errno()).isEqualTo(Errno.EBADF);
        assertThat(d.dup(7).errno()).isEqualTo(Errno.EBADF);
        assertThat(d.closeOnExec(7).errno()).isEqualTo(Errno.EBADF);
    }

    @Test
    void aFileOpenedForOneDirectionRefusesTheOther() {
        int w = open("f", OpenMode.XV6_O_CREATE | OpenMode.XV6_O_WRONLY);
        assertThat(errno(d.file(w).orElseThrow().read(IoBuffer.of(new byte[1])))).isEqualTo(Errno.EBADF);
        write(d, w, "data");
        int r = open("f", 0);
        assertThat(errno(d.file(r).orElseThrow().write(IoBuffer.of(ascii("x"))))).isEqualTo(Errno.EBADF);
        assertThat(read(d, r, 10)).isEqualTo("data");
    }

    @Test
    void truncateEmptiesAFileAndCreateOpensAnExistingOne() {
        int fd = open("f", CREATE_RW);
        write(d, fd, "0123456789");
        int again = open("f", OpenMode.XV6_O_CREATE | OpenMode.XV6_O_RDWR);
        assertThat(read(d, again, 20)).as("O_CREATE alone keeps the data").isEqualTo("0123456789");
        open("f", OpenMode.XV6_O_TRUNC);
        assertThat(m.fs.lookup(m.fs.root(), "f", Dialect.XV6).orElseThrow().size()).isZero();
    }

    @Test
    void directoriesOpenOnlyForReading() {
        d.mkdir("dir").orElseThrow();
        assertThat(d.open("dir", OpenMode.xv6(OpenMode.XV6_O_RDWR)).errno()).isEqualTo(Errno.EISDIR);
        assertThat(d.open("dir", OpenMode.xv6(OpenMode.XV6_O_CREATE)).errno()).isEqualTo(Errno.EISDIR);
        assertThat(d.open("dir", OpenMode.xv6(OpenMode.XV6_O_TRUNC)).errno()).isEqualTo(Errno.EISDIR);
        assertThat(d.open(".", OpenMode.READ).isOk()).isTrue();
        assertThat(d.open("nothing", OpenMode.READ).errno()).isEqualTo(Errno.ENOENT);
        assertThat(m.process(Dialect.LINUX).open("dir", OpenMode.linux(OpenMode.O_DIRECTORY)).isOk()).isTrue();
        d.open("file", OpenMode.xv6(CREATE_RW)).orElseThrow();
        assertThat(m.process(Dialect.LINUX).open("file", OpenMode.linux(OpenMode.O_DIRECTORY)).errno())
                .isEqualTo(Errno.ENOTDIR);
    }

    @Test
    void aDirectoryReadsAsEntriesForXv6AndIsEisdirForLinux() {
        d.mkdir("sub").orElseThrow();
        int fd = open(".", 0);
        byte[] entry = new byte[16];
        assertThat(d.file(fd).orElseThrow().read(IoBuffer.of(entry))).isEqualTo(new IoResult.Done(16));
        assertThat(entry[0]).isEqualTo((byte) 1);
        assertThat((char) entry[2]).isEqualTo('.');
        d.file(fd).orElseThrow().read(IoBuffer.of(entry));
        d.file(fd).orElseThrow().read(IoBuffer.of(entry));
        assertThat(new String(entry, 2, 3, StandardCharsets.US_ASCII)).isEqualTo("sub");
        assertThat(entry[0]).isEqualTo((byte) 2);
        assertThat(d.file(fd).orElseThrow().read(IoBuffer.of(entry))).as("the end").isEqualTo(new IoResult.Done(0));

        Descriptors linux = m.process(Dialect.LINUX);
        int lfd = linux.open("/", OpenMode.READ).orElseThrow();
        assertThat(errno(linux.file(lfd).orElseThrow().read(IoBuffer.of(entry)))).isEqualTo(Errno.EISDIR);
    }

    @Test
    void getdents64ListsEntriesInLinuxsFormat() {
        Descriptors linux = m.process(Dialect.LINUX);
        linux.mkdir("sub").orElseThrow();
        linux.open("a-file", OpenMode.linux(OpenMode.O_CREAT | OpenMode.O_WRONLY)).orElseThrow();
        linux.unlink("sub", FileSystem.Unlink.DIRECTORY).orElseThrow();
        int fd = linux.open("/", OpenMode.linux(OpenMode.O_DIRECTORY)).orElseThrow();
        OpenFile dir = linux.file(fd).orElseThrow();
        assertThat(errno(dir.getdents64(IoBuffer.of(new byte[20])))).as("too small for one").isEqualTo(Errno.EINVAL);
        byte[] buf = new byte[256];
        IoResult r = dir.getdents64(IoBuffer.of(buf));
        ByteBuffer b = ByteBuffer.wrap(buf, 0, (int) r.count()).order(ByteOrder.LITTLE_ENDIAN);
        StringBuilder seen = new StringBuilder();
        while (b.hasRemaining()) {
            int at = b.position();
            long ino = b.getLong();
            long off = b.getLong();
            int reclen = b.getShort();
            int type = b.get();
            int end = at + 19;
            while (buf[end] != 0) {
                end++;
            }
            seen.append(new String(buf, at + 19, end - at - 19, StandardCharsets.US_ASCII)).append(':').append(ino)
                    .append(':').append(off).append(':').append(type).append(' ');
            assertThat(reclen % 8).isZero();
            b.position(at + reclen);
        }
        assertThat(seen.toString().trim()).isEqualTo(".:1:1:4 ..:1:2:4 a-file:3:4:8");
        assertThat(dir.getdents64(IoBuffer.of(buf))).as("the end").isEqualTo(new IoResult.Done(0));
        assertThat(dir.seek(0, 0).orElseThrow()).isZero();
        assertThat(dir.getdents64(IoBuffer.of(new byte[24])).count()).as("one at a time").isEqualTo(24);
        assertThat(linux.file(linux.open("a-file", OpenMode.READ).orElseThrow()).orElseThrow()
                .getdents64(IoBuffer.of(buf))).matches(x -> errno(x) == Errno.ENOTDIR);
    }

    @Test
    void dupAndForkShareTheOffsetAsUsertestsSharedfdNeeds() {
        int fd = open("shared", CREATE_RW);
        int copy = d.dup(fd).orElseThrow();
        Descriptors child = d.fork();
        write(d, fd, "aaaa");
        write(child, fd, "bbbb");
        write(d, copy, "cccc");
        assertThat(m.contents("shared")).isEqualTo("aaaabbbbcccc");
        assertThat(d.file(fd).orElseThrow().references()).as("two descriptors here, both copied by fork").isEqualTo(4);
        child.closeAll();
        assertThat(d.file(fd).orElseThrow().references()).isEqualTo(2);
        assertThat(((InodeFile) d.file(fd).orElseThrow()).offset()).isEqualTo(12);
    }

    @Test
    void theLastCloseOfAWriteEndIsEndOfFileForTheReader() {
        int[] p = d.pipe(false).orElseThrow();
        Descriptors child = d.fork();
        child.close(p[0]).orElseThrow();
        d.close(p[1]).orElseThrow();
        write(child, p[1], "from child");
        child.closeAll();
        assertThat(read(d, p[0], 100)).isEqualTo("from child");
        assertThat(read(d, p[0], 100)).isEmpty();
        d.closeAll();
        assertThat(m.table.openFiles()).isZero();
    }

    @Test
    void anUnlinkedOpenFileKeepsItsDataAsUsertestsUnlinkreadNeeds() {
        int fd = open("unlinkread", CREATE_RW);
        write(d, fd, "hello");
        d.close(fd).orElseThrow();
        fd = open("unlinkread", OpenMode.XV6_O_RDWR);
        d.unlink("unlinkread", FileSystem.Unlink.ANY).orElseThrow();
        int fd1 = open("unlinkread", CREATE_RW);
        write(d, fd1, "yyy");
        d.close(fd1).orElseThrow();
        assertThat(read(d, fd, 100)).isEqualTo("hello");
        write(d, fd, "0123456789");
        long free = m.fs.freeBlocks();
        d.close(fd).orElseThrow();
        assertThat(m.fs.freeBlocks()).as("the last close frees its block").isEqualTo(free + 1);
        assertThat(m.contents("unlinkread")).isEqualTo("yyy");
    }

    @Test
    void closeOnExecClosesAtExecOnly() {
        int keep = open("f", CREATE_RW);
        int fd = d.open("f", OpenMode.linux(OpenMode.O_CLOEXEC)).orElseThrow();
        assertThat(d.closeOnExec(fd).orElseThrow()).isTrue();
        assertThat(d.closeOnExec(keep).orElseThrow()).isFalse();
        int dup = d.dupFrom(fd, 5, false).orElseThrow();
        assertThat(dup).isEqualTo(5);
        assertThat(d.closeOnExec(dup).orElseThrow()).as("dup clears the flag").isFalse();
        d.setCloseOnExec(keep, true).orElseThrow();
        d.setCloseOnExec(keep, false).orElseThrow();
        Descriptors child = d.fork();
        assertThat(child.closeOnExec(fd).orElseThrow()).as("fork keeps it").isTrue();
        d.exec();
        assertThat(d.file(fd).errno()).isEqualTo(Errno.EBADF);
        assertThat(d.file(keep).isOk()).isTrue();
        assertThat(d.file(dup).isOk()).isTrue();
        assertThat(child.file(fd).isOk()).isTrue();
        assertThat(d.dupFrom(keep, 16, false).errno()).isEqualTo(Errno.EINVAL);
        child.closeAll();
    }

    @Test
    void dupToReplacesTheTarget() {
        int a = open("a", CREATE_RW);
        int b = open("b", CREATE_RW);
        assertThat(d.dupTo(a, b, true).orElseThrow()).isEqualTo(b);
        write(d, b, "to a");
        assertThat(m.contents("a")).isEqualTo("to a");
        assertThat(m.contents("b")).isEmpty();
        assertThat(d.closeOnExec(b).orElseThrow()).isTrue();
        assertThat(d.dupTo(a, a, false).orElseThrow()).isEqualTo(a);
        assertThat(d.dupTo(a, 99, false).errno()).isEqualTo(Errno.EBADF);
        assertThat(d.dupTo(9, 10, false).errno()).isEqualTo(Errno.EBADF);
    }

    @Test
    void exitClosesEverythingAndReleasesTheWorkingDirectory() {
        d.mkdir("gone").orElseThrow();
        d.chdir("gone").orElseThrow();
        open("x", CREATE_RW);
        d.unlink("x", FileSystem.Unlink.ANY).orElseThrow();
        Inode dir = d.cwd();
        m.fs.unlink(m.fs.root(), "gone", FileSystem.Unlink.ANY, Dialect.XV6).orElseThrow();
        assertThat(dir.isFreed()).as("held as the working directory").isFalse();
        d.closeAll();
        assertThat(dir.isFreed()).isTrue();
        assertThat(m.table.openFiles()).isZero();
        assertThatThrownBy(() -> d.open("y", OpenMode.READ)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void chdirMovesRelativePaths() {
        d.mkdir("a").orElseThrow();
        d.mkdir("a/b").orElseThrow();
        assertThat(d.chdir("a/b").isOk()).isTrue();
        assertThat(d.cwdPath().orElseThrow()).isEqualTo("/a/b");
        int fd = open("f", CREATE_RW);
        assertThat(d.file(fd).orElseThrow().stat().ino()).isEqualTo(m.fs.lookup(m.fs.root(), "/a/b/f", Dialect.XV6)
                .orElseThrow().inum());
        assertThat(d.chdir("f").errno()).isEqualTo(Errno.ENOTDIR);
        assertThat(d.chdir("../../a/nothing").errno()).isEqualTo(Errno.ENOENT);
        assertThat(d.chdir("/").isOk()).isTrue();
        assertThat(d.stat("a/b/f").orElseThrow().type()).isEqualTo(FileType.FILE);
        assertThat(d.link("a/b/f", "g").isOk()).isTrue();
        assertThat(d.stat("g").orElseThrow().nlink()).isEqualTo(2);
    }

    @Test
    void theConsoleIsADeviceFile() {
        assertThat(d.mknod("console", Console.MAJOR, 0).isOk()).isTrue();
        int fd = open("console", OpenMode.XV6_O_RDWR);
        assertThat(d.dup(fd).orElseThrow()).isEqualTo(1);
        assertThat(d.dup(fd).orElseThrow()).isEqualTo(2);
        write(d, 1, "$ ");
        assertThat(m.output.toString(StandardCharsets.ISO_8859_1)).isEqualTo("$ ");
        assertThat(d.file(0).orElseThrow().read(IoBuffer.of(new byte[10]))).isInstanceOf(IoResult.Blocked.class);
        m.console.input(ascii("ls\n"));
        assertThat(read(d, 0, 10)).isEqualTo("ls\n");
        OpenFile console = d.file(0).orElseThrow();
        assertThat(console.isTerminal()).isTrue();
        assertThat(console.stat().type()).isEqualTo(FileType.DEVICE);
        assertThat(console.stat().major()).isEqualTo(1);
        assertThat(console.seek(0, 0).errno()).isEqualTo(Errno.ESPIPE);
        assertThat(console.stat().xv6Bytes().orElseThrow()[8]).as("T_DEVICE").isEqualTo((byte) 3);
    }

    @Test
    void devicesWithoutADriverOrOutsideTheSwitch() {
        d.mknod("nodriver", 5, 0).orElseThrow();
        d.mknod("outside", 10, 0).orElseThrow();
        int fd = open("nodriver", OpenMode.XV6_O_RDWR);
        assertThat(errno(d.file(fd).orElseThrow().read(IoBuffer.of(new byte[1])))).isEqualTo(Errno.ENXIO);
        assertThat(errno(d.file(fd).orElseThrow().write(IoBuffer.of(new byte[1])))).isEqualTo(Errno.ENXIO);
        assertThat(d.file(fd).orElseThrow().isTerminal()).isFalse();
        assertThat(d.open("outside", OpenMode.READ).errno()).isEqualTo(Errno.ENXIO);
        assertThat(d.mknod("nodriver", 1, 0).errno()).isEqualTo(Errno.EEXIST);
    }

    @Test
    void aFirstLinuxProcessGetsTheConsoleWithoutAPath() {
        Descriptors linux = m.process(Dialect.LINUX);
        assertThat(linux.openDevice(Console.MAJOR, OpenMode.READ_WRITE).orElseThrow()).isZero();
        assertThat(linux.dupTo(0, 1, false).orElseThrow()).isEqualTo(1);
        assertThat(linux.dupTo(0, 2, false).orElseThrow()).isEqualTo(2);
        write(linux, 2, "err");
        assertThat(m.output.toString(StandardCharsets.ISO_8859_1)).isEqualTo("err");
        Stat s = linux.file(1).orElseThrow().stat();
        assertThat(s.ino()).isZero();
        byte[] st = s.linuxBytes(0, 0);
        ByteBuffer b = ByteBuffer.wrap(st).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(b.getInt(16)).as("S_IFCHR | 0666").isEqualTo(0020666);
        assertThat(b.getLong(32)).as("rdev of major 1").isEqualTo(0x100);
        assertThat(linux.openDevice(77, OpenMode.READ).errno()).isEqualTo(Errno.ENXIO);
    }

    @Test
    void seekMovesAFilesOffsetAndAppendWritesAtTheEnd() {
        Descriptors linux = m.process(Dialect.LINUX);
        int fd = linux.open("f", OpenMode.linux(OpenMode.O_CREAT | OpenMode.O_RDWR)).orElseThrow();
        write(linux, fd, "abcdef");
        OpenFile f = linux.file(fd).orElseThrow();
        assertThat(f.seek(2, 0).orElseThrow()).isEqualTo(2);
        assertThat(read(linux, fd, 2)).isEqualTo("cd");
        assertThat(f.seek(-1, 1).orElseThrow()).isEqualTo(3);
        assertThat(f.seek(-2, 2).orElseThrow()).isEqualTo(4);
        assertThat(f.seek(-9, 2).errno()).isEqualTo(Errno.EINVAL);
        assertThat(f.seek(0, 3).errno()).isEqualTo(Errno.EINVAL);
        assertThat(f.seek(Long.MAX_VALUE, 2).errno()).isEqualTo(Errno.EINVAL);
        int[] p = linux.pipe(false).orElseThrow();
        assertThat(linux.file(p[0]).orElseThrow().seek(0, 1).errno()).isEqualTo(Errno.ESPIPE);
        f.seek(0, 0);
        f.setStatusFlags(true, false);
        write(linux, fd, "XY");
        assertThat(m.contents("f")).isEqualTo("abcdefXY");
        assertThat(f.mode().linuxStatusFlags()).isEqualTo(OpenMode.O_RDWR | OpenMode.O_APPEND);
    }

    @Test
    void statsCopyOutInBothLayouts() {
        int fd = open("f", CREATE_RW);
        write(d, fd, "12345");
        Stat s = d.file(fd).orElseThrow().stat();
        byte[] x = s.xv6Bytes().orElseThrow();
        ByteBuffer b = ByteBuffer.wrap(x).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(x).hasSize(24);
        assertThat(b.getInt(0)).as("dev").isEqualTo(1);
        assertThat(b.getInt(4)).as("ino").isEqualTo(2);
        assertThat(b.getShort(8)).as("type T_FILE").isEqualTo((short) 2);
        assertThat(b.getShort(10)).as("nlink").isEqualTo((short) 1);
        assertThat(b.getLong(16)).as("size").isEqualTo(5);
        ByteBuffer l = ByteBuffer.wrap(s.linuxBytes(1000, 100)).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(l.getLong(8)).isEqualTo(2);
        assertThat(l.getInt(16)).isEqualTo(0100755);
        assertThat(l.getInt(24)).isEqualTo(1000);
        assertThat(l.getInt(28)).isEqualTo(100);
        assertThat(l.getLong(48)).isEqualTo(5);
        assertThat(l.getInt(56)).isEqualTo(1024);
        assertThat(l.getLong(64)).as("512-byte blocks").isEqualTo(2);
        ByteBuffer dir = ByteBuffer.wrap(d.stat("/").orElseThrow().linuxBytes(0, 0)).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(dir.getInt(20)).as("Linux counts the directory's own .").isEqualTo(2);
        int[] p = d.pipe(false).orElseThrow();
        assertThat(d.file(p[0]).orElseThrow().stat().xv6Bytes()).as("xv6's fstat of a pipe fails").isEmpty();
        assertThat(ByteBuffer.wrap(d.file(p[0]).orElseThrow().stat().linuxBytes(0, 0))
                .order(ByteOrder.LITTLE_ENDIAN).getInt(16)).isEqualTo(0010600);
    }

    @Test
    void theAtCallsResolveFromADirectoryDescriptor() {
        Descriptors linux = m.process(Dialect.LINUX);
        linux.mkdir("/etc").orElseThrow();
        int etc = linux.open("/etc", OpenMode.linux(OpenMode.O_DIRECTORY)).orElseThrow();
        int fd = linux.openAt(etc, "passwd", OpenMode.linux(OpenMode.O_CREAT | OpenMode.O_WRONLY)).orElseThrow();
        write(linux, fd, "root");
        assertThat(m.contents("etc/passwd")).isEqualTo("root");
        assertThat(linux.lookupAt(etc, "passwd").orElseThrow().size()).isEqualTo(4);
        assertThat(linux.lookupAt(Descriptors.AT_FDCWD, "etc/passwd").isOk()).isTrue();
        assertThat(linux.lookupAt(99, "/etc/passwd").isOk()).as("an absolute path ignores dirfd").isTrue();
        assertThat(linux.lookupAt(99, "passwd").errno()).isEqualTo(Errno.EBADF);
        assertThat(linux.lookupAt(fd, "passwd").errno()).isEqualTo(Errno.ENOTDIR);
        assertThat(linux.openAt(fd, "x", OpenMode.READ).errno()).isEqualTo(Errno.ENOTDIR);
        linux.mkdirAt(etc, "init.d").orElseThrow();
        assertThat(linux.linkAt(etc, "passwd", Descriptors.AT_FDCWD, "pw").isOk()).isTrue();
        assertThat(linux.linkAt(etc, "init.d", Descriptors.AT_FDCWD, "d").errno()).isEqualTo(Errno.EPERM);
        assertThat(linux.stat("pw").orElseThrow().nlink()).isEqualTo(2);
        assertThat(linux.unlinkAt(etc, "init.d", FileSystem.Unlink.NOT_DIRECTORY).errno()).isEqualTo(Errno.EISDIR);
        assertThat(linux.unlinkAt(etc, "init.d", FileSystem.Unlink.DIRECTORY).isOk()).isTrue();
        assertThat(linux.unlinkAt(etc, "passwd", FileSystem.Unlink.NOT_DIRECTORY).isOk()).isTrue();
        Inode passwd = linux.file(fd).orElseThrow().inode().orElseThrow();
        linux.unlink("pw", FileSystem.Unlink.NOT_DIRECTORY).orElseThrow();
        assertThat(m.fs.linkInode(passwd, m.fs.root(), "back", Dialect.LINUX).errno())
                .as("a removed file gets no new name").isEqualTo(Errno.ENOENT);
        linux.closeAll();
    }

    @Test
    void anOpenFileIsUnusableAfterItsLastClose() {
        int fd = open("f", CREATE_RW);
        OpenFile f = d.file(fd).orElseThrow();
        d.close(fd).orElseThrow();
        assertThat(f.isClosed()).isTrue();
        assertThatThrownBy(() -> f.read(IoBuffer.of(new byte[1]))).isInstanceOf(IllegalStateException.class);
    }
}
