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
 *       zero-filled on demand (the same mechanism cowvm models). {@link Reservation#release}
 *       gives the pages back at once with {@code madvise(MADV_DONTNEED)}; the mapping itself
 *       goes when the garbage collector finds it unreachable.</li>
 *   <li><b>A mapped temporary file</b> (everywhere else, and when native access is not
 *       enabled): a sparse file of the machine's size, mapped privately and deleted at once.
 *       Untouched pages cost nothing either; this needs no JVM flag, so a library user who
 *       forgets the flag still gets a working machine (and a warning from
 *       {@link PhysicalMemory#warnings()}).</li>
 * </ol>
 * Either way the region is zero at first, and freed frames keep their bytes: nothing here
 * ever clears memory behind the pool's back.
 */
@SuppressWarnings("restricted") // native calls are made only where native access is enabled (see NATIVE)
final class HostMemory {
    private static final boolean NATIVE = nativeAccess();
    private static final MethodHandle MMAP;
    private static final MethodHandle MADVISE;
    private static final MethodHandle MUNMAP;
    private static final MethodHandle MINCORE;

    // Linux's values (asm-generic/mman-common.h and mman.h).
    private static final int PROT_READ = 1;
    private static final int PROT_WRITE = 2;
    private static final int MAP_PRIVATE = 0x02;
    private static final int MAP_ANONYMOUS = 0x20;
    private static final int MAP_NORESERVE = 0x4000;
    private static final int MADV_DONTNEED = 4;

    static {
        MethodHandle mmap = null;
        MethodHandle madvise = null;
        MethodHandle munmap = null;
        MethodHandle mincore = null;
        if (NATIVE) {
            Linker linker = Linker.nativeLinker();
            var libc = linker.defaultLookup();
            mmap = linker.downcallHandle(libc.find("mmap").orElseThrow(), FunctionDescriptor.of(ValueLayout.ADDRESS,
                    ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                    ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG));
            madvise = linker.downcallHandle(libc.find("madvise").orElseThrow(), FunctionDescriptor.of(
                    ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT));
            munmap = linker.downcallHandle(libc.find("munmap").orElseThrow(), FunctionDescriptor.of(
                    ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
            mincore = linker.downcallHandle(libc.find("mincore").orElseThrow(), FunctionDescriptor.of(
                    ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS));
        }
        MMAP = mmap;
        MADVISE = madvise;
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
     * @param segment the memory, {@code bytes} long, zero, valid until unreachable
     * @param anonymous true for anonymous memory, false for a mapped file
     */
    record Reservation(MemorySegment segment, boolean anonymous) {
        /** Gives the host pages back (their contents become zero); the region stays valid. */
        void release() {
            if (anonymous) {
                call(MADVISE, segment, segment.byteSize(), MADV_DONTNEED);
            }
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
     * Reserves {@code bytes} of zeroed host memory, paid for only where touched.
     *
     * @throws IllegalStateException if the host refuses the reservation (too large for its
     *                               address space or overcommit settings)
     */
    static Reservation reserve(long bytes) {
        if (NATIVE) {
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
            MemorySegment seg = at.reinterpret(bytes, Arena.ofAuto(),
                    s -> call(MUNMAP, MemorySegment.ofAddress(address), bytes));
            return new Reservation(seg, true);
        }
        return new Reservation(mapFile(bytes), false);
    }

    private static MemorySegment mapFile(long bytes) {
        Path dir = Files.isDirectory(Path.of("/dev/shm")) ? Path.of("/dev/shm") : Path.of(System.getProperty("java.io.tmpdir"));
        try {
            Path file = Files.createTempFile(dir, "cowvm-ram", ".bin");
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                ch.write(ByteBuffer.allocate(1), bytes - 1); // a sparse file of the right length
                return ch.map(FileChannel.MapMode.PRIVATE, 0, bytes, Arena.ofAuto());
            } finally {
                Files.deleteIfExists(file); // the mapping outlives the name
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot map " + bytes + " bytes of physical memory in " + dir, e);
        }
    }

    private static void call(MethodHandle h, MemorySegment at, long length, int arg) {
        try {
            int rc = (int) h.invokeExact(at, length, arg);
            assert rc == 0 : "host call failed";
        } catch (Throwable t) {
            throw new IllegalStateException(t);
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
