package dev.cowvm.web;

import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** Reading requests and writing responses of the JDK's HTTP server, within limits. */
final class Exchanges {
    /**
     * How much of an oversized body is read and thrown away before answering 413: the
     * client is usually still sending, and answering first would reset its connection
     * before it can read the answer. Past this, the connection is simply closed.
     */
    private static final long DRAIN_LIMIT = 8L << 20;

    private Exchanges() {
    }

    /**
     * The request body, at most {@code limit} bytes.
     *
     * @throws ApiError 413 if it is larger
     */
    static byte[] body(HttpExchange ex, int limit) throws IOException, ApiError {
        String declared = ex.getRequestHeaders().getFirst("Content-Length");
        InputStream in = ex.getRequestBody();
        if (declared != null && parseLength(declared) > limit) {
            throw tooLarge(in, limit);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(limit, 16 << 10));
        byte[] buf = new byte[8192];
        int n;
        while ((n = in.read(buf)) > 0) {
            if (out.size() + n > limit) {
                throw tooLarge(in, limit);
            }
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    private static long parseLength(String value) throws ApiError {
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw ApiError.badRequest("Content-Length '" + value + "' is not a number");
        }
    }

    private static ApiError tooLarge(InputStream in, int limit) throws IOException {
        long drained = 0;
        byte[] buf = new byte[8192];
        int n;
        while (drained < DRAIN_LIMIT && (n = in.read(buf)) > 0) {
            drained += n;
        }
        return new ApiError(413, "the request body is larger than the " + (limit >> 10) + " KiB allowed");
    }

    /** Sends a complete response; a HEAD request gets the headers only. */
    static void send(HttpExchange ex, int status, String contentType, byte[] body) throws IOException {
        var h = ex.getResponseHeaders();
        h.set("Content-Type", contentType);
        h.set("Cache-Control", "no-store");
        h.set("X-Content-Type-Options", "nosniff");
        boolean head = "HEAD".equals(ex.getRequestMethod());
        if (head) {
            h.set("Content-Length", Integer.toString(body.length));
        }
        ex.sendResponseHeaders(status, head ? -1 : body.length == 0 ? -1 : body.length);
        if (!head && body.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
        ex.close();
    }

    static void sendJson(HttpExchange ex, int status, Object value) throws IOException {
        send(ex, status, "application/json; charset=utf-8", Json.bytes(value));
    }
}
