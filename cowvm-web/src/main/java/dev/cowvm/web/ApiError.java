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
