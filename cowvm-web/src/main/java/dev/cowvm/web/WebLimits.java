package dev.cowvm.web;

import java.time.Duration;

/**
 * What one request, and one client, may ask of the server. Every request re-runs a scenario
 * from its first statement, so these bound the work and memory of each request, whoever
 * sends it; the timeouts bound how long a slow or silent client holds a connection.
 *
 * @param maxBodyBytes     the largest request body read; a larger one is answered 413 (at
 *                         once when its {@code Content-Length} says so, before reading it)
 * @param maxScenarioBytes the largest scenario text, in UTF-8 bytes
 * @param maxStatements    the most statements a scenario may have (and so the most steps run)
 * @param maxMemory        the largest {@code memory} a scenario may declare, in bytes
 * @param hostMemory       bytes of host memory the frames of one run may use; past that the
 *                         run's pool reports empty, as {@code KernelConfig.hostMemoryLimit} says
 * @param timeLimit        how long one run may take before it is stopped and reported
 * @param maxEvents        the most kernel events one run may make before it is stopped: the
 *                         run keeps a statement's events, so this bounds their memory (a
 *                         read of a huge region maps the zero page once a page)
 * @param concurrentRuns   runs computed at once, each on a thread of its own
 * @param queueWait        how long a run request waits for one of those threads before it is
 *                         answered 503 with {@code Retry-After}
 * @param requestTimeout   how long a request may take to arrive: its headers from their first
 *                         byte, and its body; past that, 408. A connection that sends nothing
 *                         for this long is closed
 * @param maxConnections   connections open at once; past that the server stops accepting
 *                         until one closes
 */
public record WebLimits(int maxBodyBytes, int maxScenarioBytes, int maxStatements, long maxMemory, long hostMemory,
                        Duration timeLimit, long maxEvents, int concurrentRuns, Duration queueWait,
                        Duration requestTimeout, int maxConnections) {
    public WebLimits {
        if (maxBodyBytes < 1024 || maxScenarioBytes < 1 || maxStatements < 1 || maxMemory < 4096 || hostMemory < 4096
                || timeLimit.isNegative() || maxEvents < 1 || concurrentRuns < 1 || queueWait.isNegative()
                || requestTimeout.toMillis() < 1 || maxConnections < 1) {
            throw new IllegalArgumentException("limits out of range: " + this);
        }
    }

    /**
     * 256 KiB bodies, 64 KiB scenarios of at most 2,000 statements, machines of at most
     * 256 MiB of which 128 MiB may hold data at once, 5 seconds and a million kernel events
     * a run, two runs at once and a wait of up to 5 seconds for one (a run in progress ends
     * within that), 10 seconds for a request to arrive, 512 connections: every example runs
     * in milliseconds, and a worst case stays a small share of the host.
     */
    public static WebLimits defaults() {
        return new WebLimits(256 << 10, 64 << 10, 2_000, 256L << 20, 128L << 20, Duration.ofSeconds(5), 1_000_000, 2,
                Duration.ofSeconds(5), Duration.ofSeconds(10), 512);
    }

    public WebLimits withTimeLimit(Duration limit) {
        return new WebLimits(maxBodyBytes, maxScenarioBytes, maxStatements, maxMemory, hostMemory, limit, maxEvents,
                concurrentRuns, queueWait, requestTimeout, maxConnections);
    }

    public WebLimits withMaxStatements(int statements) {
        return new WebLimits(maxBodyBytes, maxScenarioBytes, statements, maxMemory, hostMemory, timeLimit, maxEvents,
                concurrentRuns, queueWait, requestTimeout, maxConnections);
    }

    public WebLimits withMemory(long guestBytes, long hostBytes) {
        return new WebLimits(maxBodyBytes, maxScenarioBytes, maxStatements, guestBytes, hostBytes, timeLimit,
                maxEvents, concurrentRuns, queueWait, requestTimeout, maxConnections);
    }

    public WebLimits withMaxEvents(long events) {
        return new WebLimits(maxBodyBytes, maxScenarioBytes, maxStatements, maxMemory, hostMemory, timeLimit, events,
                concurrentRuns, queueWait, requestTimeout, maxConnections);
    }

    /** {@code runs} computed at once, a request waiting up to {@code wait} for one. */
    public WebLimits withRuns(int runs, Duration wait) {
        return new WebLimits(maxBodyBytes, maxScenarioBytes, maxStatements, maxMemory, hostMemory, timeLimit,
                maxEvents, runs, wait, requestTimeout, maxConnections);
    }

    public WebLimits withRequestTimeout(Duration timeout) {
        return new WebLimits(maxBodyBytes, maxScenarioBytes, maxStatements, maxMemory, hostMemory, timeLimit,
                maxEvents, concurrentRuns, queueWait, timeout, maxConnections);
    }

    public WebLimits withMaxConnections(int connections) {
        return new WebLimits(maxBodyBytes, maxScenarioBytes, maxStatements, maxMemory, hostMemory, timeLimit,
                maxEvents, concurrentRuns, queueWait, requestTimeout, connections);
    }

    /** Whole seconds a client refused for lack of a run thread should wait: one run's time limit, at least 1. */
    long retryAfterSeconds() {
        return Math.max(1, (timeLimit.toMillis() + 999) / 1000);
    }
}
