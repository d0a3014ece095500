package dev.cowvm.web;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The visualizer's HTTP server: Jetty's core server (no servlets), serving one page (plain
 * HTML, CSS and JavaScript from this module's resources) and the JSON {@link Api}.
 *
 * <pre>{@code
 * try (WebServer web = WebServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
 *         WebLimits.defaults(), new ScenarioText("slide.cow", Examples.text("slide")), System.err::println)) {
 *     System.out.println(web.uri());
 * }
 * }</pre>
 *
 * <h2>What it withstands</h2>
 * <ul>
 *   <li>Slow and silent clients: Jetty reads requests without a thread, so a connection that
 *       sends nothing, or half a request, holds no thread; a request must arrive within
 *       {@link WebLimits#requestTimeout()} or is answered 408 ({@link TimedConnections}); a
 *       body that stalls is answered 408 too; at most {@link WebLimits#maxConnections()} are
 *       open at once.</li>
 *   <li>Many runs at once: each request is served on a virtual thread; runs compute on
 *       {@link WebLimits#concurrentRuns()} platform threads of their own ({@link RunSlots}),
 *       and a request that cannot get one within {@link WebLimits#queueWait()} is answered
 *       503 with {@code Retry-After}. So the page and {@code /api/info} are answered while
 *       both run threads compute.</li>
 *   <li>Lying or malformed requests: a declared body over the limit is answered 413 before a
 *       byte of it is read; a second {@code Host}, a bad {@code Content-Length}, a control
 *       character in the path and the like are answered by Jetty with a 400 that
 *       {@link JsonErrors} writes as JSON. Every refusal is {@code {"error": ...}}, never a
 *       stack trace; an unexpected fault is a 500 with one line, and the server goes on.</li>
 *   <li>Each run is bounded by {@link WebLimits}: size, statements, guest and host memory,
 *       time and kernel events.</li>
 *   <li>Bound to the loopback address, it answers only requests addressed to a loopback name
 *       (so a web page elsewhere cannot reach it through DNS rebinding), and the API answers
 *       only its own page: POSTs must be JSON from the page's origin, and a browser's
 *       {@code Sec-Fetch-Site} must say the request comes from it.</li>
 * </ul>
 */
public final class WebServer implements AutoCloseable {
    private final Server server;
    private final ServerConnector connector;
    private final RunSlots runs;
    private final WebLimits limits;

    private WebServer(Server server, ServerConnector connector, RunSlots runs, WebLimits limits) {
        this.server = server;
        this.connector = connector;
        this.runs = runs;
        this.limits = limits;
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
        // Platform threads for Jetty's selector and acceptor; every request on a virtual thread.
        QueuedThreadPool threads = new QueuedThreadPool(16, 4);
        threads.setName("cowvm-web");
        threads.setDaemon(true);
        threads.setVirtualThreadsExecutor(Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("cowvm-request-", 1).factory()));
        Server server = new Server(threads);

        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        ServerConnector connector = new ServerConnector(server, 1, 1,
                new TimedConnections(http, limits.requestTimeout()));
        connector.setHost(address.getAddress().getHostAddress());
        connector.setPort(address.getPort());
        connector.setIdleTimeout(limits.requestTimeout().toMillis());
        connector.setAcceptQueueSize(128);
        server.addConnector(connector);
        server.addBean(new NetworkConnectionLimit(limits.maxConnections(), connector));

        RunSlots runs = new RunSlots(limits);
        boolean loopback = address.getAddress().isLoopbackAddress();
        server.setHandler(new Routes(new Api(limits, initial, runs), limits, loopback, log));
        server.setErrorHandler(new JsonErrors());
        server.setStopTimeout(0);
        try {
            server.start();
        } catch (IOException e) {
            stopQuietly(server, runs);
            throw e.getCause() instanceof BindException bind ? bind : e;
        } catch (Exception e) {
            stopQuietly(server, runs);
            throw new IOException(e.getMessage(), e);
        }
        return new WebServer(server, connector, runs, limits);
    }

    /** Starts on the loopback address with the default limits, reporting faults on standard error. */
    public static WebServer start(int port, ScenarioText initial) throws IOException {
        return start(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), WebLimits.defaults(), initial,
                System.err::println);
    }

    /** The port it listens on (the one picked, if started on port 0). */
    public int port() {
        return connector.getLocalPort();
    }

    /** The page's address: {@code http://127.0.0.1:8080/}. */
    public URI uri() {
        String host = connector.getHost();
        InetAddress a;
        try {
            a = InetAddress.getByName(host);
        } catch (IOException e) {
            throw new IllegalStateException("the server's own address " + host + " does not resolve", e);
        }
        String shown = a.isAnyLocalAddress() ? "127.0.0.1" : a.getHostAddress();
        return URI.create("http://" + (shown.contains(":") ? "[" + shown + "]" : shown) + ":" + port() + "/");
    }

    public WebLimits limits() {
        return limits;
    }

    /** Where runs compute, for tests that check how many ever ran at once. */
    RunSlots runSlots() {
        return runs;
    }

    /**
     * Stops accepting, ends the exchanges in progress, and stops the threads. Called from a
     * thread that was interrupted (how {@code cowvm serve} is stopped in-process), Jetty's stop
     * would wait out its timeouts; the flag is set aside while it stops, and restored.
     */
    @Override
    public void close() {
        boolean interrupted = Thread.interrupted();
        try {
            stopQuietly(server, runs);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void stopQuietly(Server server, RunSlots runs) {
        try {
            server.stop();
        } catch (Exception e) {
            // Stopping is best effort: the threads are daemons and the port is released with the channel.
        } finally {
            runs.close();
        }
    }
}
