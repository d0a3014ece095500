package dev.cowvm.riscv.os;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * A writer and a reader taking turns at random with random sizes: what comes out equals
 * what went in, a blocked writer's continuation resumes where it stopped, every wait is
 * for a real reason and is woken by the other side, and a small write under Linux's rule
 * is never split.
 */
class PipeProperties {

    @Property(tries = 300)
    void bytesComeOutInOrderWhateverTheSizes(@ForAll("steps") List<Integer> steps, @ForAll boolean linuxRules) {
        Fixture m = linuxRules ? Fixture.linux() : Fixture.xv6();
        Limits limits = m.fs.limits();
        Descriptors d = m.process(Dialect.XV6);
        int[] p = d.pipe(false).orElseThrow();
        OpenFile reader = d.file(p[0]).orElseThrow();
        OpenFile writer = d.file(p[1]).orElseThrow();
        Pipe pipe = ((PipeEnd) reader).pipe();
        ByteArrayOutputStream in = new ByteArrayOutputStream();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        IoBuffer pending = null;
        IoResult.Blocked writerWait = null;
        int counter = 0;
        for (int step : steps) {
            int size = Math.abs(step) % (2 * limits.pipeSize()) + 1;
            if (step >= 0) {
                if (pending == null) {
                    byte[] data = new byte[size];
                    for (int i = 0; i < size; i++) {
                        data[i] = (byte) counter++;
                    }
                    in.write(data, 0, size);
                    pending = IoBuffer.of(data);
                } else if (!writerWait.channel().wokenSince(writerWait.generation())) {
                    IoResult again = writer.write(pending);
                    assertThat(again).as("not woken: still nothing to do").isInstanceOf(IoResult.Blocked.class);
                    assertThat(again.count()).isEqualTo(writerWait.count());
                    continue;
                }
                int bufferedBefore = pipe.buffered();
                long before = pending.position();
                IoResult r = writer.write(pending);
                if (r instanceof IoResult.Blocked b) {
                    writerWait = b;
                    boolean atomicWait = pending.length() <= limits.pipeAtomic() && before == pending.position();
                    assertThat(pipe.buffered() == limits.pipeSize() || atomicWait).as("waits only when full").isTrue();
                    if (pending.length() <= limits.pipeAtomic()) {
                        assertThat(pending.position()).as("never split").isZero();
                    }
                } else {
                    assertThat(r).isEqualTo(new IoResult.Done(pending.length()));
                    assertThat(pipe.buffered()).isEqualTo(bufferedBefore + (int) (pending.position() - before));
                    pending = null;
                    writerWait = null;
                }
            } else {
                byte[] got = new byte[size];
                long seen = pipe.space().generation();
                IoResult r = reader.read(IoBuffer.of(got));
                if (r instanceof IoResult.Blocked b) {
                    assertThat(pipe.buffered()).isZero();
                    assertThat(b.channel()).isSameAs(pipe.data());
                } else {
                    assertThat(r.count()).isPositive();
                    assertThat(pipe.space().wokenSince(seen)).as("a read wakes writers").isTrue();
                    out.write(got, 0, (int) r.count());
                }
            }
        }
        d.close(p[1]).orElseThrow();
        while (true) {
            byte[] got = new byte[700];
            IoResult r = reader.read(IoBuffer.of(got));
            assertThat(r).isInstanceOf(IoResult.Done.class);
            if (r.count() == 0) {
                break;
            }
            out.write(got, 0, (int) r.count());
        }
        byte[] written = in.toByteArray();
        long unwritten = pending == null ? 0 : pending.remaining();
        assertThat(out.toByteArray()).isEqualTo(java.util.Arrays.copyOf(written, (int) (written.length - unwritten)));
        m.checkInvariants();
    }

    @Provide
    Arbitrary<List<Integer>> steps() {
        return Arbitraries.integers().between(-2000, 2000).list().ofMinSize(1).ofMaxSize(60);
    }
}
