package dev.cowvm.riscv.os;

import static dev.cowvm.riscv.os.Fixture.ascii;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cowvm.kernel.Kernel;
import dev.cowvm.kernel.KernelConfig;
import dev.cowvm.kernel.Process;
import dev.cowvm.kernel.Protection;
import dev.cowvm.observe.Counter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Pipes: xv6's 512-byte buffer, blocking as a value, EOF, EPIPE, and writes done in parts. */
class PipeTest {
    private final Fixture m = Fixture.xv6();
    private final Descriptors d = m.process(Dialect.XV6);
    private final int[] fds = d.pipe(false).orElseThrow();
    private final OpenFile reader = d.file(fds[0]).orElseThrow();
    private final OpenFile writer = d.file(fds[1]).orElseThrow();
    private final Pipe pipe = ((PipeEnd) reader).pipe();

    @AfterEach
    void invariantsHold() {
        m.checkInvariants();
    }

    @Test
    void theEndsAreTheTwoLowestDescriptors() {
        assertThat(fds).containsExactly(0, 1);
        assertThat(reader.readable()).isTrue();
        assertThat(reader.writable()).isFalse();
        assertThat(writer.type()).isEqualTo(FileType.PIPE);
        assertThat(reader.read(IoBuffer.of(new byte[0]))).isEqualTo(new IoResult.Done(0));
        assertThat(writer.read(IoBuffer.of(new byte[4]))).matches(r -> ((IoResult.Failed) r).errno() == Errno.EBADF);
        assertThat(reader.write(IoBuffer.of(new byte[4]))).matches(r -> ((IoResult.Failed) r).errno() == Errno.EBADF);
    }

    @Test
    void readingAnEmptyPipeWaitsForDataAndIsWokenByAWrite() {
        IoResult r = reader.read(IoBuffer.of(new byte[10]));
        assertThat(r).isInstanceOf(IoResult.Blocked.class);
        IoResult.Blocked b = (IoResult.Blocked) r;
        assertThat(b.channel()).isSameAs(pipe.data());
        assertThat(b.count()).isZero();
        assertThat(b.channel().wokenSince(b.generation())).isFalse();
        Fixture.write(d, fds[1], "hi");
        assertThat(b.channel().wokenSince(b.generation())).isTrue();
        assertThat(Fixture.read(d, fds[0], 10)).isEqualTo("hi");
    }

    @Test
    void anEmptyPipeWithNoWriterIsEndOfFile() {
        Fixture.write(d, fds[1], "last");
        long seen = pipe.data().generation();
        d.close(fds[1]).orElseThrow();
        assertThat(pipe.data().wokenSince(seen)).as("closing the write end wakes readers").isTrue();
        assertThat(Fixture.read(d, fds[0], 10)).isEqualTo("last");
        assertThat(reader.read(IoBuffer.of(new byte[10]))).isEqualTo(new IoResult.Done(0));
    }

    @Test
    void aWriteLargerThanTheBufferIsDoneInParts() {
        byte[] data = new byte[1300];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) i;
        }
        IoBuffer src = IoBuffer.of(data);
        IoResult first = writer.write(src);
        assertThat(first).isInstanceOf(IoResult.Blocked.class);
        assertThat(first.count()).isEqualTo(512);
        IoResult.Blocked waiting = (IoResult.Blocked) first;
        assertThat(waiting.channel()).isSameAs(pipe.space());
        assertThat(writer.write(src)).as("still full").isInstanceOf(IoResult.Blocked.class);

        byte[] got = new byte[1300];
        int read = 0;
        IoResult w = first;
        while (!(w instanceof IoResult.Done)) {
            byte[] chunk = new byte[300];
            IoResult r = reader.read(IoBuffer.of(chunk));
            System.arraycopy(chunk, 0, got, read, (int) r.count());
            read += (int) r.count();
            assertThat(waiting.channel().wokenSince(waiting.generation())).isTrue();
            w = writer.write(src);
            if (w instanceof IoResult.Blocked b) {
                waiting = b;
            }
        }
        assertThat(w).isEqualTo(new IoResult.Done(1300));
        while (read < 1300) {
            byte[] chunk = new byte[1300];
            IoResult r = reader.read(IoBuffer.of(chunk));
            System.arraycopy(chunk, 0, got, read, (int) r.count());
            read += (int) r.count();
        }
        assertThat(got).isEqualTo(data);
    }

    @Test
    void writingWithNoReaderFailsWithEpipe() {
        d.close(fds[0]).orElseThrow();
        IoResult r = writer.write(IoBuffer.of(ascii("x")));
        assertThat(r).isInstanceOf(IoResult.Failed.class);
        assertThat(((IoResult.Failed) r).errno()).isEqualTo(Errno.EPIPE);
        assertThat(r.xv6Value()).isEqualTo(-1);
        assertThat(r.linuxValue()).isEqualTo(-32);
    }

    @Test
    void theReaderLeavingInTheMiddleOfALongWriteFailsItWithItsCount() {
        IoBuffer src = IoBuffer.of(new byte[1000]);
        IoResult first = writer.write(src);
        IoResult.Blocked b = (IoResult.Blocked) first;
        d.close(fds[0]).orElseThrow();
        assertThat(b.channel().wokenSince(b.generation())).as("closing the read end wakes writers").isTrue();
        IoResult r = writer.write(src);
        assertThat(r).isEqualTo(new IoResult.Failed(512, Errno.EPIPE, "the pipe has no reader"));
        assertThat(r.xv6Value()).as("xv6 returns -1").isEqualTo(-1);
        assertThat(r.linuxValue()).as("Linux returns the count").isEqualTo(512);
    }

    @Test
    void underLinuxRulesASmallWriteIsNeverSplit() {
        Fixture lm = Fixture.linux();
        Descriptors ld = lm.process(Dialect.LINUX);
        int[] p = ld.pipe(true).orElseThrow();
        OpenFile w = ld.file(p[1]).orElseThrow();
        assertThat(w.write(IoBuffer.of(new byte[65536 - 100]))).isEqualTo(new IoResult.Done(65436));
        IoResult small = w.write(IoBuffer.of(new byte[200]));
        assertThat(small).isInstanceOf(IoResult.Blocked.class);
        assertThat(small.count()).as("nothing written: 200 <= PIPE_BUF and only 100 free").isZero();
        assertThat(((PipeEnd) w).pipe().buffered()).isEqualTo(65436);
        assertThat(ld.closeOnExec(p[0]).orElseThrow()).isTrue();
        lm.checkInvariants();
    }

    @Test
    void theRingWrapsAround() {
        StringBuilder all = new StringBuilder();
        StringBuilder back = new StringBuilder();
        for (int round = 0; round < 40; round++) {
            String s = ("round " + round + " ").repeat(7);
            all.append(s);
            Fixture.write(d, fds[1], s);
            back.append(Fixture.read(d, fds[0], 512));
        }
        assertThat(back.toString()).isEqualTo(all.toString());
        assertThat(pipe.buffered()).isZero();
    }

    @Test
    void aReadIntoACopyOnWritePageCopiesItAndABadAddressLosesNoByte() {
        try (Kernel kernel = new Kernel(KernelConfig.defaults())) {
            Process parent = kernel.spawn().orElseThrow();
            long page = parent.map(0, 4096, Protection.RW, "buf").orElseThrow();
            parent.write(page, ascii("parent")).orElseThrow();
            Process child = kernel.fork(parent).orElseThrow();
            Fixture.write(d, fds[1], "piped");
            long copies = kernel.stats().get(Counter.PAGES_COPIED);
            IoResult r = reader.read(IoBuffer.of(child, page, 5));
            assertThat(r).isEqualTo(new IoResult.Done(5));
            assertThat(kernel.stats().get(Counter.PAGES_COPIED)).as("the kernel's write broke the sharing")
                    .isEqualTo(copies + 1);
            assertThat(child.read(page, 6).orElseThrow()).isEqualTo(ascii("pipedt"));
            assertThat(parent.read(page, 6).orElseThrow()).isEqualTo(ascii("parent"));

            Fixture.write(d, fds[1], "xyz");
            IoResult bad = reader.read(IoBuffer.of(child, 0x5000_0000L, 3));
            assertThat(bad).isInstanceOf(IoResult.Failed.class);
            assertThat(((IoResult.Failed) bad).errno()).isEqualTo(Errno.EFAULT);
            assertThat(child.isAlive()).isTrue();
            assertThat(pipe.buffered()).as("no byte taken").isEqualTo(3);

            long edge = page + 4096 - 2;
            IoResult half = reader.read(IoBuffer.of(child, edge, 3));
            assertThat(half).as("two bytes fit before the unmapped page").isEqualTo(new IoResult.Done(2));
            assertThat(pipe.buffered()).isEqualTo(1);

            IoResult badWrite = writer.write(IoBuffer.of(child, 0x5000_0000L, 10));
            assertThat(((IoResult.Failed) badWrite).errno()).isEqualTo(Errno.EFAULT);
            IoResult halfWrite = writer.write(IoBuffer.of(child, edge, 10));
            assertThat(halfWrite).as("the bytes before the fault went in").isEqualTo(new IoResult.Done(2));
            kernel.checkInvariants();
        }
    }
}
