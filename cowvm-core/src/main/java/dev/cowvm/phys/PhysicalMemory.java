package dev.cowvm.phys;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The machine's physical memory: frames of 4 KiB that hold real bytes.
 *
 * <h2>Terms</h2>
 * A <em>frame</em> is a 4 KiB block of physical memory, named by its frame number; the
 * physical address of byte {@code o} of frame {@code f} is {@code (f << 12) | o}. Frame 0 is
 * the kernel's zero page (like Linux's {@code empty_zero_page}, which lives in the kernel
 * image rather than in the allocator); frames {@code 1..frameCount} belong to the
 * {@link FramePool}.
 *
 * <h2>Host memory</h2>
 * A machine of 64 GiB must start instantly on a smaller host, so a frame gets its host
 * backing (a {@code byte[4096]}) only when the pool first hands it out. The table of
 * backings grows by doubling with the highest frame handed out so far, so host memory is
 * proportional to the frames actually used, never to the size of the machine. A backing,
 * once made, is kept for the life of the machine: a freed frame keeps its stale bytes,
 * exactly as a real frame does.
 *
 * <h2>Byte order</h2>
 * Multi-byte values are little-endian, as on RISC-V.
 *
 * <p>Not thread-safe: a machine is used by one thread at a time.
 */
public final class PhysicalMemory {
    /** log2 of the page size. */
    public static final int PAGE_SHIFT = 12;
    /** Bytes in a page or frame: 4096. */
    public static final int PAGE_SIZE = 1 << PAGE_SHIFT;
    /** Mask of the offset bits of an address. */
    public static final int PAGE_MASK = PAGE_SIZE - 1;
    /** Frame number of the kernel's shared zero page. */
    public static final int ZERO_FRAME = 0;

    static final VarHandle LONG_LE =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /** All zeros, never handed out: what {@link #isZero} compares with. */
    private static final byte[] ZEROS = new byte[PAGE_SIZE];

    private final int frameCount;
    private final byte[] zeroPage = new byte[PAGE_SIZE];
    private byte[][] backing;
    private int backedFrames;

    /**
     * Creates a memory of {@code frameCount} poolable frames plus the zero page.
     * Costs a few hundred bytes of host memory whatever the size.
     *
     * @param frameCount frames the pool may hand out, at least 1
     */
    public PhysicalMemory(int frameCount) {
        if (frameCount < 1 || frameCount > FramePool.MAX_FRAMES) {
            throw new IllegalArgumentException("frameCount " + frameCount + " must be in 1.."
                    + FramePool.MAX_FRAMES);
        }
        this.frameCount = frameCount;
        this.backing = new byte[Math.min(frameCount + 1, 64)][];
        this.backing[ZERO_FRAME] = zeroPage;
    }

    /** Frames the pool may hand out (the zero page not included). */
    public int frameCount() {
        return frameCount;
    }

    /** Frames that have host backing so far, the zero page included. */
    public int backedFrames() {
        return backedFrames + 1;
    }

    /**
     * The bytes of a frame, made on first use. Returned by reference: the TLB caches it, so
     * a frame's array never changes identity.
     */
    public byte[] frame(int frame) {
        byte[][] b = backing;
        if (frame < b.length) {
            byte[] page = b[frame];
            if (page != null) {
                return page;
            }
        }
        return backSlowPath(frame);
    }

    /** True if the frame already has host backing (so using it costs no host memory). */
    public boolean isBacked(int frame) {
        return frame < backing.length && backing[frame] != null;
    }

    private byte[] backSlowPath(int frame) {
        if (frame < 0 || frame > frameCount) {
            throw new IllegalArgumentException("frame " + frame + " is outside 0.." + frameCount);
        }
        if (frame >= backing.length) {
            int size = (int) Math.min((long) frameCount + 1, Math.max(2L * backing.length, frame + 1L));
            backing = Arrays.copyOf(backing, size);
        }
        byte[] page = new byte[PAGE_SIZE];
        backing[frame] = page;
        backedFrames++;
        return page;
    }

    /** Reads the little-endian 8-byte value at a physical address (8-byte aligned). */
    public long loadLong(long physAddr) {
        assert (physAddr & 7) == 0 : "unaligned physical load " + Long.toHexString(physAddr);
        return (long) LONG_LE.get(frame((int) (physAddr >>> PAGE_SHIFT)), (int) (physAddr & PAGE_MASK));
    }

    /**
     * The little-endian 8-byte value at {@code offset} in bytes {@link #frame} returned: for
     * scans that fetch a frame once and read many entries of it.
     */
    public static long longAt(byte[] frame, int offset) {
        return (long) LONG_LE.get(frame, offset);
    }

    /** Writes the little-endian 8-byte value at {@code offset} in bytes {@link #frame} returned. */
    public static void setLongAt(byte[] frame, int offset, long value) {
        LONG_LE.set(frame, offset, value);
    }

    /** Writes the little-endian 8-byte value at a physical address (8-byte aligned). */
    public void storeLong(long physAddr, long value) {
        assert (physAddr & 7) == 0 : "unaligned physical store " + Long.toHexString(physAddr);
        assert (physAddr >>> PAGE_SHIFT) != ZERO_FRAME : "store into the zero page";
        LONG_LE.set(frame((int) (physAddr >>> PAGE_SHIFT)), (int) (physAddr & PAGE_MASK), value);
    }

    /** Fills a frame with zeros (one bulk fill, never a byte loop). */
    public void zero(int frame) {
        assert frame != ZERO_FRAME;
        Arrays.fill(frame(frame), (byte) 0);
    }

    /** Copies one whole frame into another. */
    public void copy(int from, int to) {
        assert to != ZERO_FRAME;
        System.arraycopy(frame(from), 0, frame(to), 0, PAGE_SIZE);
    }

    /** True if every byte of the frame is zero; a frame without backing is zero. */
    public boolean isZero(int frame) {
        if (!isBacked(frame)) {
            return true;
        }
        return Arrays.mismatch(frame(frame), ZEROS) < 0;
    }

    /**
     * Copies bytes out of a frame without giving it host backing (a frame never backed
     * reads as zeros). For observers: the visualizer's hover, the invariant checker.
     */
    public void peek(int frame, int offset, byte[] dst, int dstOffset, int length) {
        if (frame < 0 || frame > frameCount) {
            throw new IllegalArgumentException("frame " + frame + " is outside 0.." + frameCount);
        }
        if (offset < 0 || length < 0 || offset + length > PAGE_SIZE) {
            throw new IllegalArgumentException("range " + offset + "+" + length + " is outside a page");
        }
        if (isBacked(frame)) {
            System.arraycopy(backing[frame], offset, dst, dstOffset, length);
        } else {
            Arrays.fill(dst, dstOffset, dstOffset + length, (byte) 0);
        }
    }
}
