package dev.cowvm.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A bounded load test of the server, on 127.0.0.1 only: 200 clients at once for 10 seconds,
 * each sending a mix of light runs (the slide to some step), frames, heavy runs (computing
 * until the time limit stops them), the page and {@code /api/info}, on a fresh connection
 * each; all the while 100 half-open connections (half silent, half stopped inside a header)
 * stay open, and a probe asks for {@code /api/info} and the page every 50 ms.
 *
 * <p>It prints the latency percentiles of each kind of request, and asserts the limits: at
 * most two runs at once; every request answered (a run 200, 422 or 503, never dropped); every
 * 503 after the documented wait and with {@code Retry-After}; the probe's {@code /api/info}
 * and page within 100 ms. The time limit and the wait are shortened to one second so that
 * many requests meet them within the test's time.
 *
 * <p>The 100 ms is asserted of four probes in five, and every probe within a second: the test
 * shares two cores with whatever else the machine runs, and when that is a browser test, a
 * collector thread or the probe itself is descheduled now and then for longer than 100 ms.
 * On a quiet machine the 99th percentile is a few tens of milliseconds (docs/visualizer.md
 * gives the figures). The failure this guards against is of another order: the page queued
 * behind the runs, for seconds or for ever.
 */
class ServerLoadTest {
    static final int CLIENTS = 200;
    static final int HALF_OPEN = 100;
    /** 10 seconds in the suite; {@code bench/serve-soak} sets {@code cowvm.load.seconds} for a longer soak. */
    static final Duration LOAD = Duration.ofSeconds(Integer.getInteger("cowvm.load.seconds", 10));
    static final Duration PATIENCE = Duration.ofSeconds(30);
    static final Duration WAIT = Duration.ofSeconds(1);

    record Sample(String kind, int status, long millis, String retryAfter, String failure) {
    }

    @Test
    void twoHundredClientsBesideAHundredHalfOpenConnections() {
        // It stops by itself: every request has a read timeout, the load a deadline, and this a bound.
        assertTimeoutPreemptively(LOAD.plusSeconds(110), this::load);
    }

    private void load() throws Exception {
        WebLimits limits = WebLimits.defaults().withTimeLimit(Duration.ofSeconds(1)).withRuns(2, WAIT)
                .withRequestTimeout(Duration.ofSeconds(60));
        String slide = WebServerTest.SLIDE;
        String heavy = Client.heavy();
        try (WebServer server = Client.start(limits)) {
            int port = server.port();
            // What the page asks for first, so that the code answering it is warm, as in use.
            for (String path : List.of("/", "/app.js", "/api/info")) {
                assertThat(Wire.exchange(port, Wire.get(port, path), PATIENCE).status()).isEqualTo(200);
            }
            assertThat(Wire.exchange(port, post(port, "/api/run", Client.body(slide, 5).toString()), PATIENCE)
                    .status()).isEqualTo(200);

            List<Socket> halfOpen = new ArrayList<>();
            Queue<Sample> samples = new ConcurrentLinkedQueue<>();
            try {
                for (int i = 0; i < HALF_OPEN; i++) {
                    Socket s = Wire.open(port);
                    if (i % 2 == 1) {
                        s.getOutputStream().write("POST /api/run HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Ty"
                                .getBytes(StandardCharsets.US_ASCII));
                    }
                    halfOpen.add(s);
                }
                Requests requests = new Requests(port, slide, heavy);
                long end = System.nanoTime() + LOAD.toNanos();
                // Platform threads, as other processes would be: the server's virtual threads keep
                // their carriers to themselves.
                try (ExecutorService clients = Executors.newFixedThreadPool(CLIENTS)) {
                    for (int c = 0; c < CLIENTS; c++) {
                        Random random = new Random(c);
                        clients.submit(() -> {
                            while (System.nanoTime() < end) {
                                samples.add(requests.next(random));
                            }
                        });
                    }
                    Thread probe = Thread.ofPlatform().name("probe").start(() -> {
                        while (System.nanoTime() < end) {
                            samples.add(exchange(port, "probe /api/info", Wire.get(port, "/api/info")));
                            samples.add(exchange(port, "probe page", Wire.get(port, "/")));
                            try {
                                Thread.sleep(50);
                            } catch (InterruptedException e) {
                                return;
                            }
                        }
                    });
                    probe.join();
                    clients.shutdown();
                    assertThat(clients.awaitTermination(60, TimeUnit.SECONDS)).as("every client stopped").isTrue();
                }
                for (Socket s : halfOpen) {
                    assertThat(s.isClosed()).as("held open by this side throughout").isFalse();
                }
            } finally {
                for (Socket s : halfOpen) {
                    s.close();
                }
            }
            System.out.print(report(samples));

            assertThat(samples.stream().filter(s -> s.failure() != null).map(Sample::failure).distinct().toList())
                    .as("requests without an answer").isEmpty();
            assertThat(server.runSlots().peak()).as("runs computing at the same moment").isBetween(1, 2);
            for (Sample s : samples) {
                switch (s.kind()) {
                    case "light run", "frame" -> assertThat(s.status()).as(s.toString()).isIn(200, 503);
                    case "heavy run" -> assertThat(s.status()).as(s.toString()).isIn(422, 503);
                    default -> assertThat(s.status()).as(s.toString()).isEqualTo(200);
                }
                if (s.status() == 503) {
                    assertThat(s.retryAfter()).as(s.toString()).isEqualTo("1");
                    assertThat(s.millis()).as("a 503 comes after the wait, not before").isGreaterThanOrEqualTo(
                            WAIT.toMillis() - 20);
                }
            }
            Map<String, List<Long>> byKind = latencies(samples);
            assertThat(byKind.get("light run")).as("light runs that got a thread").hasSizeGreaterThan(20);
            assertThat(byKind.get("heavy run")).as("heavy runs that got a thread").hasSizeGreaterThan(5);
            assertThat(samples.stream().filter(s -> s.status() == 503).count()).as("the load met the limit").isPositive();
            for (String probe : List.of("probe /api/info", "probe page")) {
                List<Long> millis = byKind.get(probe);
                assertThat(millis).as(probe).hasSizeGreaterThan(20);
                assertThat(percentile(millis, 80)).as(probe + " p80, while two runs compute: " + millis).isLessThan(100);
                assertThat(percentile(millis, 100)).as(probe + " max: " + millis).isLessThan(1000);
            }
        }
    }

    private static byte[] post(int port, String path, String json) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        return ("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nContent-Type: application/json\r\n"
                + "Origin: http://127.0.0.1:" + port + "\r\nSec-Fetch-Site: same-origin\r\nContent-Length: "
                + body.length + "\r\nConnection: close\r\n\r\n" + new String(body, StandardCharsets.ISO_8859_1))
                .getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Every request the clients send, written once: the clients spend their time waiting, not writing. */
    private static final class Requests {
        final int port;
        final byte[][] light = new byte[42][];
        final byte[][] frames = new byte[42][];
        final byte[] heavy;
        final byte[] info;
        final byte[] page;
        final byte[] script;

        Requests(int port, String slide, String heavy) {
            this.port = port;
            for (int step = 0; step < 42; step++) {
                light[step] = post(port, "/api/run", Client.body(slide, step).toString());
                frames[step] = post(port, "/api/frame", Client.body(slide, step).put("frame", step % 20).toString());
            }
            this.heavy = post(port, "/api/run", Client.body(heavy, "end").toString());
            this.info = Wire.get(port, "/api/info").getBytes(StandardCharsets.ISO_8859_1);
            this.page = Wire.get(port, "/").getBytes(StandardCharsets.ISO_8859_1);
            this.script = Wire.get(port, "/app.js").getBytes(StandardCharsets.ISO_8859_1);
        }

        Sample next(Random random) {
            int pick = random.nextInt(100);
            if (pick < 55) {
                return exchange(port, "light run", light[random.nextInt(42)]);
            } else if (pick < 65) {
                return exchange(port, "frame", frames[random.nextInt(42)]);
            } else if (pick < 75) {
                return exchange(port, "heavy run", heavy);
            } else if (pick < 88) {
                return exchange(port, "/api/info", info);
            } else {
                return exchange(port, "page", random.nextBoolean() ? page : script);
            }
        }
    }

    private static Sample exchange(int port, String kind, String request) {
        return exchange(port, kind, request.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static Sample exchange(int port, String kind, byte[] request) {
        try {
            Wire.Answer a = Wire.exchange(port, request, PATIENCE);
            return new Sample(kind, a.status(), a.millis(), a.header("Retry-After"),
                    a.status() < 0 ? "closed without an answer" : null);
        } catch (IOException e) {
            return new Sample(kind, -1, 0, null, kind + ": " + e);
        }
    }

    private static Map<String, List<Long>> latencies(Collection<Sample> samples) {
        return samples.stream().filter(s -> s.failure() == null).collect(Collectors.groupingBy(
                s -> s.kind() + (s.status() == 503 ? " (503)" : ""), TreeMap::new,
                Collectors.mapping(Sample::millis, Collectors.toList())));
    }

    static long percentile(List<Long> values, int p) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    private static String report(Collection<Sample> samples) {
        StringBuilder s = new StringBuilder(String.format("%nserver load: %d clients and %d half-open connections"
                + " for %d s, %d requests%n", CLIENTS, HALF_OPEN, LOAD.toSeconds(), samples.size()));
        s.append(String.format("%-22s %7s %7s %7s %7s %7s  %s%n", "request", "count", "p50", "p90", "p99", "max",
                "statuses"));
        latencies(samples).forEach((kind, millis) -> s.append(String.format("%-22s %7d %5d ms %4d ms %4d ms %4d ms"
                        + "  %s%n", kind, millis.size(), percentile(millis, 50), percentile(millis, 90),
                percentile(millis, 99), percentile(millis, 100), samples.stream()
                        .filter(x -> (x.kind() + (x.status() == 503 ? " (503)" : "")).equals(kind))
                        .collect(Collectors.groupingBy(Sample::status, TreeMap::new, Collectors.counting())))));
        return s.toString();
    }
}
