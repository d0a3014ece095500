package dev.cowvm.trace;

import java.util.Arrays;

/**
 * A set of non-negative {@code long} keys (pages, tagged with a process) that is emptied
 * once per interval. Open addressing with linear probing in parallel primitive arrays; a
 * slot belongs to the set only if its stamp equals the current generation, so
 * {@link #clear()} is one increment however large the table has grown. A small
 * direct-mapped filter of recent keys in front of the table answers most repeated adds
 * (a program touches a few pages over and over) with one array load.
 */
final class PageSet {
    private static final int RECENT = 256;
    /** Recently added keys plus one (0: empty), by their low bits; emptied on clear. */
    private final long[] recent = new long[RECENT];
    private long[] keys;
    private int[] stamps;
    private int mask;
    private int generation = 1;
    private int size;

    PageSet() {
        allocate(1 << 12);
    }

    private void allocate(int capacity) {
        keys = new long[capacity];
        stamps = new int[capacity];
        mask = capacity - 1;
    }

    /** Adds a key; true if it was not there. */
    boolean add(long key) {
        int r = (int) key & (RECENT - 1);
        if (recent[r] == key + 1) {
            return false;
        }
        recent[r] = key + 1;
        int i = hash(key) & mask;
        while (stamps[i] == generation) {
            if (keys[i] == key) {
                return false;
            }
            i = (i + 1) & mask;
        }
        keys[i] = key;
        stamps[i] = generation;
        if (++size > (mask + 1) >>> 1) {
            grow();
        }
        return true;
    }

    /** Keys added since the last clear. */
    int size() {
        return size;
    }

    /** Empties the set. */
    void clear() {
        size = 0;
        Arrays.fill(recent, 0);
        if (++generation == Integer.MAX_VALUE) {
            Arrays.fill(stamps, 0);
            generation = 1;
        }
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldStamps = stamps;
        int live = generation;
        allocate(keys.length << 1);
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldStamps[i] == live) {
                int j = hash(oldKeys[i]) & mask;
                while (stamps[j] == live) {
                    j = (j + 1) & mask;
                }
                keys[j] = oldKeys[i];
                stamps[j] = live;
            }
        }
    }

    private static int hash(long key) {
        return (int) ((key * 0x9E3779B97F4A7C15L) >>> 32);
    }
}
