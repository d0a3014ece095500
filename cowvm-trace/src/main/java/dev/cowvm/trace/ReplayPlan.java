package dev.cowvm.trace;

import java.util.List;

/**
 * What to replay, and how.
 *
 * @param trace      the first process's trace
 * @param childTrace what each forked child replays: a trace (pass {@code trace} itself to
 *                   replay the same trace from its beginning), or null for nothing (the
 *                   child holds its snapshot of memory and touches nothing)
 * @param forkAt     the first process forks when it has replayed this many accesses; in
 *                   increasing order, each 0 or more
 * @param interval   accesses (counted over all processes) per working-set sample, 1 to
 *                   {@value #MAX_INTERVAL}
 * @param quantum    accesses a process replays on each of its turns, 1 or more
 */
public record ReplayPlan(TraceSource trace, TraceSource childTrace, List<Long> forkAt, long interval, int quantum) {
    /** The longest sampling interval; it bounds the memory the working-set count may take. */
    public static final long MAX_INTERVAL = 10_000_000;
    /** The default sampling interval. */
    public static final long DEFAULT_INTERVAL = 100_000;

    public ReplayPlan {
        if (trace == null) {
            throw new IllegalArgumentException("a trace is needed");
        }
        forkAt = List.copyOf(forkAt);
        long previous = -1;
        for (long n : forkAt) {
            if (n < 0) {
                throw new IllegalArgumentException("fork point " + n + " must be 0 or more");
            }
            if (n <= previous) {
                throw new IllegalArgumentException("fork points must increase: " + n + " comes after " + previous);
            }
            previous = n;
        }
        if (interval < 1 || interval > MAX_INTERVAL) {
            throw new IllegalArgumentException("interval " + interval + " must be 1 to " + MAX_INTERVAL + " accesses");
        }
        if (quantum < 1) {
            throw new IllegalArgumentException("quantum " + quantum + " must be 1 or more accesses");
        }
    }

    /** One process replaying one trace, sampled every {@link #DEFAULT_INTERVAL} accesses. */
    public static ReplayPlan of(TraceSource trace) {
        return new ReplayPlan(trace, null, List.of(), DEFAULT_INTERVAL, 1);
    }

    public ReplayPlan withFork(List<Long> points, TraceSource child) {
        return new ReplayPlan(trace, child, points, interval, quantum);
    }

    public ReplayPlan withInterval(long accesses) {
        return new ReplayPlan(trace, childTrace, forkAt, accesses, quantum);
    }

    public ReplayPlan withQuantum(int accesses) {
        return new ReplayPlan(trace, childTrace, forkAt, interval, accesses);
    }
}
