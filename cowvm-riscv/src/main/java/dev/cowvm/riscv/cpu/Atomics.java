package dev.cowvm.riscv.cpu;

/**
 * The A extension: LR/SC and the AMOs, in their W and D forms.
 *
 * <p>An AMO is a load, an operation and a store at one naturally aligned address; a hart
 * runs alone in its kernel, so the pair is atomic. A misaligned address raises an
 * address-misaligned exception (4 for LR, 6 for SC and AMOs: the A chapter leaves
 * misaligned atomics to the execution environment, and Linux delivers SIGBUS). A fault on
 * the load half of an AMO is reported as a store/AMO page fault (15), as the privileged
 * specification assigns AMOs; the store half faulting leaves memory and rd unchanged. W
 * results are sign-extended; AMOMIN/MAX compare signed, MINU/MAXU unsigned.
 *
 * <p>SC writes 0 to rd on success and 1 on failure; it fails without touching memory when
 * no reservation covers its address, and drops the reservation either way (the A chapter:
 * an SC must fail if another SC lies between the LR and it).
 */
final class Atomics {
    private Atomics() {
    }

    /** @return {@link Trap#NONE}, or the cause of a trap (with the hart's trap value set) */
    static int execute(Hart h, Memory mem, long d) {
        long[] x = h.x;
        int op = Op.op(d);
        long a = x[Op.rs1(d)];
        long src = x[Op.rs2(d)];
        int rd = Op.rd(d);
        boolean word = op <= Op.AMOMAXU_W;
        if ((a & (word ? 3 : 7)) != 0) {
            h.trapValue = a;
            return op == Op.LR_W || op == Op.LR_D ? Trap.LOAD_MISALIGNED : Trap.STORE_MISALIGNED;
        }
        if (op == Op.LR_W || op == Op.LR_D) {
            long v = word ? mem.load32(a) : mem.load64(a);
            if (mem.trapped()) {
                return trap(h, mem, mem.trapCause());
            }
            h.reservation = a & -8L;
            x[rd] = v;
            return Trap.NONE;
        }
        if (op == Op.SC_W || op == Op.SC_D) {
            boolean held = h.reservation == (a & -8L);
            h.reservation = Hart.NO_RESERVATION;
            if (!held) {
                x[rd] = 1;
                return Trap.NONE;
            }
            if (word) {
                mem.store32(a, (int) src);
            } else {
                mem.store64(a, src);
            }
            if (mem.trapped()) {
                return trap(h, mem, mem.trapCause());
            }
            x[rd] = 0;
            return Trap.NONE;
        }
        long old = word ? mem.load32(a) : mem.load64(a);
        if (mem.trapped()) {
            return trap(h, mem, Trap.STORE_PAGE_FAULT);
        }
        int k = op - (word ? Op.AMOSWAP_W : Op.AMOSWAP_D);
        long v = switch (k) {
            case 0 -> src;
            case 1 -> old + src;
            case 2 -> old ^ src;
            case 3 -> old & src;
            case 4 -> old | src;
            case 5 -> Math.min(old, word ? (int) src : src);
            case 6 -> Math.max(old, word ? (int) src : src);
            case 7 -> minUnsigned(old, src, word);
            default -> maxUnsigned(old, src, word);
        };
        if (word) {
            mem.store32(a, (int) v);
        } else {
            mem.store64(a, v);
        }
        if (mem.trapped()) {
            return trap(h, mem, mem.trapCause());
        }
        if (h.reservation != Hart.NO_RESERVATION) {
            Interpreter.storeTouchesReservation(h, a, word ? 4 : 8);
        }
        x[rd] = old;
        return Trap.NONE;
    }

    private static long minUnsigned(long a, long b, boolean word) {
        if (word) {
            return Integer.compareUnsigned((int) a, (int) b) <= 0 ? a : (int) b;
        }
        return Long.compareUnsigned(a, b) <= 0 ? a : b;
    }

    private static long maxUnsigned(long a, long b, boolean word) {
        if (word) {
            return Integer.compareUnsigned((int) a, (int) b) >= 0 ? a : (int) b;
        }
        return Long.compareUnsigned(a, b) >= 0 ? a : b;
    }

    private static int trap(Hart h, Memory mem, int cause) {
        h.trapValue = mem.trapAddress();
        mem.clearTrap();
        return cause;
    }
}
