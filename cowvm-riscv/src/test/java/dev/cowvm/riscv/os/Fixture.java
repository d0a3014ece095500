package dev.cowvm.riscv.os;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** A machine's file side for tests: a file system, the console on major 1, the open-file table. */
final class Fixture {
    final ByteArrayOutputStream output = new ByteArrayOutputStream();
    final Console console = new Console(output);
    final FileSystem fs;
    final Devices devices;
    final FileTable table;

    Fixture(Limits limits) {
        fs = new FileSystem(limits);
        devices = new Devices(limits.devices()).register(Console.MAJOR, console);
        table = new FileTable(fs, devices);
    }

    static Fixture xv6() {
        return new Fixture(Limits.xv6());
    }

    static Fixture linux() {
        return new Fixture(Limits.linux());
    }

    Descriptors process(Dialect dialect) {
        return Descriptors.create(table, dialect);
    }

    void checkInvariants() {
        assertThat(fs.checkInvariants()).isEmpty();
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static String text(byte[] b, int n) {
        return new String(b, 0, n, StandardCharsets.ISO_8859_1);
    }

    /** Writes a string through a descriptor and checks it all went. */
    static void write(Descriptors d, int fd, String s) {
        IoResult r = d.file(fd).orElseThrow().write(IoBuffer.of(ascii(s)));
        assertThat(r).isEqualTo(new IoResult.Done(s.length()));
    }

    /** Reads up to n bytes through a descriptor. */
    static String read(Descriptors d, int fd, int n) {
        byte[] b = new byte[n];
        IoResult r = d.file(fd).orElseThrow().read(IoBuffer.of(b));
        assertThat(r).isInstanceOf(IoResult.Done.class);
        return text(b, (int) r.count());
    }

    /** The whole content of a file, by path. */
    String contents(String path) {
        return text(fs.contents(fs.lookup(fs.root(), path, Dialect.XV6).orElseThrow()),
                (int) fs.lookup(fs.root(), path, Dialect.XV6).orElseThrow().size());
    }
}
