package dev.cowvm.web;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A request the server refuses, with the HTTP status and a message for the user; sent as
 * {@code {"error": message, ...details}}. Expected, so it carries no stack trace.
 */
final class ApiError extends Exception {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final transient Map<String, Object> details = new LinkedHashMap<>();
    private final transient Map<String, String> headers = new LinkedHashMap<>();

    ApiError(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    static ApiError badRequest(String message) {
        return new ApiError(400, message);
    }

    static ApiError notFound(String message) {
        return new ApiError(404, message);
    }

    /** The request was well formed but its scenario cannot be run: 422. */
    static ApiError unprocessable(String message) {
        return new ApiError(422, message);
    }

    ApiError with(String key, Object value) {
        details.put(key, value);
        return this;
    }

    /** A 405's {@code Allow}: in the body as {@code allow}, and as the header. */
    ApiError allow(String methods) {
        headers.put("Allow", methods);
        return with("allow", methods);
    }

    /** A 503's {@code Retry-After}, in seconds. */
    ApiError retryAfter(long seconds) {
        headers.put("Retry-After", Long.toString(seconds));
        return this;
    }

    /** Response headers that go with the refusal. */
    Map<String, String> headers() {
        return headers;
    }

    int status() {
        return status;
    }

    /** The JSON body: the message first, then the details. */
    Map<String, Object> body() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("error", getMessage());
        m.putAll(details);
        return m;
    }
}
