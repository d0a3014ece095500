package dev.cowvm.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP written and read by hand over a socket to 127.0.0.1: for what a well-behaved client
 * never sends (half a request, a lying length, two Host headers, a NUL in the path) and for
 * timing exactly one request on a fresh connection.
 */
final class Wire {
    private Wire() {
    }

    /** An answer read off the wire; status -1 if the server closed the connection without one. */
    record Answer(int status, Map<String, String> headers, String body, long millis) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        JsonNode json() {
            try {
                return Client.JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        /** A refusal as every refusal must be: this status, JSON with an error, nothing of HTML or Java. */
        Answer isJsonError(int expected) {
            assertThat(status).as(this.toString()).isEqualTo(expected);
            assertThat(header("Content-Type")).as(toString()).startsWith("application/json");
            assertThat(json().path("error").asText()).as(toString()).isNotBlank();
            assertThat(body).as(toString()).doesNotContainIgnoringCase("<html").doesNotContain("Exception")
                    .doesNotContain("\tat ").doesNotContainIgnoringCase("jetty");
            return this;
        }
    }

    static Socket open(int port) throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
        s.setTcpNoDelay(true);
        return s;
    }

    /** Sends {@code request} on a fresh connection and reads the answer, waiting at most {@code wait}. */
    static Answer exchange(int port, String request, Duration wait) throws IOException {
        return exchange(port, request.getBytes(StandardCharsets.ISO_8859_1), wait);
    }

    static Answer exchange(int port, byte[] request, Duration wait) throws IOException {
        long start = System.nanoTime();
        try (Socket s = open(port)) {
            s.getOutputStream().write(request);
            s.getOutputStream().flush();
            return read(s, wait, start);
        }
    }

    /**
     * Reads one answer from {@code s}: up to the end of its body as {@code Content-Length}
     * gives it, or to the end of the stream.
     */
    static Answer read(Socket s, Duration wait, long startNanos) throws IOException {
        s.setSoTimeout((int) wait.toMillis());
        InputStream in = s.getInputStream();
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        int headEnd = -1;
        int length = -1;
        try {
            int n;
            while ((n = in.read(buf)) > 0) {
                got.write(buf, 0, n);
                if (headEnd < 0) {
                    String text = got.toString(StandardCharsets.ISO_8859_1);
                    if ((headEnd = text.indexOf("\r\n\r\n")) >= 0) {
                        length = contentLength(text.substring(0, headEnd));
                    }
                }
                if (headEnd >= 0 && length >= 0 && got.size() >= headEnd + 4 + length) {
                    break;
                }
            }
        } catch (SocketTimeoutException e) {
            if (got.size() == 0) {
                throw e;
            }
        }
        long millis = (System.nanoTime() - startNanos) / 1_000_000;
        String text = got.toString(StandardCharsets.UTF_8);
        if (text.isEmpty()) {
            return new Answer(-1, Map.of(), "", millis);
        }
        int end = text.indexOf("\r\n\r\n");
        String[] head = (end < 0 ? text : text.substring(0, end)).split("\r\n");
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < head.length; i++) {
            int colon = head[i].indexOf(':');
            if (colon > 0) {
                headers.put(head[i].substring(0, colon).strip().toLowerCase(Locale.ROOT), head[i].substring(colon + 1)
                        .strip());
            }
        }
        int status = Integer.parseInt(head[0].split(" ")[1]);
        return new Answer(status, headers, end < 0 ? "" : text.substring(end + 4), millis);
    }

    private static int contentLength(String head) {
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                return Integer.parseInt(line.substring(15).strip());
            }
        }
        return -1;
    }

    /** A GET of {@code path} as a browser's page would send it, on a connection closed after it. */
    static String get(int port, String path) {
        return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nConnection: close\r\n\r\n";
    }
}
