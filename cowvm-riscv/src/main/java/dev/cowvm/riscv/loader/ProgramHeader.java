package dev.cowvm.riscv.loader;

import dev.cowvm.kernel.Protection;

/**
 * One entry of an ELF64 program header table (System V gABI, "Program Header"): a segment
 * of the file and where it goes in memory. Values are as in the file, before any load
 * bias; the offsets and sizes of the kinds the loader uses have been checked against the
 * file.
 *
 * @param index  its position in the table, for messages
 * @param type   {@code p_type}, for example {@link #PT_LOAD}
 * @param flags  {@code p_flags}: {@link #PF_R}, {@link #PF_W}, {@link #PF_X}
 * @param offset {@code p_offset}: where its bytes start in the file
 * @param vaddr  {@code p_vaddr}: where they go in memory
 * @param filesz {@code p_filesz}: bytes taken from the file
 * @param memsz  {@code p_memsz}: bytes in memory; those past {@code filesz} are zero (bss)
 * @param align  {@code p_align}
 */
public record ProgramHeader(int index, long type, int flags, long offset, long vaddr, long filesz, long memsz,
        long align) {
    /** A segment to load. */
    public static final long PT_LOAD = 1;
    /** Dynamic-linking information. */
    public static final long PT_DYNAMIC = 2;
    /** The path of the dynamic linker: the program is dynamically linked. */
    public static final long PT_INTERP = 3;
    /** Notes, such as the GNU ABI tag. */
    public static final long PT_NOTE = 4;
    /** The program header table itself, as loaded. */
    public static final long PT_PHDR = 6;
    /** The thread-local storage template. */
    public static final long PT_TLS = 7;
    /** GNU: the stack's permissions (executable or not). */
    public static final long PT_GNU_STACK = 0x6474_e551L;
    /** Segment flag: executable. */
    public static final int PF_X = 1;
    /** Segment flag: writable. */
    public static final int PF_W = 2;
    /** Segment flag: readable. */
    public static final int PF_R = 4;

    /** The first address past the segment in memory (before any bias). */
    public long end() {
        return vaddr + memsz;
    }

    /** The protection its flags ask for (write implies read, as on RISC-V Linux). */
    public Protection protection() {
        return new Protection((flags & PF_R) != 0, (flags & PF_W) != 0, (flags & PF_X) != 0);
    }

    /** The type's name, for example {@code PT_LOAD}, or its number in hex. */
    public String typeName() {
        return typeName(type);
    }

    static String typeName(long type) {
        if (type == 0) {
            return "PT_NULL";
        } else if (type == PT_LOAD) {
            return "PT_LOAD";
        } else if (type == PT_DYNAMIC) {
            return "PT_DYNAMIC";
        } else if (type == PT_INTERP) {
            return "PT_INTERP";
        } else if (type == PT_NOTE) {
            return "PT_NOTE";
        } else if (type == PT_PHDR) {
            return "PT_PHDR";
        } else if (type == PT_TLS) {
            return "PT_TLS";
        } else if (type == PT_GNU_STACK) {
            return "PT_GNU_STACK";
        }
        return "type 0x" + Long.toHexString(type);
    }

    @Override
    public String toString() {
        return String.format("program header %d (%s)", index, typeName());
    }
}
