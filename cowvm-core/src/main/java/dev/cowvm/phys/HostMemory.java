package dev.cowvm.phys;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * Reserves the host memory behind a machine's physical memory: one contiguous region whose
 * host pages exist only once touched, so that a 64 GiB machine costs nothing until used.
 *
 * <h2>Two ways, chosen once per JVM</h2>
 * <ol>
 *   <li><b>Anonymous memory</b> (Linux, when native access is enabled, e.g. with
 *       {@code --enable-native-access=ALL-UNNAMED}): one {@code mmap(MAP_PRIVATE |
 *       MAP_ANONYMOUS | MAP_NORESERVE)}. The host kernel gives a page on its first touch,
 *       zero-filled on demand (the same mechanism cowvm models).</li>
 *   <li><b>A mapped temporary file</b> (everywhere else, and when native access is not
 *       enabled): a sparse file of the machine's size in {@code java.io.tmpdir}, mapped
 *       shared and deleted at once. Untouched pages cost nothing either, and a shared mapping
 *       is not charged against the host's overcommit limit (a private one of 64 GiB would be
 *       refused); the host may write touched pages back to the file, which makes it slower.
 *       It needs no JVM flag, so a library user who forgets the flag still gets a working
 *       machine (and a warning from {@link PhysicalMemory#warnings()}).</li>
 * </ol>
 * Either way the region is zero at first, and freed frames keep their bytes: nothing here
 * ever clears memory behind the pool's back. The region belongs to a shared {@link Arena}:
 * {@link Reservation#release} unmaps it at once, and an access after that throws
 * {@link IllegalStateException} instead of touching unmapped memory. A reservation nobody
 * releases is released when the garbage collector finds its owner unreachable.
 */
@SuppressWarnings("restricted") // native calls are made only where native access is enabled (see NATIVE)
final class HostMemory {
    private static final boolean NATIVE = nativeAccess();
    private static final MethodHandle MMAP;
    private static final MethodHandle MUNMAP;
    private static final MethodHandle MINCORE;

    // Linux's values (asm-generic/mman-common.h and mman.h).
    private static final int PROT_READ = 1;
    private static final int PROT_WRITE = 2;
    private static final int MAP_PRIVATE = 0x02;
    private static final int MAP_ANONYMOUS = 0x20;
    private static final int MAP_NORESERVE = 0x4000;
    private static final java.lang.ref.Cleaner CLEANER = java.lang.ref.Cleaner.create();

    static {
        MethodHandle mmap = null;
        MethodHandle munmap = null;
        MethodHandle mincore = null;
        if (NATIVE) {
            Linker linker = Linker.nativeLinker();
            var libc = linker.defaultLookup();
            mmap = linker.downcallHandle(libc.find("mmap").orElseThrow(), FunctionDescriptor.of(ValueLayout.ADDRESS,
                    ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                    ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG));
            munmap = linker.downcallHandle(libc.find("munmap").orElseThrow(), FunctionDescriptor.of(
                    ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
            mincore = linker.downcallHandle(libc.find("mincore").orElseThrow(), FunctionDescriptor.of(
                    ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS));
        }
        MMAP = mmap;
        MUNMAP = munmap;
        MINCORE = mincore;
    }

    private HostMemory() {
    }

    private static boolean nativeAccess() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        return os.startsWith("linux") && HostMemory.class.getModule().isNativeAccessEnabled();
    }

    /** True if reservations are anonymous host memory; false if they are mapped files. */
    static boolean isAnonymous() {
        return NATIVE;
    }

    /**
     * A reserved region.
     *
     * @param segment   the memory, zero at first, valid until released
     * @param anonymous true for anonymous memory, false for a mapped file
     * @param arena     the shared arena it belongs to
     * @param cleanup   the garbage collector's release, cancelled by an explicit one
     */
    record Reservation(MemorySegment segment, boolean anonymous, Arena arena, java.lang.ref.Cleaner.Cleanable cleanup) {
        /** Unmaps the region now; accesses afterwards throw {@link IllegalStateException}. */
        void release() {
            cleanup.clean();
        }

        /** Bytes of the first {@code length} bytes that occupy host memory now, or -1 if unknown. */
        long residentBytes(long length) {
            if (!anonymous) {
                return -1;
            }
            long page = 4096;
            long chunkPages = 1 << 18;
            long resident = 0;
            try (Arena scratch = Arena.ofConfined()) {
                MemorySegment vec = scratch.allocate(chunkPages);
                for (long at = 0; at < length; at += chunkPages * page) {
                    long len = Math.min(chunkPages * page, length - at);
                    call(MINCORE, segment.asSlice(at, len), len, vec);
                    long pages = (len + page - 1) / page;
                    for (long i = 0; i < pages; i++) {
                        resident += vec.get(ValueLayout.JAVA_BYTE, i) & 1;
                    }
                }
            }
            return resident * page;
        }
    }

    /**
     * Reserves {@code bytes} of zeroed host memory, paid for only where touched, released
     * when {@code owner} becomes unreachable if not before.
     *
     * @throws IllegalStateException if the host refuses the reservation (too large for its
     *                               address space or overcommit settings)
     */
    static Reservation reserve(long bytes, Object owner) {
        Arena arena = Arena.ofShared();
        MemorySegment seg;
        boolean anonymous = NATIVE;
        try {
            seg = anonymous ? mapAnonymous(bytes, arena) : mapFile(bytes, arena);
        } catch (RuntimeException e) {
            arena.close();
            throw e;
        }
        // The action holds the arena, never the owner, so the owner can become unreachable.
        java.lang.ref.Cleaner.Cleanable cleanup = CLEANER.register(owner, arena::close);
        return new Reservation(seg, anonymous, arena, cleanup);
    }

    private static MemorySegment mapAnonymous(long bytes, Arena arena) {
        MemorySegment at;
        try {
            at = (MemorySegment) MMAP.invokeExact(MemorySegment.NULL, bytes, PROT_READ | PROT_WRITE,
                    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0L);
        } catch (Throwable t) {
            throw new IllegalStateException("mmap failed", t);
        }
        if (at.address() == -1L) {
            throw new IllegalStateException("the host refused to reserve " + bytes
                    + " bytes of address space for the machine's physical memory");
        }
        long address = at.address();
        return at.reinterpret(bytes, arena, s -> call(MUNMAP, MemorySegment.ofAddress(address), bytes));
    }

    private static MemorySegment mapFile(long bytes, Arena arena) {
        Path dir = Path.of(System.getProperty("java.io.tmpdir"));
        try {
            Path file = Files.createTempFile(dir, "cowvm-ram", ".bin");
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                ch.write(ByteBuffer.allocate(1), bytes - 1); // a sparse file of the right length
                return ch.map(FileChannel.MapMode.READ_WRITE, 0, bytes, arena);
            } finally {
                Files.deleteIfExists(file); // the mapping outlives the name
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot map " + bytes + " bytes of physical memory in " + dir, e);
        }
    }

    private static void call(MethodHandle h, MemorySegment at, long length) {
        try {
            int rc = (int) h.invokeExact(at, length);
            assert rc == 0 : "host call failed";
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    private static void call(MethodHandle h, MemorySegment at, long length, MemorySegment vec) {
        try {
            int rc = (int) h.invokeExact(at, length, vec);
            assert rc == 0 : "host call failed";
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
