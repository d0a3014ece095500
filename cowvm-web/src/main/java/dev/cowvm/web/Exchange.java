package dev.cowvm.web;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * One request and its response, as the routes see them: the method, the path, the headers,
 * the body read within limits, and exactly one answer. It runs on the request's own
 * (virtual) thread, so reading the body may wait; it never waits longer than the request
 * timeout.
 */
final class Exchange {
    static final String JSON = "application/json; charset=utf-8";

    private final Request request;
    private final Response response;
    private final Callback callback;

    Exchange(Request request, Response response, Callback callback) {
        this.request = request;
        this.response = response;
        this.callback = callback;
    }

    String method() {
        return request.getMethod();
    }

    /** The decoded path, {@code /api/run}; Jetty has refused paths that leave the root. */
    String path() {
        String p = request.getHttpURI().getDecodedPath();
        return p == null || p.isEmpty() ? "/" : p;
    }

    /** The header's value, or null; several values are joined as HTTP joins them. */
    String header(String name) {
        List<String> values = request.getHeaders().getValuesList(name);
        return values.isEmpty() ? null : String.join(", ", values);
    }

    /** How many times the header was sent. */
    int count(String name) {
        return request.getHeaders().getValuesList(name).size();
    }

    /**
     * The request body, at most {@code limit} bytes, arriving within {@code timeout}.
     *
     * @throws ApiError 413 if it is larger: at once, unread, when {@code Content-Length} says
     *                  so; 408 if it does not arrive in time; 400 if the client stops short
     */
    byte[] body(int limit, Duration timeout) throws ApiError {
        // Jetty has answered 400 to a Content-Length that is not a number before this; the
        // length it parsed is here, -1 for a chunked body.
        if (request.getLength() > limit) {
            throw tooLarge(limit);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(limit, 16 << 10));
        for (;;) {
            Content.Chunk chunk = request.read();
            if (chunk == null) {
                awaitMore(deadline, timeout);
                continue;
            }
            try {
                if (Content.Chunk.isFailure(chunk)) {
                    throw failed(chunk.getFailure(), timeout);
                }
                ByteBuffer bytes = chunk.getByteBuffer();
                if (out.size() + bytes.remaining() > limit) {
                    throw tooLarge(limit);
                }
                byte[] part = new byte[bytes.remaining()];
                bytes.get(part);
                out.write(part, 0, part.length);
                if (chunk.isLast()) {
                    return out.toByteArray();
                }
            } finally {
                chunk.release();
            }
        }
    }

    /** Waits until more of the body may be read, or the deadline: 408. */
    private void awaitMore(long deadline, Duration timeout) throws ApiError {
        CompletableFuture<Void> more = new CompletableFuture<>();
        request.demand(() -> more.complete(null));
        long left = deadline - System.nanoTime();
        try {
            more.get(Math.max(0, left), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw bodyTimeout(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiError(503, "the server is stopping");
        } catch (ExecutionException e) {
            throw new IllegalStateException("a demand callback failed", e.getCause());
        }
    }

    private static ApiError failed(Throwable failure, Duration timeout) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof TimeoutException) {
                return bodyTimeout(timeout);
            }
        }
        return ApiError.badRequest("the request body ended before it was complete");
    }

    private static ApiError bodyTimeout(Duration timeout) {
        return new ApiError(408, "the request body did not arrive within " + timeout.toMillis() + " ms");
    }

    private static ApiError tooLarge(int limit) {
        return new ApiError(413, "the request body is larger than the " + (limit >> 10) + " KiB allowed");
    }

    /** Sends a complete response; Jetty leaves out the body of an answer to HEAD. */
    void send(int status, String contentType, byte[] body, Map<String, String> headers) {
        response.setStatus(status);
        var h = response.getHeaders();
        headers.forEach(h::put);
        h.put(HttpHeader.CONTENT_TYPE, contentType);
        h.put(HttpHeader.CACHE_CONTROL, "no-store");
        h.put("X-Content-Type-Options", "nosniff");
        h.put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    void sendJson(int status, Object value) {
        send(status, JSON, Json.bytes(value), Map.of());
    }

    void sendError(ApiError e) {
        send(e.status(), JSON, Json.bytes(e.body()), e.headers());
    }

    /** True once the status and headers have gone out: nothing else can be sent. */
    boolean committed() {
        return response.isCommitted();
    }

    /** Ends the exchange without an answer (the connection is closed). */
    void abort(Throwable why) {
        callback.failed(why);
    }
}
