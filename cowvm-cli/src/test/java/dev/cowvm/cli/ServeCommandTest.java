package dev.cowvm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cowvm.script.Examples;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cowvm serve}, run in-process: what it prints, what it serves, how it refuses. */
class ServeCommandTest {
    @TempDir
    Path dir;

    /** The command running in a thread, until {@link #stop()}. */
    static final class Serving implements AutoCloseable {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final CountDownLatch started = new CountDownLatch(1);
        final AtomicInteger code = new AtomicInteger(-1);
        final Thread thread;

        Serving(String... args) throws InterruptedException {
            Writer lines = new Writer() {
                @Override
                public void write(char[] buf, int off, int len) {
                    synchronized (out) {
                        out.write(buf, off, len);
                    }
                    if (String.valueOf(buf, off, len).contains("\n")) {
                        started.countDown();
                    }
                }

                @Override
                public void flush() {
                }

                @Override
                public void close() {
                }
            };
            thread = new Thread(() -> {
                var cl = Cowvm.commandLine();
                cl.setOut(new PrintWriter(lines, true));
                cl.setErr(new PrintWriter(err, true));
                code.set(cl.execute(args));
                started.countDown();
            });
            thread.start();
            assertThat(started.await(60, TimeUnit.SECONDS)).as("the command printed its first line").isTrue();
        }

        String out() {
            synchronized (out) {
                return out.toString();
            }
        }

        URI uri() {
            Matcher m = Pattern.compile("http://127\\.0\\.0\\.1:\\d+/").matcher(out());
            assertThat(m.find()).as(out() + err).isTrue();
            return URI.create(m.group());
        }

        /** Interrupts the command as Ctrl-C would stop it; returns its exit code. */
        int stop() throws InterruptedException {
            thread.interrupt();
            thread.join(60_000);
            assertThat(thread.isAlive()).isFalse();
            return code.get();
        }

        @Override
        public void close() {
            if (thread.isAlive()) {
                try {
                    stop();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while stopping the server", e);
                }
            }
        }
    }

    static String get(URI uri) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r.body();
    }

    @Test
    void servesTheSlideByDefaultOnLoopbackUntilInterrupted() throws Exception {
        try (Serving s = new Serving("serve", "--port", "0")) {
            assertThat(s.out()).startsWith("cowvm visualizer: http://127.0.0.1:").contains("showing slide.cow");
            assertThat(get(s.uri())).contains("<title>cowvm visualizer</title>");
            assertThat(get(s.uri().resolve("/api/info"))).contains("\"name\":\"slide.cow\"");
            assertThat(s.stop()).isZero();
            assertThat(s.err.toString()).isEmpty();
        }
    }

    @Test
    void opensTheGivenFileEvenWithErrorsInIt() throws Exception {
        Path f = dir.resolve("mine.cow");
        Files.writeString(f, "spawn p\nfork q r\n");
        try (Serving s = new Serving("serve", "--port", "0", f.toString())) {
            assertThat(get(s.uri().resolve("/api/info"))).contains("\"name\":\"mine.cow\"")
                    .contains("\"text\":\"spawn p\\nfork q r\\n\"");
            assertThat(s.err.toString()).contains("has errors; the page shows them at their lines")
                    .contains("mine.cow:2:6: unknown process q");
            s.stop();
        }
    }

    @Test
    void anotherHostThanLoopbackIsWarnedAbout() throws Exception {
        try (Serving s = new Serving("serve", "--port", "0", "--host", "0.0.0.0")) {
            assertThat(s.err.toString()).contains("warning: listening on 0.0.0.0, not only on this machine");
            assertThat(get(s.uri())).contains("cowvm visualizer");
            s.stop();
        }
    }

    @Test
    void refusals() throws Exception {
        assertRefused(Run.of("serve", "--port", "70000"), "--port 70000 is not a port");
        assertRefused(Run.of("serve", "--port", "x"), "Invalid value for option '--port'");
        assertRefused(Run.of("serve", dir.resolve("none.cow").toString()), "none.cow: no such file");
        assertRefused(Run.of("serve", dir.toString()), "is a directory");
        Path big = dir.resolve("big.cow");
        Files.writeString(big, "#".repeat(70_000));
        assertRefused(Run.of("serve", big.toString()), "big.cow: the file is 70000 bytes; scenarios of at most 65536 bytes (64 KiB) are read here");
        assertRefused(Run.of("serve", "--host", "no.such.host.invalid"), "no such address");
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertRefused(Run.of("serve", "--port", Integer.toString(taken.getLocalPort())),
                    "cannot listen on 127.0.0.1:" + taken.getLocalPort());
        }
    }

    private static void assertRefused(Run r, String message) {
        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(Cowvm.USAGE);
        assertThat(r.err()).contains(message).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void helpSaysWhatItServes() {
        Run r = Run.of("serve", "--help");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).startsWith("Usage: cowvm serve").contains("--port").contains("--host")
                .contains("127.0.0.1");
        assertThat(Run.of("--help").out()).contains("serve");
        assertThat(Examples.NAMES).contains("slide");
    }
}
