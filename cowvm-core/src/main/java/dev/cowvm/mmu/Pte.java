package dev.cowvm.mmu;

/**
 * A page-table entry is a {@code long} in the RISC-V Sv39/Sv48 layout; this class decodes and
 * builds them. There is no object per entry.
 *
 * <pre>
 *  63    54 53                                  10 9   8 7 6 5 4 3 2 1 0
 * +--------+--------------------------------------+-----+-+-+-+-+-+-+-+-+
 * |reserved|                 PPN                  | RSW |D|A|G|U|X|W|R|V|
 * +--------+--------------------------------------+-----+-+-+-+-+-+-+-+-+
 *    zero      physical page number (frame)        |  |
 *                                                  |  +-- bit 8: COW, this project's mark
 *                                                  +----- bit 9: HELD, a PROT_NONE page
 * </pre>
 *
 * Rules from the RISC-V privileged specification, section "Sv39":
 * <ul>
 *   <li>V=0: the entry is invalid; every other bit is free for software.</li>
 *   <li>V=1 and R=W=X=0: a pointer to the next level of the table.</li>
 *   <li>V=1 and R or X set: a leaf. W=1 with R=0 is reserved.</li>
 *   <li>A is set on any access, D on any write (this MMU sets them in software, as the
 *       specification allows).</li>
 *   <li>RSW (bits 9:8) is reserved for supervisor software: the hardware ignores it.</li>
 * </ul>
 *
 * Two uses of the software bits:
 * <ul>
 *   <li>{@link #COW} marks a valid, read-only leaf whose frame may be shared after fork: a
 *       write to it is a copy-on-write fault, not a protection violation. (xv6's RISC-V
 *       copy-on-write lab uses the same bit.)</li>
 *   <li>{@link #HELD} marks an invalid entry that still owns its frame because the region
 *       was made inaccessible ({@code mprotect(PROT_NONE)}): the hardware must fault on
 *       every access, but the data must survive. Linux does the same on x86 with its
 *       {@code _PAGE_PROTNONE} software bit.</li>
 * </ul>
 */
public final class Pte {
    public static final long V = 1L;
    public static final long R = 1L << 1;
    public static final long W = 1L << 2;
    public static final long X = 1L << 3;
    public static final long U = 1L << 4;
    public static final long G = 1L << 5;
    public static final long A = 1L << 6;
    public static final long D = 1L << 7;
    /** RSW bit 8: valid read-only leaf of a copy-on-write page. */
    public static final long COW = 1L << 8;
    /** RSW bit 9: invalid entry that keeps its frame (the region is PROT_NONE). */
    public static final long HELD = 1L << 9;

    public static final int PPN_SHIFT = 10;
    /** 44 bits of physical page number. */
    public static final long PPN_MASK = ((1L << 44) - 1) << PPN_SHIFT;
    /** Bits 63:54: reserved by the base specification, must be zero. */
    public static final long RESERVED_MASK = ~((1L << 54) - 1);
    /** Permission bits of a leaf. */
    public static final long RWX = R | W | X;

    private Pte() {
    }

    /** V set. */
    public static boolean isValid(long pte) {
        return (pte & V) != 0;
    }

    /** Valid with R or X: maps a page. */
    public static boolean isLeaf(long pte) {
        return (pte & V) != 0 && (pte & (R | X)) != 0;
    }

    /** Valid with R=W=X=0: points at the next level. */
    public static boolean isPointer(long pte) {
        return (pte & (V | RWX)) == V;
    }

    /** A leaf or a held entry: the entry owns a reference to a frame. */
    public static boolean mapsFrame(long pte) {
        return isLeaf(pte) || (pte & (V | HELD)) == HELD;
    }

    /** The frame number in bits 53:10. */
    public static int frame(long pte) {
        return (int) ((pte & PPN_MASK) >>> PPN_SHIFT);
    }

    /** The entry with its frame number replaced. */
    public static long withFrame(long pte, int frame) {
        return (pte & ~PPN_MASK) | ((long) frame << PPN_SHIFT);
    }

    /** A pointer to a page-table page at the next level. */
    public static long pointer(int tableFrame) {
        return ((long) tableFrame << PPN_SHIFT) | V;
    }

    /** A valid user leaf mapping {@code frame} with the given flag bits. */
    public static long leaf(int frame, long flags) {
        long pte = ((long) frame << PPN_SHIFT) | flags | V | U;
        assert (pte & (R | X)) != 0 : "Sv39: a leaf has R or X set";
        assert (pte & (R | W)) != W : "Sv39: W without R is reserved";
        return pte;
    }

    /**
     * Flags as eight characters, {@code rwxuadCH}, a dash for each one clear: permissions,
     * user, accessed, dirty, copy-on-write, held.
     */
    public static String flags(long pte) {
        return new StringBuilder(8)
                .append((pte & R) != 0 ? 'r' : '-')
                .append((pte & W) != 0 ? 'w' : '-')
                .append((pte & X) != 0 ? 'x' : '-')
                .append((pte & U) != 0 ? 'u' : '-')
                .append((pte & A) != 0 ? 'a' : '-')
                .append((pte & D) != 0 ? 'd' : '-')
                .append((pte & COW) != 0 ? 'C' : '-')
                .append((pte & HELD) != 0 ? 'H' : '-')
                .toString();
    }

    /** Decodes every field, for tooltips: {@code V R W - U A D COW ppn=0x12}. */
    public static String describe(long pte) {
        StringBuilder s = new StringBuilder();
        String[] names = {"V", "R", "W", "X", "U", "G", "A", "D", "COW", "HELD"};
        for (int bit = 0; bit < names.length; bit++) {
            if ((pte & (1L << bit)) != 0) {
                s.append(names[bit]).append(' ');
            }
        }
        return s.append("ppn=0x").append(Integer.toHexString(frame(pte))).toString();
    }
}
