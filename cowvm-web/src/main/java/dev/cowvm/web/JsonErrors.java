package dev.cowvm.web;

import java.nio.ByteBuffer;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * The answers Jetty itself gives, to requests it cannot hand to the routes: a malformed
 * request line, a raw control character in the path, a {@code Content-Length} that is not a
 * length, two {@code Host} headers, headers too large, an unknown HTTP version. Each is JSON
 * like every other refusal, {@code {"error": ...}}, never Jetty's HTML page, with Jetty's
 * reason (a fixed phrase such as {@code Duplicate Host Header}); a 500 says no more than
 * that the server failed, never which exception.
 */
final class JsonErrors extends ErrorHandler {
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = response.getStatus();
        if (request.getAttribute(ERROR_STATUS) instanceof Integer s) {
            status = s;
        }
        String detail = request.getAttribute(ERROR_MESSAGE) instanceof String m ? m : null;
        String reason = HttpStatus.getMessage(status);
        String message;
        if (status == 500) {
            message = "the server could not answer this request (" + status + " " + reason + "); it goes on";
        } else {
            message = "the server cannot read this request: "
                    + (detail == null || detail.isBlank() ? reason : detail) + " (" + status + ")";
        }
        response.setStatus(status);
        var h = response.getHeaders();
        h.put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
        h.put(HttpHeader.CACHE_CONTROL, "no-store");
        h.put("X-Content-Type-Options", "nosniff");
        byte[] body = Json.bytes(Map.of("error", message));
        h.put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
        return true;
    }
}
