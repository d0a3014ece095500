package dev.cowvm.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The visualizer's HTTP server: the JDK's own {@link HttpServer}, serving one page (plain
 * HTML, CSS and JavaScript from this module's resources) and the JSON {@link Api}.
 *
 * <pre>{@code
 * try (WebServer web = WebServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
 *         WebLimits.defaults(), new ScenarioText("slide.cow", Examples.text("slide")))) {
 *     System.out.println(web.uri());
 * }
 * }</pre>
 *
 * <h2>What it withstands</h2>
 * <ul>
 *   <li>Every request is checked: a bad one gets a 4xx and a JSON {@code {"error": ...}}
 *       saying what is wrong, never a stack trace; an unexpected fault gets a 500 with one
 *       line, and the server goes on.</li>
 *   <li>Each run is bounded by {@link WebLimits}: size, statements, guest and host memory,
 *       time, and how many run at once.</li>
 *   <li>Bound to the loopback address, it answers only requests addressed to a loopback name
 *       (so a web page elsewhere cannot reach it through DNS rebinding), and POSTs must be
 *       JSON from the page's own origin.</li>
 * </ul>
 */
public final class WebServer implements AutoCloseable {
    private static final String STATIC = "/dev/cowvm/web/static/";
    private static final Pattern ASSET = Pattern.compile("/([a-z0-9-]+\\.(?:html|js|css|svg))");
    private static final Pattern EXAMPLE = Pattern.compile("/api/examples/([^/]*)");
    private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8", "svg", "image/svg+xml");
    /**
     * The page may load only its own files: nothing from the network, whatever it contains.
     * Inline styles are allowed for the positions the drawing computes.
     */
    private static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline';"
            + " img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private final HttpServer server;
    private final ExecutorService threads;
    private final Api api;
    private final WebLimits limits;
    private final boolean loopback;
    private final Consumer<String> log;

    private WebServer(HttpServer server, ExecutorService threads, WebLimits limits, ScenarioText initial,
                      Consumer<String> log) {
        this.server = server;
        this.threads = threads;
        this.limits = limits;
        this.api = new Api(limits, initial);
        this.loopback = server.getAddress().getAddress().isLoopbackAddress();
        this.log = log;
    }

    /**
     * Binds {@code address} (port 0 picks a free port) and starts serving.
     *
     * @param initial the scenario the page opens with
     * @param log     where unexpected faults are reported, one line each
     * @throws IOException if the address cannot be bound (in use, or not this machine's)
     */
    public static WebServer start(InetSocketAddress address, WebLimits limits, ScenarioText initial,
                                  Consumer<String> log) throws IOException {
        HttpServer http = HttpServer.create(address, 64);
        AtomicInteger n = new AtomicInteger();
        // A few threads: runs are bounded by WebLimits.concurrentRuns, the rest serve files.
        ExecutorService threads = Executors.newFixedThreadPool(limits.concurrentRuns() + 2, r -> {
            Thread t = new Thread(r, "cowvm-web-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        WebServer web = new WebServer(http, threads, limits, initial, log);
        http.createContext("/", web::handle);
        http.setExecutor(threads);
        http.start();
        return web;
    }

    /** Starts on the loopback address with the default limits, reporting faults on standard error. */
    public static WebServer start(int port, ScenarioText initial) throws IOException {
        return start(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), WebLimits.defaults(), initial,
                System.err::println);
    }

    /** The port it listens on (the one picked, if started on port 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    /** The page's address: {@code http://127.0.0.1:8080/}. */
    public URI uri() {
        InetSocketAddress a = server.getAddress();
        String host = a.getAddress().isAnyLocalAddress() ? "127.0.0.1" : a.getAddress().getHostAddress();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort() + "/");
    }

    public WebLimits limits() {
        return limits;
    }

    /** Stops accepting, ends the exchanges in progress, and stops the threads. */
    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

    // ------------------------------------------------------------------ requests

    private void handle(HttpExchange ex) {
        try (ex) {
            try {
                route(ex);
            } catch (ApiError e) {
                if (e.status() == 405) {
                    ex.getResponseHeaders().set("Allow", (String) e.body().getOrDefault("allow", "GET"));
                }
                if (e.status() == 503) {
                    ex.getResponseHeaders().set("Retry-After", "1");
                }
                Exchanges.sendJson(ex, e.status(), e.body());
            }
        } catch (IOException e) {
            // The client went away; nothing to answer.
        } catch (RuntimeException | StackOverflowError e) {
            log.accept("cowvm serve: internal error on " + ex.getRequestMethod() + " " + ex.getRequestURI().getPath()
                    + ": " + e);
            answerQuietly(ex, 500, "internal error: " + e.getClass().getSimpleName()
                    + "; the server goes on (the details are in its log)");
        } catch (OutOfMemoryError e) {
            answerQuietly(ex, 503, "the server ran out of memory for this request; try a smaller scenario");
        }
    }

    private static void answerQuietly(HttpExchange ex, int status, String message) {
        try {
            Exchanges.sendJson(ex, status, Map.of("error", message));
        } catch (IOException | RuntimeException ignored) {
            // The response was already under way, or the client is gone.
        }
    }

    private void route(HttpExchange ex) throws IOException, ApiError {
        checkHost(ex);
        String method = ex.getRequestMethod();
        String path = ex.getRequestURI().getPath();
        if (path.equals("/api/info")) {
            get(method);
            Exchanges.sendJson(ex, 200, api.info());
        } else if (EXAMPLE.matcher(path).matches()) {
            get(method);
            var m = EXAMPLE.matcher(path);
            m.matches();
            Exchanges.sendJson(ex, 200, api.example(m.group(1)));
        } else if (path.equals("/api/run")) {
            Exchanges.sendJson(ex, 200, api.run(postBody(ex)));
        } else if (path.equals("/api/frame")) {
            Exchanges.sendJson(ex, 200, api.frame(postBody(ex)));
        } else if (path.startsWith("/api/")) {
            throw ApiError.notFound("no API at " + path + "; there are /api/info, /api/examples/NAME, /api/run and"
                    + " /api/frame");
        } else {
            asset(ex, method, path.equals("/") ? "/index.html" : path);
        }
    }

    private static void get(String method) throws ApiError {
        if (!method.equals("GET") && !method.equals("HEAD")) {
            throw new ApiError(405, "method " + method + " is not allowed here; use GET").with("allow", "GET, HEAD");
        }
    }

    private byte[] postBody(HttpExchange ex) throws IOException, ApiError {
        if (!ex.getRequestMethod().equals("POST")) {
            throw new ApiError(405, "method " + ex.getRequestMethod() + " is not allowed here; use POST")
                    .with("allow", "POST");
        }
        String type = ex.getRequestHeaders().getFirst("Content-Type");
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            throw new ApiError(415, "the body must be JSON, sent with Content-Type: application/json");
        }
        String origin = ex.getRequestHeaders().getFirst("Origin");
        String host = ex.getRequestHeaders().getFirst("Host");
        if (origin != null && host != null && !origin.equals("http://" + host)) {
            throw new ApiError(403, "requests from " + origin + " are not accepted; use the page this server serves");
        }
        return Exchanges.body(ex, limits.maxBodyBytes());
    }

    /** On loopback, only requests addressed to a loopback name: another site's name resolving here is refused. */
    private void checkHost(HttpExchange ex) throws ApiError {
        if (!loopback) {
            return;
        }
        String host = ex.getRequestHeaders().getFirst("Host");
        String name = host == null ? "" : host.replaceFirst(":\\d+$", "").toLowerCase(Locale.ROOT);
        if (!(name.equals("127.0.0.1") || name.equals("localhost") || name.equals("[::1]"))) {
            throw new ApiError(403, "this server answers only requests for localhost or 127.0.0.1, not '" + host + "'");
        }
    }

    private void asset(HttpExchange ex, String method, String path) throws IOException, ApiError {
        var m = ASSET.matcher(path);
        byte[] body = null;
        if (m.matches()) {
            try (InputStream in = WebServer.class.getResourceAsStream(STATIC + m.group(1))) {
                body = in == null ? null : in.readAllBytes();
            }
        }
        if (body == null) {
            throw ApiError.notFound("nothing at " + path + "; the visualizer is at /");
        }
        get(method);
        String ext = path.substring(path.lastIndexOf('.') + 1);
        ex.getResponseHeaders().set("Content-Security-Policy", CSP);
        ex.getResponseHeaders().set("Referrer-Policy", "no-referrer");
        Exchanges.send(ex, 200, TYPES.get(ext), body);
    }
}
