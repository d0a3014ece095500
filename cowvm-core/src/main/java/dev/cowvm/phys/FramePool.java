package dev.cowvm.phys;

import java.util.Arrays;

/**
 * The free-frame pool, and the metadata of every frame.
 *
 * <h2>Data</h2>
 * <pre>
 *   frame:      0           1 .. highWater-1                      highWater .. frameCount
 *              zero page    handed out at least once               never touched: implicitly
 *                           (metadata in the arrays below)         FREE_ZEROED, no host memory
 *
 *   state[f]    FrameState ordinal (byte)
 *   refCount[f] DATA: the number of page-table entries that map f;  PAGE_TABLE: 1;  free: 0
 *   owner[f]    the process id it was last handed to (kept after free: whose stale bytes)
 *   gen[f]      code generation: bumped when bytes a CPU decoded from f may have changed
 *   watched[f]  1 while a CPU holds decoded code of f (cleared by the bump)
 *   free[]      stack of freed frames, most recently freed on top
 * </pre>
 * The arrays grow by doubling as {@code highWater} rises, so a large, mostly unused machine
 * costs almost nothing to create.
 *
 * <h2>Allocation</h2>
 * <ol>
 *   <li>Pop the most recently freed frame, if any (LIFO, as Linux's per-CPU page lists:
 *       the frame most likely still in cache, and the one whose stale bytes a careless
 *       kernel would leak).</li>
 *   <li>Otherwise take the next never-used frame above {@code highWater}, if the host may
 *       still back one more frame.</li>
 *   <li>Otherwise the pool is empty: return {@link #NO_FRAME}. Running out is an outcome
 *       the kernel handles, not an exception.</li>
 *   <li>Zero the frame if the purpose and the {@link ZeroPolicy} say so and it is stale.</li>
 * </ol>
 * A frame that is already zero (never used, or cleared on free) is not cleared again: the
 * same bookkeeping as Windows' zeroed-page list.
 *
 * <h2>Code generations</h2>
 * A CPU that caches decoded instructions per frame must learn when the frame's bytes may
 * have changed. {@link #generation} is a counter per frame that changes exactly then: when
 * the frame goes back to the pool (whatever it is handed out for next, its bytes will be
 * someone else's), and on the first store into a frame {@link #watch watched} for code
 * (the MMU sends stores to watched frames through its slow path to report them, see
 * {@link #codeWritten}). Nothing else changes it: stores to frames no CPU has decoded cost
 * nothing extra.
 *
 * <p>Not thread-safe.
 */
public final class FramePool {
    /** Returned by {@link #allocate} when the pool is empty. */
    public static final int NO_FRAME = -1;
    /** Largest machine: 2^30 frames, 4 TiB. */
    public static final int MAX_FRAMES = 1 << 30;

    private static final byte FREE_ZEROED = (byte) FrameState.FREE_ZEROED.ordinal();
    private static final byte FREE_STALE = (byte) FrameState.FREE_STALE.ordinal();
    private static final byte DATA = (byte) FrameState.DATA.ordinal();
    private static final byte PAGE_TABLE = (byte) FrameState.PAGE_TABLE.ordinal();
    private static final byte ZERO_PAGE = (byte) FrameState.ZERO_PAGE.ordinal();

    private final PhysicalMemory memory;
    private final ZeroPolicy policy;
    private final int maxBackedFrames;
    private FrameObserver observer;

    private byte[] state;
    private int[] refCount;
    private int[] owner;
    private int[] gen;
    private byte[] watched;
    private int highWater = 1;
    private int[] free = new int[64];
    private int freeTop;

    private int inUse;
    private int peakInUse;
    private long allocations;
    private long releases;
    private long zeroings;

    /**
     * Makes a pool of every frame of {@code memory}, all free and zero.
     *
     * @param memory          the frames this pool hands out
     * @param policy          when frames are zeroed
     * @param maxBackedFrames how many frames the host may back; beyond it the pool reports
     *                        empty rather than exhaust the host's heap
     */
    public FramePool(PhysicalMemory memory, ZeroPolicy policy, int maxBackedFrames) {
        if (maxBackedFrames < 1) {
            throw new IllegalArgumentException("maxBackedFrames " + maxBackedFrames + " must be at least 1");
        }
        this.memory = memory;
        this.policy = policy;
        this.maxBackedFrames = maxBackedFrames;
        int initial = Math.min(memory.frameCount() + 1, 64);
        this.state = new byte[initial];
        this.refCount = new int[initial];
        this.owner = new int[initial];
        this.gen = new int[initial];
        this.watched = new byte[initial];
        state[PhysicalMemory.ZERO_FRAME] = ZERO_PAGE;
    }

    /** Sets the one observer of frame events, or {@code null} for none. */
    public void observe(FrameObserver observer) {
        this.observer = observer;
    }

    /** The zeroing policy. */
    public ZeroPolicy policy() {
        return policy;
    }

    /** The physical memory this pool hands out. */
    public PhysicalMemory memory() {
        return memory;
    }

    /**
     * Takes a frame from the pool.
     *
     * @return the frame number, with state and reference count set for {@code purpose}, or
     *         {@link #NO_FRAME} if the pool is empty
     */
    public int allocate(FramePurpose purpose, int ownerPid) {
        int f;
        if (freeTop > 0) {
            f = free[--freeTop];
        } else if (highWater <= memory.frameCount() && highWater <= maxBackedFrames) {
            f = highWater++;
            ensureMetadata(f);
        } else {
            return NO_FRAME;
        }
        boolean stale = state[f] == FREE_STALE;
        state[f] = purpose == FramePurpose.PAGE_TABLE ? PAGE_TABLE : DATA;
        refCount[f] = 1;
        owner[f] = ownerPid;
        allocations++;
        if (++inUse > peakInUse) {
            peakInUse = inUse;
        }
        FrameObserver o = observer;
        if (o != null) {
            o.allocated(f, purpose, ownerPid);
        }
        if (stale && mustZero(purpose)) {
            zeroFrame(f);
        }
        return f;
    }

    private boolean mustZero(FramePurpose purpose) {
        return switch (purpose) {
            case PAGE_TABLE -> true;
            case ZEROED_DATA -> policy != ZeroPolicy.NONE;
            case COPY_TARGET -> false;
        };
    }

    private void zeroFrame(int f) {
        memory.zero(f);
        zeroings++;
        FrameObserver o = observer;
        if (o != null) {
            o.zeroed(f);
        }
    }

    private void ensureMetadata(int f) {
        if (f >= state.length) {
            int size = (int) Math.min((long) memory.frameCount() + 1, 2L * state.length);
            state = Arrays.copyOf(state, size);
            refCount = Arrays.copyOf(refCount, size);
            owner = Arrays.copyOf(owner, size);
            gen = Arrays.copyOf(gen, size);
            watched = Arrays.copyOf(watched, size);
        }
    }

    /** Adds one reference to a data frame (one more page-table entry maps it). */
    public void share(int frame) {
        assert state[frame] == DATA : "share of frame " + frame + " in state " + state(frame);
        refCount[frame]++;
    }

    /**
     * Drops one reference to a data frame; the last one returns it to the pool.
     *
     * @return true if the frame went back to the pool
     */
    public boolean unshare(int frame) {
        assert state[frame] == DATA : "unshare of frame " + frame + " in state " + state(frame);
        assert refCount[frame] > 0;
        if (--refCount[frame] == 0) {
            release(frame, false);
            return true;
        }
        return false;
    }

    /** Returns a page-table page to the pool. */
    public void freeTable(int frame) {
        assert state[frame] == PAGE_TABLE : "freeTable of frame " + frame + " in state " + state(frame);
        refCount[frame] = 0;
        release(frame, true);
    }

    private void release(int f, boolean pageTable) {
        state[f] = FREE_STALE;
        gen[f]++;
        watched[f] = 0;
        inUse--;
        releases++;
        if (freeTop == free.length) {
            free = Arrays.copyOf(free, 2 * free.length);
        }
        free[freeTop++] = f;
        FrameObserver o = observer;
        if (o != null) {
            o.freed(f, pageTable);
        }
        if (policy == ZeroPolicy.ON_FREE) {
            zeroFrame(f);
            state[f] = FREE_ZEROED;
        }
    }

    /**
     * The code generation of a frame: changes whenever bytes decoded from it may no longer
     * be what it holds (see the class comment). Never-used frames are at generation 0.
     */
    public int generation(int frame) {
        return frame < highWater ? gen[frame] : 0;
    }

    /**
     * Marks a frame as holding code a CPU has decoded, so that the next store into it is
     * reported through {@link #codeWritten}. The MMU calls this; it must also stop caching
     * write permission for the frame.
     */
    public void watch(int frame) {
        assert frame < highWater;
        watched[frame] = 1;
    }

    /** True while a frame's decoded code is watched for stores. */
    public boolean isWatched(int frame) {
        return frame < highWater && watched[frame] != 0;
    }

    /**
     * A store is about to change a watched frame: bump its generation and stop watching it
     * (until a CPU decodes it again).
     */
    public void codeWritten(int frame) {
        assert watched[frame] != 0;
        watched[frame] = 0;
        gen[frame]++;
    }

    /** Frames that {@link #allocate} can still hand out before reporting empty. */
    public long available() {
        long fresh = Math.max(0, Math.min(memory.frameCount(), maxBackedFrames) - highWater + 1L);
        return freeTop + fresh;
    }

    /** The state of a frame (never-used frames are {@link FrameState#FREE_ZEROED}). */
    public FrameState state(int frame) {
        checkFrame(frame);
        return frame < highWater ? FrameState.of(state[frame]) : FrameState.FREE_ZEROED;
    }

    /** The reference count of a frame: entries mapping it if data, 1 if page table, else 0. */
    public int refCount(int frame) {
        checkFrame(frame);
        return frame < highWater ? refCount[frame] : 0;
    }

    /** The process the frame was last handed to, 0 for the zero page or a never-used frame. */
    public int owner(int frame) {
        checkFrame(frame);
        return frame < highWater ? owner[frame] : 0;
    }

    private void checkFrame(int frame) {
        if (frame < 0 || frame > memory.frameCount()) {
            throw new IllegalArgumentException("frame " + frame + " is outside 0.." + memory.frameCount());
        }
    }

    /** Frames handed out at least once since boot, plus the zero page: the metadata in use. */
    public int highWater() {
        return highWater;
    }

    /** Frames out of the pool now (data and page tables; the zero page is not counted). */
    public int inUse() {
        return inUse;
    }

    /** The most frames ever out of the pool at once. */
    public int peakInUse() {
        return peakInUse;
    }

    /** Frames handed out since boot. */
    public long allocations() {
        return allocations;
    }

    /** Frames returned since boot. */
    public long releases() {
        return releases;
    }

    /** Frames cleared since boot. */
    public long zeroings() {
        return zeroings;
    }

    /** A copy of the free stack, bottom first (the last entry is handed out next). */
    public int[] freeStack() {
        return Arrays.copyOf(free, freeTop);
    }
}
