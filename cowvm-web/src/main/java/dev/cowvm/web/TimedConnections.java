package dev.cowvm.web;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * HTTP/1.1 connections whose requests must arrive in time. Jetty parses headers without a
 * thread, so a client that sends half a request costs a connection and a buffer, not a
 * thread; but left alone, Jetty closes such a connection after its idle timeout without a
 * word. Here a request whose headers have begun must be complete within the request timeout
 * of its first byte (a client trickling one byte at a time does not hold the connection for
 * hours), and one that is not is answered {@code 408} in JSON before the connection is
 * closed. A connection that has sent nothing of a new request is closed silently at the
 * idle timeout, as a keep-alive connection is.
 *
 * <p>This extends Jetty's own HTTP/1.1 connection, from its {@code internal} package, for the
 * two facts only it knows: whether a request is being handled, and whether its parser has
 * started on a new one. Jetty's version is pinned in the build, and {@code WebServerTest}
 * checks the 408 over a real socket.
 */
final class TimedConnections extends HttpConnectionFactory {
    private final Duration timeout;

    TimedConnections(HttpConfiguration config, Duration timeout) {
        super(config);
        this.timeout = timeout;
    }

    @Override
    public Connection newConnection(Connector connector, EndPoint endPoint) {
        // Buffer settings come from the configuration, in the constructor.
        return configure(new Timed(getHttpConfiguration(), connector, endPoint, connector.getScheduler(), timeout),
                connector, endPoint);
    }

    private static final class Timed extends HttpConnection {
        private final Scheduler scheduler;
        private final Duration timeout;
        private final AtomicBoolean timedOut = new AtomicBoolean();
        private volatile Scheduler.Task deadline;

        Timed(HttpConfiguration config, Connector connector, EndPoint endPoint, Scheduler scheduler, Duration timeout) {
            super(config, connector, endPoint);
            this.scheduler = scheduler;
            this.timeout = timeout;
        }

        /** True while the first bytes of a request have come and its headers are not complete. */
        private boolean receivingHeaders() {
            return getHttpChannel().getRequest() == null && !getParser().isStart() && getParser().inHeaderState();
        }

        @Override
        public void onFillable() {
            boolean idle = getHttpChannel().getRequest() == null && getParser().isStart();
            super.onFillable();
            if (idle && receivingHeaders()) {
                Scheduler.Task before = deadline;
                if (before != null) {
                    before.cancel();
                }
                deadline = scheduler.schedule(this::checkDeadline, timeout.toMillis(), TimeUnit.MILLISECONDS);
            }
        }

        private void checkDeadline() {
            if (receivingHeaders()) {
                timeOut();
            }
        }

        @Override
        public boolean onIdleExpired(TimeoutException cause) {
            if (receivingHeaders()) {
                timeOut();
                return false;
            }
            return super.onIdleExpired(cause);
        }

        /**
         * Answers 408 by writing the response directly: no request exists for Jetty to answer,
         * since its headers never completed. Then closes the connection.
         */
        private void timeOut() {
            if (!timedOut.compareAndSet(false, true)) {
                return;
            }
            byte[] json = Json.bytes(Map.of("error", "the request did not arrive within " + timeout.toMillis()
                    + " ms; its headers were incomplete"));
            String head = "HTTP/1.1 408 Request Timeout\r\nContent-Type: application/json; charset=utf-8\r\n"
                    + "Content-Length: " + json.length + "\r\nCache-Control: no-store\r\n"
                    + "X-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n";
            byte[] bytes = head.getBytes(StandardCharsets.US_ASCII);
            ByteBuffer out = ByteBuffer.allocate(bytes.length + json.length).put(bytes).put(json).flip();
            EndPoint end = getEndPoint();
            end.write(Callback.from(() -> {
                end.shutdownOutput();
                end.close();
            }, end::close), out);
        }
    }
}
