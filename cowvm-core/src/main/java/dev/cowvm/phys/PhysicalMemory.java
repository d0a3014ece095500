package dev.cowvm.phys;

import dev.cowvm.Sizes;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.List;

/**
 * The machine's physical memory: one arena of frames of 4 KiB that hold real bytes,
 * addressed by physical address.
 *
 * <h2>Terms</h2>
 * A <em>frame</em> is a 4 KiB block of physical memory, named by its frame number; the
 * physical address of byte {@code o} of frame {@code f} is {@code (f << 12) | o}, and that
 * is also its offset in the arena. Frame 0 is the kernel's zero page (like Linux's
 * {@code empty_zero_page}, which lives in the kernel image rather than in the allocator);
 * frames {@code 1..frameCount} belong to the {@link FramePool}.
 *
 * <pre>
 *   arena offset:  0        4096      8192               frameCount*4096   (frameCount+1)*4096
 *                  | zero   | frame 1 | frame 2 |  ...   | frame frameCount |
 *                  | page   |         |         |        |                  |
 * </pre>
 *
 * <h2>Host memory</h2>
 * The arena is reserved whole but paid for by the page: the host gives memory only to the
 * pages touched (see {@link HostMemory}), so a 64 GiB machine boots in microseconds and
 * costs what its processes use. A freed frame keeps its stale bytes, exactly as a real
 * frame does; {@link #close} unmaps the arena at once (the garbage collector does it
 * otherwise, once the memory is unreachable).
 *
 * <h2>Byte order</h2>
 * Multi-byte values are little-endian, as on RISC-V: the layouts below say so, and cost
 * nothing on a little-endian host.
 *
 * <p>Not thread-safe: a machine is used by one thread at a time.
 */
public final class PhysicalMemory {
    /** log2 of the page size ({@link Sizes#PAGE_SHIFT}, repeated here for the arena's arithmetic). */
    public static final int PAGE_SHIFT = Sizes.PAGE_SHIFT;
    /** Bytes in a page or frame: 4096 ({@link Sizes#PAGE_SIZE}). */
    public static final int PAGE_SIZE = Sizes.PAGE_SIZE;
    /** Mask of the offset bits of an address ({@link Sizes#PAGE_MASK}). */
    public static final int PAGE_MASK = Sizes.PAGE_MASK;
    /** Frame number of the kernel's shared zero page. */
    public static final int ZERO_FRAME = 0;

    /** A little-endian 8-byte value at any alignment. */
    public static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    /** A little-endian 4-byte value at any alignment. */
    public static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    /** A little-endian 2-byte value at any alignment. */
    public static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    /** One byte. */
    public static final ValueLayout.OfByte BYTE = ValueLayout.JAVA_BYTE;

    /** All zeros, outside the arena: what {@link #isZero} compares with. */
    private static final MemorySegment ZEROS = MemorySegment.ofArray(new byte[PAGE_SIZE]);

    private final int frameCount;
    private final HostMemory.Reservation reservation;
    private final MemorySegment ram;
    private boolean closed;

    /**
     * Creates a memory of {@code frameCount} poolable frames plus the zero page, all zero.
     * Costs one reservation of address space and no host memory until frames are touched.
     *
     * @param frameCount frames the pool may hand out, 1 to {@link FramePool#MAX_FRAMES}
     * @throws IllegalStateException if the host cannot reserve that much address space
     */
    public PhysicalMemory(int frameCount) {
        if (frameCount < 1 || frameCount > FramePool.MAX_FRAMES) {
            throw new IllegalArgumentException("frameCount " + frameCount + " must be in 1.."
                    + FramePool.MAX_FRAMES);
        }
        this.frameCount = frameCount;
        this.reservation = HostMemory.reserve(((long) frameCount + 1) << PAGE_SHIFT, this);
        this.ram = reservation.segment();
    }

    /** Frames the pool may hand out (the zero page not included). */
    public int frameCount() {
        return frameCount;
    }

    /**
     * The whole arena, for the MMU's accessors: byte {@code pa} of it is physical address
     * {@code pa}. Writing through it bypasses every rule of the kernel (copy-on-write,
     * accounting); only the MMU and the kernel's own tables should.
     */
    public MemorySegment segment() {
        return ram;
    }

    /** The physical address of the first byte of a frame. */
    public static long address(int frame) {
        return (long) frame << PAGE_SHIFT;
    }

    /** Reads the little-endian 8-byte value at a physical address. */
    public long loadLong(long physAddr) {
        return ram.get(LONG, physAddr);
    }

    /** Writes the little-endian 8-byte value at a physical address. */
    public void storeLong(long physAddr, long value) {
        assert (physAddr >>> PAGE_SHIFT) != ZERO_FRAME : "store into the zero page";
        ram.set(LONG, physAddr, value);
    }

    /** Fills a frame with zeros (one bulk fill, never a byte loop). */
    public void zero(int frame) {
        assert frame != ZERO_FRAME;
        ram.asSlice(address(frame), PAGE_SIZE).fill((byte) 0);
    }

    /** Copies one whole frame into another (one bulk copy). */
    public void copy(int from, int to) {
        assert to != ZERO_FRAME;
        MemorySegment.copy(ram, address(from), ram, address(to), PAGE_SIZE);
    }

    /** True if every byte of the frame is zero. */
    public boolean isZero(int frame) {
        long at = address(frame);
        return MemorySegment.mismatch(ram, at, at + PAGE_SIZE, ZEROS, 0, PAGE_SIZE) < 0;
    }

    /**
     * Copies bytes out of a frame without changing anything. For observers: the visualizer's
     * hover, the invariant checker.
     *
     * @throws IllegalArgumentException if the frame or the range is outside the machine
     */
    public void peek(int frame, int offset, byte[] dst, int dstOffset, int length) {
        if (frame < 0 || frame > frameCount) {
            throw new IllegalArgumentException("frame " + frame + " is outside 0.." + frameCount);
        }
        if (offset < 0 || length < 0 || offset + length > PAGE_SIZE) {
            throw new IllegalArgumentException("range " + offset + "+" + length + " is outside a page");
        }
        MemorySegment.copy(ram, BYTE, address(frame) + offset, dst, dstOffset, length);
    }

    /**
     * Bytes of host memory the arena occupies now (pages touched and not given back), or -1
     * where the host cannot tell (a mapped file); 0 once closed. For measurements, not for decisions: it
     * asks the host about every page below {@code highestFrame}.
     */
    public long residentBytes(int highestFrame) {
        if (closed) {
            return 0;
        }
        return reservation.residentBytes(address(Math.min(highestFrame, frameCount) + 1));
    }

    /** True once {@link #close} has given the host memory back. */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Unmaps the arena now instead of when the garbage collector finds it unreachable. Any
     * access afterwards throws {@link IllegalStateException}; the kernel refuses to be used.
     */
    public void close() {
        if (!closed) {
            closed = true;
            reservation.release();
        }
    }

    /**
     * What a front end should tell the user about how this memory is held: empty when it is
     * anonymous host memory, a line when it fell back to a mapped file.
     */
    public List<String> warnings() {
        if (reservation.anonymous()) {
            return List.of();
        }
        return List.of("physical memory is a mapped temporary file: native access is not enabled for cowvm"
                + " (run java with --enable-native-access=ALL-UNNAMED for anonymous memory)");
    }
}
