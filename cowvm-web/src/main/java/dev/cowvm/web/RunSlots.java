package dev.cowvm.web;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where runs compute: at most {@code concurrentRuns} at once, each on a platform thread of
 * its own, and a request waits for one at most {@code queueWait} before it is told the
 * server is busy (503).
 *
 * <p>Why threads of their own: requests are served on virtual threads, which share as many
 * carrier threads as the machine has cores and are never preempted. A run is pure
 * computation for up to its time limit; on a carrier it would hold that carrier the whole
 * time, and two runs on a two-core machine would leave nothing to answer {@code /api/info}
 * or the page. On platform threads the operating system time-slices them with everything
 * else, so the light requests keep being answered while both slots compute.
 *
 * <p>A slot is given back by the run's own thread when the run ends, not by the request that
 * waits for it: a request that gives up (the server stopping) never lets a third run start
 * while two still compute.
 */
final class RunSlots implements AutoCloseable {
    private final Semaphore free;
    private final ExecutorService threads;
    private final WebLimits limits;
    private final AtomicInteger computing = new AtomicInteger();
    private final AtomicInteger peak = new AtomicInteger();

    RunSlots(WebLimits limits) {
        this.limits = limits;
        this.free = new Semaphore(limits.concurrentRuns(), true);
        AtomicInteger n = new AtomicInteger();
        this.threads = Executors.newFixedThreadPool(limits.concurrentRuns(), r -> {
            Thread t = new Thread(r, "cowvm-run-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    interface Work<T> {
        T run() throws ApiError;
    }

    /**
     * Runs {@code work} on a run thread once one is free, and waits for its answer.
     *
     * @throws ApiError 503 with {@code Retry-After} if no thread freed up within the wait; or
     *                  what {@code work} threw
     */
    <T> T run(Work<T> work) throws ApiError {
        Duration wait = limits.queueWait();
        boolean got;
        try {
            got = free.tryAcquire(wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw stopping();
        }
        if (!got) {
            throw new ApiError(503, "the server is busy: " + limits.concurrentRuns() + " runs are computing and none"
                    + " ended within " + wait.toMillis() + " ms; try again in a moment")
                    .retryAfter(limits.retryAfterSeconds());
        }
        Future<T> answer;
        try {
            answer = threads.submit(() -> {
                peak.accumulateAndGet(computing.incrementAndGet(), Math::max);
                try {
                    return work.run();
                } finally {
                    computing.decrementAndGet();
                    free.release();
                }
            });
        } catch (RuntimeException e) {
            free.release();
            throw stopping();
        }
        try {
            return answer.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw stopping();
        } catch (ExecutionException e) {
            switch (e.getCause()) {
                case ApiError refused -> throw refused;
                case RuntimeException fault -> throw fault;
                case Error fault -> throw fault;
                default -> throw new IllegalStateException(e.getCause());
            }
        }
    }

    /** The most runs that have computed at the same moment since the server started. */
    int peak() {
        return peak.get();
    }

    private static ApiError stopping() {
        return new ApiError(503, "the server is stopping");
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }
}
