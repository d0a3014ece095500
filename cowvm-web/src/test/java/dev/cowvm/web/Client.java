package dev.cowvm.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Talks to a {@link WebServer} over real HTTP, as the page does. */
final class Client {
    static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final URI base;

    Client(URI base) {
        this.base = base;
    }

    record Reply(int status, String body, HttpHeaders headers) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        String error() {
            return json().path("error").asText();
        }
    }

    /**
     * A scenario that computes until any time limit stops it: 1,996 fills of 32 MiB, a few
     * milliseconds each, in 40 KB of text (within the 64 KiB and 2,000 statements allowed).
     */
    static String heavy() {
        StringBuilder s = new StringBuilder("memory 256MiB\nspawn p\np map m 32MiB rw\n");
        for (int i = 0; i < 1996; i++) {
            s.append("p fill m 0 32MiB ").append(i % 256).append('\n');
        }
        return s.toString();
    }

    /** The server on the loopback address with the given limits, opening with the slide. */
    static WebServer start(WebLimits limits) throws IOException {
        return WebServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), limits,
                new ScenarioText("slide.cow", dev.cowvm.script.Examples.text("slide")), line -> {
                    throw new AssertionError("the server reported an internal error: " + line);
                });
    }

    Reply get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET());
    }

    Reply send(String method, String path, String contentType, byte[] body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return send(b);
    }

    Reply post(String path, String json) throws IOException, InterruptedException {
        return send("POST", path, "application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    /** POSTs {"text": text, "step": step} (step a number, "end", or null for none) to /api/run. */
    Reply run(String text, Object step) throws IOException, InterruptedException {
        return post("/api/run", body(text, step).toString());
    }

    static ObjectNode body(String text, Object step) {
        ObjectNode n = JSON.createObjectNode().put("text", text);
        if (step instanceof Integer i) {
            n.put("step", i);
        } else if (step != null) {
            n.put("step", step.toString());
        }
        return n;
    }

    private Reply send(HttpRequest.Builder b) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(b.timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return new Reply(r.statusCode(), r.body(), r.headers());
    }

    /** A request written by hand, for headers the JDK's client will not set (Host). */
    String raw(String request) throws IOException {
        try (Socket s = new Socket(base.getHost(), base.getPort())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
