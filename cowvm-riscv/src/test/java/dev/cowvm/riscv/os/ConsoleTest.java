package dev.cowvm.riscv.os;

import static dev.cowvm.riscv.os.Fixture.ascii;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The console: xv6's line-at-a-time reads, control-D, blocking as a value, output to the host. */
class ConsoleTest {
    private final Fixture m = Fixture.xv6();
    private final Console console = m.console;

    private static String read(Console c, int n) {
        byte[] b = new byte[n];
        IoResult r = c.read(IoBuffer.of(b));
        assertThat(r).isInstanceOf(IoResult.Done.class);
        return Fixture.text(b, (int) r.count());
    }

    @Test
    void aReadWaitsForInputAndReturnsALineAtATime() {
        IoResult r = console.read(IoBuffer.of(new byte[100]));
        assertThat(r).isInstanceOf(IoResult.Blocked.class);
        IoResult.Blocked b = (IoResult.Blocked) r;
        assertThat(b.channel()).isSameAs(console.readable());
        console.input(ascii("echo hi\nls\n"));
        assertThat(b.channel().wokenSince(b.generation())).isTrue();
        assertThat(read(console, 100)).isEqualTo("echo hi\n");
        assertThat(read(console, 2)).isEqualTo("ls");
        assertThat(read(console, 100)).isEqualTo("\n");
        assertThat(console.pending()).isZero();
    }

    @Test
    void controlDEndsOneReadWithZero() {
        console.input(ascii("ab\u0004cd\n"));
        assertThat(read(console, 100)).as("stops before ^D").isEqualTo("ab");
        assertThat(read(console, 100)).as("then ^D alone: end of file").isEmpty();
        assertThat(read(console, 100)).isEqualTo("cd\n");
    }

    @Test
    void theEndOfHostInputIsEndOfFileForever() {
        console.input(ascii("x"));
        console.endOfInput();
        assertThat(read(console, 10)).isEqualTo("x");
        assertThat(read(console, 10)).isEmpty();
        assertThat(read(console, 10)).isEmpty();
    }

    @Test
    void writesGoToTheHost() {
        assertThat(console.write(IoBuffer.of(ascii("hello\n")))).isEqualTo(new IoResult.Done(6));
        assertThat(m.output.toString(StandardCharsets.ISO_8859_1)).isEqualTo("hello\n");
        assertThat(console.isTerminal()).isTrue();
        assertThat(console.name()).isEqualTo("console");
    }

    @Test
    void aHostThatRefusesOutputIsAnIoError() {
        Console broken = new Console(new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("closed");
            }
        });
        IoResult r = broken.write(IoBuffer.of(ascii("x")));
        assertThat(r).isInstanceOf(IoResult.Failed.class);
        assertThat(((IoResult.Failed) r).errno()).isEqualTo(Errno.EIO);
        assertThat(((IoResult.Failed) r).message()).contains("closed");
    }

    @Test
    void theNullDeviceSwallowsAndEnds() {
        NullDevice n = new NullDevice();
        assertThat(n.write(IoBuffer.of(new byte[7]))).isEqualTo(new IoResult.Done(7));
        assertThat(n.read(IoBuffer.of(new byte[7]))).isEqualTo(new IoResult.Done(0));
        assertThat(n.isTerminal()).isFalse();
    }
}
