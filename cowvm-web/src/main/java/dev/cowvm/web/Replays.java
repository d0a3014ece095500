package dev.cowvm.web;

import dev.cowvm.script.StepResult;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The replays the server keeps between requests, so that stepping through a scenario of N
 * statements runs N statements in all, not N²/2.
 *
 * <p>A replay is kept under its scenario (name and text) after a request has used it; the
 * next request for the same scenario at the same step or a later one takes it out, runs
 * only the statements in between, and puts it back. A request for an earlier step starts
 * afresh (the page keeps the states it has shown, so stepping back asks nothing of the
 * server). At most {@code capacity} replays are kept, the least recently used given back
 * first (their machines' memory returned at once), so the memory the cache holds is
 * bounded by {@code capacity} times the per-run host memory limit.
 *
 * <p>Thread-safe: a replay is in the cache or in the hands of exactly one request.
 */
final class Replays {
    /** A replay and what the page needs about its last step. */
    static final class Entry {
        final String name;
        final String text;
        final Replay replay;
        StepResult last;
        StateView.State before;

        Entry(String name, String text, Replay replay) {
            this.name = name;
            this.text = text;
            this.replay = replay;
        }
    }

    private record Key(String name, String text) {
    }

    private final int capacity;
    private final LinkedHashMap<Key, Entry> kept = new LinkedHashMap<>(16, 0.75f, true);
    private long statementsRun;

    Replays(int capacity) {
        this.capacity = capacity;
    }

    /** The kept replay of this scenario if it stands at or before {@code step}, taken out; else null. */
    synchronized Entry take(String name, String text, int step) {
        Key key = new Key(name, text);
        Entry e = kept.get(key);
        if (e == null || e.replay.position() > step) {
            return null;
        }
        kept.remove(key);
        return e;
    }

    /** Keeps a replay for the next request, giving back the least recently used beyond capacity. */
    synchronized void give(Entry e) {
        Entry old = kept.put(new Key(e.name, e.text), e);
        if (old != null && old != e) {
            old.replay.close();
        }
        for (Iterator<Map.Entry<Key, Entry>> it = kept.entrySet().iterator(); kept.size() > capacity && it.hasNext(); ) {
            Entry eldest = it.next().getValue();
            it.remove();
            eldest.replay.close();
        }
    }

    /** Counts statements a request ran, for tests and the info endpoint. */
    synchronized void ran(long statements) {
        statementsRun += statements;
    }

    /** Statements run by all requests since the server started. */
    synchronized long statementsRun() {
        return statementsRun;
    }
}
