package dev.cowvm.riscv.os;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The limits an xv6 program runs into: MAXFILE, the disk's blocks and inodes, as usertests meets them. */
class DiskLimitsTest {
    private static final int BSIZE = 1024;
    private final FileSystem fs = new FileSystem(Limits.xv6());
    private final Inode root = fs.root();
    private final List<String> notices = new ArrayList<>();

    DiskLimitsTest() {
        fs.onNotice(notices::add);
    }

    @AfterEach
    void invariantsHold() {
        assertThat(fs.checkInvariants()).isEmpty();
    }

    private Inode file(String name) {
        return fs.create(root, name, FileType.FILE, 0, 0, Dialect.XV6).orElseThrow();
    }

    @Test
    void xv6sNumbers() {
        Limits x = Limits.xv6();
        assertThat(x.dataBlocks()).as("FSSIZE 2000 less 46 blocks of metadata").isEqualTo(1954);
        assertThat(x.maxFileSize()).as("MAXFILE 268 blocks").isEqualTo(268 * 1024);
        assertThat(x.nameMax()).isEqualTo(14);
        assertThat(x.pathMax()).isEqualTo(128);
        assertThat(x.openFilesPerProcess()).isEqualTo(16);
        assertThat(x.openFilesPerSystem()).isEqualTo(100);
        assertThat(x.pipeSize()).isEqualTo(512);
        assertThat(x.inodes()).isEqualTo(200);
        assertThat(x.devices()).isEqualTo(10);
    }

    @Test
    void theThirteenthBlockBringsTheIndirectBlock() {
        Inode f = file("f");
        fs.write(f, 0, IoBuffer.of(new byte[12 * BSIZE]));
        assertThat(f.blocks()).isEqualTo(12);
        fs.write(f, 12 * BSIZE, IoBuffer.of(new byte[1]));
        assertThat(f.blocks()).isEqualTo(14);
        fs.truncate(f, 0).orElseThrow();
        assertThat(f.blocks()).isZero();
        assertThat(fs.freeBlocks()).isEqualTo(1954 - 1);
    }

    @Test
    void aFileHoldsMaxfileBlocksAndNotAByteMore() {
        Inode f = file("big");
        for (int i = 0; i < 268; i++) {
            assertThat(fs.write(f, (long) i * BSIZE, IoBuffer.of(new byte[BSIZE]))).isEqualTo(new IoResult.Done(BSIZE));
        }
        assertThat(f.size()).isEqualTo(268 * BSIZE);
        IoResult more = fs.write(f, 268 * BSIZE, IoBuffer.of(new byte[1]));
        assertThat(more).isInstanceOf(IoResult.Failed.class);
        assertThat(((IoResult.Failed) more).errno()).isEqualTo(Errno.EFBIG);
        assertThat(more.xv6Value()).isEqualTo(-1);
        assertThat(more.linuxValue()).isEqualTo(-27);

        Inode g = file("g");
        fs.write(g, 0, IoBuffer.of(new byte[268 * BSIZE - 10]));
        IoResult crossing = fs.write(g, 268 * BSIZE - 10, IoBuffer.of(new byte[30]));
        assertThat(crossing.count()).as("up to the limit").isEqualTo(10);
        assertThat(((IoResult.Failed) crossing).errno()).isEqualTo(Errno.EFBIG);
        assertThat(g.size()).isEqualTo(268 * BSIZE);
    }

    @Test
    void writingUntilTheDiskIsFullEndsAsXv6Does() {
        // usertests' diskfull: files of MAXFILE blocks until a write of BSIZE comes back short.
        int files = 0;
        boolean full = false;
        while (!full) {
            Inode f = file("b" + files++);
            for (int i = 0; i < 268; i++) {
                IoResult r = fs.write(f, f.size(), IoBuffer.of(new byte[BSIZE]));
                if (!(r instanceof IoResult.Done)) {
                    assertThat(((IoResult.Failed) r).errno()).isEqualTo(Errno.ENOSPC);
                    assertThat(r.xv6Value()).isEqualTo(-1);
                    full = true;
                    break;
                }
            }
        }
        assertThat(fs.freeBlocks()).isZero();
        assertThat(notices).contains("balloc: out of blocks");
        // now dirlink merely fails when it must extend the root directory, and mkdir needs a block
        int made = 0;
        SysResult<Inode> r;
        while ((r = fs.create(root, "z" + made, FileType.FILE, 0, 0, Dialect.XV6)).isOk()) {
            made++;
        }
        assertThat(r.errno()).isEqualTo(Errno.ENOSPC);
        assertThat(made).as("free slots of the root's last block").isLessThan(64);
        assertThat(fs.create(root, "b0/x", FileType.DIRECTORY, 0, 0, Dialect.XV6).errno()).isEqualTo(Errno.ENOTDIR);
        fs.unlink(root, "z0", FileSystem.Unlink.ANY, Dialect.XV6);
        assertThat(fs.create(root, "diskfulldir", FileType.DIRECTORY, 0, 0, Dialect.XV6).errno())
                .as("a directory's . and .. need a block").isEqualTo(Errno.ENOSPC);
        assertThat(fs.lookup(root, "diskfulldir", Dialect.XV6).errno()).isEqualTo(Errno.ENOENT);
        fs.unlink(root, "b0", FileSystem.Unlink.ANY, Dialect.XV6).orElseThrow();
        assertThat(fs.freeBlocks()).isEqualTo(268 + 1);
        assertThat(fs.create(root, "diskfulldir", FileType.DIRECTORY, 0, 0, Dialect.XV6).isOk()).isTrue();
    }

    @Test
    void aWriteThatOnlyPartlyFitsKeepsWhatFitAndFails() {
        FileSystem small = new FileSystem(Limits.xv6().withDataBlocks(4));
        Inode f = small.create(small.root(), "f", FileType.FILE, 0, 0, Dialect.XV6).orElseThrow();
        IoResult r = small.write(f, 0, IoBuffer.of(new byte[5 * BSIZE]));
        assertThat(r.count()).as("three blocks were free").isEqualTo(3 * BSIZE);
        assertThat(r.xv6Value()).isEqualTo(-1);
        assertThat(r.linuxValue()).isEqualTo(3 * BSIZE);
        assertThat(f.size()).isEqualTo(3 * BSIZE);
        assertThat(small.checkInvariants()).isEmpty();
    }

    @Test
    void theIndirectBlockTakenBeforeAFailedDataBlockStaysWithTheFileUntilTruncated() {
        FileSystem small = new FileSystem(Limits.xv6().withDataBlocks(14));
        Inode f = small.create(small.root(), "f", FileType.FILE, 0, 0, Dialect.XV6).orElseThrow();
        small.write(f, 0, IoBuffer.of(new byte[12 * BSIZE]));
        assertThat(small.freeBlocks()).isEqualTo(1);
        IoResult r = small.write(f, 12 * BSIZE, IoBuffer.of(new byte[1]));
        assertThat(r.count()).isZero();
        assertThat(f.blocks()).as("xv6's bmap took the indirect block first").isEqualTo(13);
        assertThat(small.freeBlocks()).isZero();
        assertThat(small.checkInvariants()).isEmpty();
        small.truncate(f, 0).orElseThrow();
        assertThat(small.freeBlocks()).isEqualTo(13);
    }

    @Test
    void runningOutOfInodesIsNoSpace() {
        int made = 0;
        SysResult<Inode> r;
        while ((r = fs.create(root, "f" + made, FileType.FILE, 0, 0, Dialect.XV6)).isOk()) {
            made++;
        }
        assertThat(made).as("inodes 2..199").isEqualTo(198);
        assertThat(r.errno()).isEqualTo(Errno.ENOSPC);
        assertThat(notices).contains("ialloc: no inodes");
        assertThat(fs.freeInodes()).isZero();
    }

    @Test
    void truncateGrowsWithZerosAndShrinksFreeingBlocks() {
        Inode f = file("f");
        fs.write(f, 0, IoBuffer.of(Fixture.ascii("hello")));
        fs.truncate(f, 3 * BSIZE).orElseThrow();
        assertThat(f.blocks()).isEqualTo(3);
        byte[] back = new byte[3 * BSIZE];
        fs.read(f, 0, IoBuffer.of(back));
        assertThat(Fixture.text(back, 5)).isEqualTo("hello");
        assertThat(java.util.Arrays.copyOfRange(back, 5, back.length)).containsOnly(0);
        fs.truncate(f, 2).orElseThrow();
        assertThat(f.blocks()).isEqualTo(1);
        fs.truncate(f, 5).orElseThrow();
        assertThat(fs.contents(f)).containsExactly('h', 'e', 0, 0, 0);
        assertThat(fs.truncate(f, 269L * BSIZE).errno()).isEqualTo(Errno.EFBIG);
        assertThat(fs.truncate(f, -1).errno()).isEqualTo(Errno.EINVAL);
        assertThat(fs.truncate(root, 0).errno()).isEqualTo(Errno.EINVAL);
        FileSystem small = new FileSystem(Limits.xv6().withDataBlocks(3));
        Inode g = small.create(small.root(), "g", FileType.FILE, 0, 0, Dialect.XV6).orElseThrow();
        assertThat(small.truncate(g, 10 * BSIZE).errno()).isEqualTo(Errno.ENOSPC);
        assertThat(g.size()).isZero();
        assertThat(g.blocks()).isZero();
    }

    @Test
    void xv6RefusesAWritePastTheEnd() {
        // xv6's writei: "if(off > ip->size ...) return -1"; usertests' truncate2 relies on it.
        Inode f = file("f");
        fs.write(f, 0, IoBuffer.of(Fixture.ascii("ab")));
        IoResult past = fs.write(f, 3, IoBuffer.of(Fixture.ascii("x")));
        assertThat(past).isInstanceOf(IoResult.Failed.class);
        assertThat(past.count()).isZero();
        assertThat(past.xv6Value()).isEqualTo(-1);
        assertThat(f.size()).isEqualTo(2);
        assertThat(fs.write(f, 2, IoBuffer.of(Fixture.ascii("x")))).isEqualTo(new IoResult.Done(1));
    }

    @Test
    void aWritePastTheEndLeavesZerosWhereHolesAreAllowed() {
        FileSystem fs = new FileSystem(Limits.linux());
        Inode f = fs.create(fs.root(), "f", FileType.FILE, 0, 0, Dialect.LINUX).orElseThrow();
        fs.write(f, 2000, IoBuffer.of(Fixture.ascii("x")));
        assertThat(f.size()).isEqualTo(2001);
        assertThat(f.blocks()).as("one 4 KiB block").isEqualTo(1);
        byte[] all = fs.contents(f);
        assertThat(java.util.Arrays.copyOf(all, 2000)).containsOnly(0);
        assertThat(all[2000]).isEqualTo((byte) 'x');
        assertThat(fs.write(f, -1, IoBuffer.of(new byte[1])).count()).isZero();
    }

    @Test
    void readsStopAtTheEnd() {
        Inode f = file("f");
        fs.write(f, 0, IoBuffer.of(Fixture.ascii("abcdef")));
        byte[] b = new byte[10];
        assertThat(fs.read(f, 4, IoBuffer.of(b))).isEqualTo(new IoResult.Done(2));
        assertThat(fs.read(f, 6, IoBuffer.of(b))).isEqualTo(new IoResult.Done(0));
        assertThat(fs.read(f, 600, IoBuffer.of(b))).isEqualTo(new IoResult.Done(0));
    }
}
