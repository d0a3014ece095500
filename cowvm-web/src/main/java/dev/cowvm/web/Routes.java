package dev.cowvm.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Every request that reaches the server whole: who may ask (the host name it is addressed
 * to, the page it comes from), then the API or one of the page's files. Each is answered
 * once; a refusal is a 4xx with a JSON {@code {"error": ...}}, an unexpected fault a 500 with
 * one line, and the server goes on.
 */
final class Routes extends Handler.Abstract {
    private static final String STATIC = "/dev/cowvm/web/static/";
    private static final Pattern EXAMPLE = Pattern.compile("/api/examples/([^/]*)");
    private static final Pattern ASSET = Pattern.compile("/([a-z0-9-]+\\.(?:html|js|css|svg))");
    private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8", "svg", "image/svg+xml");
    /**
     * The page may load only its own files: nothing from the network, whatever it contains.
     * Inline styles are allowed for the positions the drawing computes.
     */
    private static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline';"
            + " img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private final Api api;
    private final WebLimits limits;
    private final boolean loopback;
    private final Consumer<String> log;
    /** The page's files, each read once: serving one is a copy from memory. Only files that exist are kept. */
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();

    Routes(Api api, WebLimits limits, boolean loopback, Consumer<String> log) {
        this.api = api;
        this.limits = limits;
        this.loopback = loopback;
        this.log = log;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        Exchange ex = new Exchange(request, response, callback);
        try {
            route(ex);
        } catch (ApiError e) {
            answer(ex, e);
        } catch (RuntimeException | StackOverflowError e) {
            log.accept("cowvm serve: internal error on " + ex.method() + " " + ex.path() + ": " + e);
            answer(ex, new ApiError(500, "internal error: " + e.getClass().getSimpleName()
                    + "; the server goes on (the details are in its log)"));
        } catch (OutOfMemoryError e) {
            answer(ex, new ApiError(503, "the server ran out of memory for this request; try a smaller scenario"));
        }
        return true;
    }

    private static void answer(Exchange ex, ApiError e) {
        if (ex.committed()) {
            ex.abort(e);
        } else {
            ex.sendError(e);
        }
    }

    private void route(Exchange ex) throws ApiError {
        checkHost(ex);
        String method = ex.method();
        String path = ex.path();
        if (path.startsWith("/api/")) {
            checkFetchSite(ex);
        }
        Matcher example = EXAMPLE.matcher(path);
        if (path.equals("/api/info")) {
            get(method);
            ex.send(200, Exchange.JSON, api.infoJson(), Map.of());
        } else if (example.matches()) {
            get(method);
            ex.sendJson(200, api.example(example.group(1)));
        } else if (path.equals("/api/run")) {
            ex.sendJson(200, api.run(postBody(ex)));
        } else if (path.equals("/api/frame")) {
            ex.sendJson(200, api.frame(postBody(ex)));
        } else if (path.startsWith("/api/")) {
            throw ApiError.notFound("no API at " + path + "; there are /api/info, /api/examples/NAME, /api/run and"
                    + " /api/frame");
        } else {
            asset(ex, method, path.equals("/") ? "/index.html" : path);
        }
    }

    private static void get(String method) throws ApiError {
        if (!method.equals("GET") && !method.equals("HEAD")) {
            throw new ApiError(405, "method " + method + " is not allowed here; use GET").allow("GET, HEAD");
        }
    }

    private byte[] postBody(Exchange ex) throws ApiError {
        if (!ex.method().equals("POST")) {
            throw new ApiError(405, "method " + ex.method() + " is not allowed here; use POST").allow("POST");
        }
        String type = ex.header("Content-Type");
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            throw new ApiError(415, "the body must be JSON, sent with Content-Type: application/json");
        }
        String origin = ex.header("Origin");
        String host = ex.header("Host");
        if (origin != null && host != null && !origin.equals("http://" + host)) {
            throw new ApiError(403, "requests from " + origin + " are not accepted; use the page this server serves");
        }
        return ex.body(limits.maxBodyBytes(), limits.requestTimeout());
    }

    /**
     * A browser says where a request comes from in {@code Sec-Fetch-Site}, even when it sends no
     * {@code Origin}: the API answers only its own page ({@code same-origin}) and what a user
     * typed or bookmarked ({@code none}). Clients that are not browsers send no such header.
     */
    private static void checkFetchSite(Exchange ex) throws ApiError {
        String site = ex.header("Sec-Fetch-Site");
        if (site != null && !site.equals("same-origin") && !site.equals("none")) {
            throw new ApiError(403, "requests from another site (Sec-Fetch-Site: " + site + ") are not accepted;"
                    + " use the page this server serves");
        }
    }

    /**
     * Exactly one {@code Host}; on loopback, a loopback name: another site's name resolving
     * here (DNS rebinding) is refused. Jetty already answers a second {@code Host} with 400;
     * this says so again in case a request reaches here another way.
     */
    private void checkHost(Exchange ex) throws ApiError {
        if (ex.count("Host") > 1) {
            throw ApiError.badRequest("the request has " + ex.count("Host") + " Host headers; send exactly one");
        }
        if (!loopback) {
            return;
        }
        String host = ex.header("Host");
        if (host == null) {
            throw new ApiError(403, "this server answers only requests for localhost or 127.0.0.1, and this one"
                    + " names no Host");
        }
        String name = host.replaceFirst(":\\d+$", "").toLowerCase(Locale.ROOT);
        if (!(name.equals("127.0.0.1") || name.equals("localhost") || name.equals("[::1]"))) {
            throw new ApiError(403, "this server answers only requests for localhost or 127.0.0.1, not '" + host + "'");
        }
    }

    /** One of the page's files, or null. */
    private byte[] file(String path) {
        Matcher m = ASSET.matcher(path);
        if (!m.matches()) {
            return null;
        }
        byte[] body = files.get(path);
        if (body == null) {
            try (InputStream in = Routes.class.getResourceAsStream(STATIC + m.group(1))) {
                if (in == null) {
                    return null;
                }
                body = in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            files.put(path, body);
        }
        return body;
    }

    private void asset(Exchange ex, String method, String path) throws ApiError {
        byte[] body = file(path);
        if (body == null) {
            throw ApiError.notFound("nothing at " + path + "; the visualizer is at /");
        }
        get(method);
        String ext = path.substring(path.lastIndexOf('.') + 1);
        ex.send(200, TYPES.get(ext), body, Map.of("Content-Security-Policy", CSP, "Referrer-Policy", "no-referrer"));
    }
}
