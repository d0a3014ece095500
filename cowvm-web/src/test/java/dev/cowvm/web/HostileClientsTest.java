package dev.cowvm.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Clients that do not play by the rules, over real sockets on 127.0.0.1: connections that
 * send nothing or half a request, requests that trickle in, bodies that lie about their
 * length or stall, headers twice, requests the server cannot even parse. The server answers
 * each in JSON, in time, and keeps answering everyone else.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class HostileClientsTest {
    /** Short, so that the tests of the timeout are quick; the default is 10 seconds. */
    static final Duration TIMEOUT = Duration.ofMillis(600);
    static final Duration PATIENCE = Duration.ofSeconds(10);
    static WebServer server;
    static int port;

    @BeforeAll
    static void start() throws IOException {
        server = Client.start(WebLimits.defaults().withRequestTimeout(TIMEOUT));
        port = server.port();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String post(String path, String extraHeaders, String body) {
        return "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nContent-Type: application/json\r\n"
                + extraHeaders + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length
                + "\r\nConnection: close\r\n\r\n" + body;
    }

    @Test
    void halfOpenConnectionsDoNotStopOtherClients() throws Exception {
        // A timeout longer than the test, so that the 100 connections stay open throughout.
        try (WebServer patient = Client.start(WebLimits.defaults().withRequestTimeout(Duration.ofSeconds(60)))) {
            int p = patient.port();
            List<Socket> halfOpen = new ArrayList<>();
            try {
                for (int i = 0; i < 100; i++) {
                    Socket s = Wire.open(p);
                    if (i % 2 == 1) {
                        s.getOutputStream().write("GET / HTTP/1.1\r\nHost: 127.0".getBytes(StandardCharsets.US_ASCII));
                    }
                    halfOpen.add(s);
                }
                List<Long> millis = new ArrayList<>();
                for (int i = 0; i < 40; i++) {
                    Wire.Answer a = Wire.exchange(p, Wire.get(p, i % 2 == 0 ? "/api/info" : "/"), PATIENCE);
                    assertThat(a.status()).isEqualTo(200);
                    millis.add(a.millis());
                }
                // Starved, the server answered none of these; here each is a few milliseconds. The
                // bounds leave room for a machine busy with other work (see ServerLoadTest).
                assertThat(ServerLoadTest.percentile(millis, 80)).as("4 in 5 within 100 ms: %s", millis)
                        .isLessThan(100);
                assertThat(ServerLoadTest.percentile(millis, 100)).as("all within a second: %s", millis)
                        .isLessThan(1000);
            } finally {
                for (Socket s : halfOpen) {
                    s.close();
                }
            }
        }
    }

    @Test
    void anIncompleteRequestIsAnswered408AtTheTimeout() throws Exception {
        Wire.Answer a = Wire.exchange(port, "GET /api/info HTTP/1.1\r\nHost: 127.0.0.1\r\nAcc", PATIENCE)
                .isJsonError(408);
        assertThat(a.header("Connection")).isEqualTo("close");
        assertThat(a.json().get("error").asText()).isEqualTo("the request did not arrive within 600 ms; its headers"
                + " were incomplete");
        assertThat(a.millis()).as("not before the timeout").isGreaterThanOrEqualTo(TIMEOUT.toMillis() - 50);
        assertThat(a.millis()).as("soon after it").isLessThan(TIMEOUT.toMillis() + 3000);
    }

    @Test
    void aRequestTrickledInByteByByteIsCutAtTheDeadline() throws Exception {
        String request = Wire.get(port, "/api/info").replace("Connection", "X-Padding: " + "x".repeat(200)
                + "\r\nConnection");
        long start = System.nanoTime();
        try (Socket s = Wire.open(port)) {
            OutputStream out = s.getOutputStream();
            // One byte every 20 ms: never idle for the timeout, but the whole would take 5 seconds.
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    for (byte b : request.getBytes(StandardCharsets.US_ASCII)) {
                        out.write(b);
                        out.flush();
                        Thread.sleep(20);
                    }
                } catch (IOException | InterruptedException e) {
                    // The server closed the connection: what the test waits for.
                }
            });
            Wire.Answer a = Wire.read(s, PATIENCE, start).isJsonError(408);
            writer.interrupt();
            assertThat(a.millis()).isLessThan(TIMEOUT.toMillis() + 3000);
        }
    }

    @Test
    void aConnectionThatSendsNothingIsClosedQuietlyAtTheTimeout() throws Exception {
        Wire.Answer a = Wire.exchange(port, new byte[0], PATIENCE);
        assertThat(a.status()).as("closed without an answer: no request was begun").isEqualTo(-1);
        assertThat(a.millis()).isBetween(TIMEOUT.toMillis() - 50, TIMEOUT.toMillis() + 3000);
    }

    @Test
    void aBodyThatStallsIsAnswered408() throws Exception {
        String request = "POST /api/run HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: 100\r\n\r\n{\"text\": \"spawn p\"";
        Wire.Answer a = Wire.exchange(port, request, PATIENCE).isJsonError(408);
        assertThat(a.json().get("error").asText()).isEqualTo("the request body did not arrive within 600 ms");
    }

    @Test
    void aDeclaredLengthOverTheLimitIs413BeforeTheBodyIsRead() throws Exception {
        try (WebServer patient = Client.start(WebLimits.defaults().withRequestTimeout(Duration.ofSeconds(60)))) {
            String request = "POST /api/run HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 10737418240\r\n\r\n{}";
            Wire.Answer a = Wire.exchange(patient.port(), request, PATIENCE).isJsonError(413);
            assertThat(a.json().get("error").asText()).isEqualTo("the request body is larger than the 256 KiB allowed");
            assertThat(a.millis()).as("at once, not after a timeout of 60 s").isLessThan(5000);
        }
    }

    @Test
    void aBodyLongerThanTheLimitWithoutALengthIs413() throws Exception {
        StringBuilder chunked = new StringBuilder("POST /api/run HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n");
        String chunk = "x".repeat(64 << 10);
        for (int i = 0; i < 5; i++) {
            chunked.append(Integer.toHexString(chunk.length())).append("\r\n").append(chunk).append("\r\n");
        }
        chunked.append("0\r\n\r\n");
        Wire.exchange(port, chunked.toString(), PATIENCE).isJsonError(413);
    }

    @Test
    void twoHostHeadersAre400() throws Exception {
        Wire.Answer a = Wire.exchange(port, "GET /api/info HTTP/1.1\r\nHost: 127.0.0.1\r\nHost: rebound.example\r\n"
                + "Connection: close\r\n\r\n", PATIENCE).isJsonError(400);
        assertThat(a.json().get("error").asText()).contains("Duplicate Host");
        Wire.exchange(port, "GET /api/info HTTP/1.1\r\nHost: rebound.example\r\nHost: 127.0.0.1\r\n"
                + "Connection: close\r\n\r\n", PATIENCE).isJsonError(400);
    }

    @Test
    void anotherSiteIsRefusedEvenWithoutAnOrigin() throws Exception {
        String body = "{\"text\": \"spawn p\"}";
        Wire.Answer a = Wire.exchange(port, post("/api/run", "Sec-Fetch-Site: cross-site\r\n", body), PATIENCE)
                .isJsonError(403);
        assertThat(a.json().get("error").asText()).contains("Sec-Fetch-Site: cross-site");
        Wire.exchange(port, post("/api/run", "Sec-Fetch-Site: same-site\r\n", body), PATIENCE).isJsonError(403);
        Wire.exchange(port, Wire.get(port, "/api/info").replace("Connection", "Sec-Fetch-Site: cross-site\r\n"
                + "Connection"), PATIENCE).isJsonError(403);
        // The page itself, and a request typed by hand, are served.
        assertThat(Wire.exchange(port, post("/api/run", "Sec-Fetch-Site: same-origin\r\n", body), PATIENCE).status())
                .isEqualTo(200);
        assertThat(Wire.exchange(port, Wire.get(port, "/api/info").replace("Connection", "Sec-Fetch-Site: none\r\n"
                + "Connection"), PATIENCE).status()).isEqualTo(200);
        // A link from another site to the page opens it (a navigation, not a use of the API).
        assertThat(Wire.exchange(port, Wire.get(port, "/").replace("Connection", "Sec-Fetch-Site: cross-site\r\n"
                + "Connection"), PATIENCE).status()).isEqualTo(200);
    }

    @Test
    void whatTheServerCannotEvenParseIsAnsweredInJson() throws Exception {
        String host = "Host: 127.0.0.1\r\n";
        Wire.exchange(port, "GET /api/\u0000info HTTP/1.1\r\n" + host + "\r\n", PATIENCE).isJsonError(400);
        Wire.exchange(port, "POST /api/run HTTP/1.1\r\n" + host + "Content-Length: -5\r\n\r\n", PATIENCE)
                .isJsonError(400);
        Wire.exchange(port, "POST /api/run HTTP/1.1\r\n" + host + "Content-Length: 5x\r\n\r\n", PATIENCE)
                .isJsonError(400);
        Wire.exchange(port, "GARBAGE\r\n\r\n", PATIENCE).isJsonError(400);
        Wire.exchange(port, "GET /api/info HTTP/1.1 extra\r\n" + host + "\r\n", PATIENCE).isJsonError(400);
        Wire.exchange(port, "GET /%zz HTTP/1.1\r\n" + host + "\r\n", PATIENCE).isJsonError(400);
        Wire.exchange(port, "GET /api/info HTTP/7.0\r\n" + host + "\r\n", PATIENCE).isJsonError(505);
        Wire.exchange(port, "GET /api/info HTTP/1.1\r\n" + host + "X: " + "a".repeat(20_000) + "\r\n\r\n", PATIENCE)
                .isJsonError(431);
        Wire.exchange(port, "POST /api/run HTTP/1.1\r\n" + host + "Content-Length: 2\r\nTransfer-Encoding: chunked"
                + "\r\n\r\n0\r\n\r\n", PATIENCE).isJsonError(400);
        Wire.exchange(port, "GET /api/info HTTP/1.1\r\n\r\n", PATIENCE).isJsonError(400);
        // And it still answers.
        assertThat(Wire.exchange(port, Wire.get(port, "/api/info"), PATIENCE).status()).isEqualTo(200);
    }
}
