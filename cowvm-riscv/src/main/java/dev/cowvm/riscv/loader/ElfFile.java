package dev.cowvm.riscv.loader;

import java.util.List;
import java.util.Optional;

/**
 * A static RISC-V ELF64 executable, read and checked: everything the loader needs, and
 * nothing it does not trust. {@link #parse} either returns a file whose headers are
 * consistent (every loaded byte lies inside the file, segments do not overlap, the entry
 * point is in executable code) or a {@link LoadFailure} naming the first problem; it
 * never throws, whatever the bytes.
 *
 * <h2>What is accepted</h2>
 * <ul>
 *   <li>ELFCLASS64, little-endian, EV_CURRENT, machine EM_RISCV (243); OS/ABI System V
 *       (0) or GNU/Linux (3).</li>
 *   <li>ET_EXEC, or ET_DYN without PT_INTERP (static-pie). A PT_INTERP means the program
 *       needs a dynamic linker cowvm does not have: {@link LoadFailure#DYNAMICALLY_LINKED}.</li>
 *   <li>e_flags with the soft, single or double float ABI; not the quad-float ABI (this
 *       CPU has no Q extension) nor RVE.</li>
 *   <li>At most 4096 bytes of program headers of 56 bytes each, as Linux's
 *       {@code load_elf_phdrs} accepts.</li>
 * </ul>
 * The array given to {@link #parse} is kept, not copied; it must not change afterwards.
 */
public final class ElfFile {
    /** {@code e_machine} of RISC-V. */
    public static final int EM_RISCV = 243;
    /** OS/ABI byte: System V, what most toolchains write. */
    public static final int ELFOSABI_SYSV = 0;
    /** OS/ABI byte: GNU/Linux, written by the GNU linker when a program uses GNU extensions such as IFUNC. */
    public static final int ELFOSABI_GNU = 3;

    private final byte[] bytes;
    private final boolean positionIndependent;
    private final int osAbi;
    private final int flags;
    private final long entry;
    private final long phoff;
    private final List<ProgramHeader> programHeaders;
    private final List<ProgramHeader> loadSegments;
    private final ProgramHeader tls;
    private final boolean executableStack;
    private final AbiNote abiNote;

    ElfFile(byte[] bytes, boolean positionIndependent, int osAbi, int flags, long entry, long phoff,
            List<ProgramHeader> programHeaders, List<ProgramHeader> loadSegments, ProgramHeader tls,
            boolean executableStack, AbiNote abiNote) {
        this.bytes = bytes;
        this.positionIndependent = positionIndependent;
        this.osAbi = osAbi;
        this.flags = flags;
        this.entry = entry;
        this.phoff = phoff;
        this.programHeaders = List.copyOf(programHeaders);
        this.loadSegments = List.copyOf(loadSegments);
        this.tls = tls;
        this.executableStack = executableStack;
        this.abiNote = abiNote;
    }

    /**
     * Reads and checks an executable.
     *
     * @param file the whole file
     * @return the executable, or {@link LoadFailure#NOT_EXECUTABLE} /
     *         {@link LoadFailure#DYNAMICALLY_LINKED} with a message naming the problem
     */
    public static LoadResult<ElfFile> parse(byte[] file) {
        if (file == null) {
            throw new IllegalArgumentException("no file");
        }
        return ElfParser.parse(file);
    }

    /**
     * What a Linux ABI note says: the GNU {@code .note.ABI-tag} (note type
     * {@code NT_GNU_ABI_TAG}, owner "GNU") that glibc's start files carry.
     *
     * @param os    0 for Linux (1 Hurd, 2 Solaris, 3 FreeBSD)
     * @param major the oldest kernel version the C library supports: major
     * @param minor minor
     * @param patch patch
     */
    public record AbiNote(long os, long major, long minor, long patch) {
        /** The note's operating system in words. */
        public String osName() {
            return switch ((int) Math.min(os, 99)) {
                case 0 -> "Linux";
                case 1 -> "Hurd";
                case 2 -> "Solaris";
                case 3 -> "FreeBSD";
                default -> "OS " + os;
            };
        }

        @Override
        public String toString() {
            return osName() + " " + major + "." + minor + "." + patch;
        }
    }

    /** True for ET_DYN (static-pie): loaded at a bias chosen by the loader. */
    public boolean positionIndependent() {
        return positionIndependent;
    }

    /** The OS/ABI byte ({@code e_ident[EI_OSABI]}). */
    public int osAbi() {
        return osAbi;
    }

    /** {@code e_flags}: for RISC-V, RVC and the float ABI. */
    public int flags() {
        return flags;
    }

    /** The entry point, before any bias. */
    public long entry() {
        return entry;
    }

    /** Where the program header table starts in the file. */
    public long programHeaderOffset() {
        return phoff;
    }

    /** Every program header, in file order. */
    public List<ProgramHeader> programHeaders() {
        return programHeaders;
    }

    /** The PT_LOAD segments with bytes in memory, by address. */
    public List<ProgramHeader> loadSegments() {
        return loadSegments;
    }

    /** The thread-local storage template (PT_TLS), from which glibc sets {@code tp}. */
    public Optional<ProgramHeader> tls() {
        return Optional.ofNullable(tls);
    }

    /** True if PT_GNU_STACK asks for an executable stack (Linux honours it; the default is not executable). */
    public boolean executableStack() {
        return executableStack;
    }

    /** The GNU ABI note, if present and well formed. */
    public Optional<AbiNote> abiNote() {
        return Optional.ofNullable(abiNote);
    }

    /** The lowest address a segment occupies, before any bias. */
    public long lowestAddress() {
        return loadSegments.getFirst().vaddr();
    }

    /** The first address past the highest segment, before any bias. */
    public long highestAddress() {
        long end = 0;
        for (ProgramHeader s : loadSegments) {
            end = Math.max(end, s.end());
        }
        return end;
    }

    /** The interface this file looks built for, and why (see {@link AbiGuess}). */
    public AbiGuess abiGuess() {
        return AbiGuess.of(this);
    }

    /** Size of the file in bytes. */
    public int size() {
        return bytes.length;
    }

    byte[] bytes() {
        return bytes;
    }
}
