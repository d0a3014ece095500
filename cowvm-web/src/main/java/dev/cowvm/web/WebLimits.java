package dev.cowvm.web;

import java.time.Duration;

/**
 * What one request to the visualizer may ask of the server. Every request re-runs a
 * scenario from its first statement, so these bound the work and memory of each request,
 * whoever sends it.
 *
 * @param maxBodyBytes     the largest request body read; a larger one is answered 413
 * @param maxScenarioBytes the largest scenario text, in UTF-8 bytes
 * @param maxStatements    the most statements a scenario may have (and so the most steps run)
 * @param maxMemory        the largest {@code memory} a scenario may declare, in bytes
 * @param hostMemory       bytes of host memory the frames of one run may use; past that the
 *                         run's pool reports empty, as {@code KernelConfig.hostMemoryLimit} says
 * @param timeLimit        how long one run may take before it is stopped and reported
 * @param maxEvents        the most kernel events one run may make before it is stopped: the
 *                         run keeps a statement's events, so this bounds their memory (a
 *                         read of a huge region maps the zero page once a page)
 * @param concurrentRuns   runs computed at once; further requests wait up to the time limit,
 *                         then are told the server is busy
 */
public record WebLimits(int maxBodyBytes, int maxScenarioBytes, int maxStatements, long maxMemory, long hostMemory,
                        Duration timeLimit, long maxEvents, int concurrentRuns) {
    public WebLimits {
        if (maxBodyBytes < 1024 || maxScenarioBytes < 1 || maxStatements < 1 || maxMemory < 4096 || hostMemory < 4096
                || timeLimit.isNegative() || maxEvents < 1 || concurrentRuns < 1) {
            throw new IllegalArgumentException("limits out of range: " + this);
        }
    }

    /**
     * 256 KiB bodies, 64 KiB scenarios of at most 2,000 statements, machines of at most
     * 256 MiB of which 128 MiB may hold data at once, 5 seconds and a million kernel events
     * a run, two runs at once: every example runs in milliseconds, and a worst case stays a
     * small share of the host.
     */
    public static WebLimits defaults() {
        return new WebLimits(256 << 10, 64 << 10, 2_000, 256L << 20, 128L << 20, Duration.ofSeconds(5), 1_000_000, 2);
    }

    public WebLimits withTimeLimit(Duration limit) {
        return new WebLimits(maxBodyBytes, maxScenarioBytes, maxStatements, maxMemory, hostMemory, limit, maxEvents,
                concurrentRuns);
    }

    public WebLimits withMaxStatements(int statements) {
        return new WebLimits(maxBodyBytes, maxScenarioBytes, statements, maxMemory, hostMemory, timeLimit, maxEvents,
                concurrentRuns);
    }

    public WebLimits withMemory(long guestBytes, long hostBytes) {
        return new WebLimits(maxBodyBytes, maxScenarioBytes, maxStatements, guestBytes, hostBytes, timeLimit,
                maxEvents, concurrentRuns);
    }

    public WebLimits withMaxEvents(long events) {
        return new WebLimits(maxBodyBytes, maxScenarioBytes, maxStatements, maxMemory, hostMemory, timeLimit, events,
                concurrentRuns);
    }
}
