package dev.cowvm.riscv.cpu;

import static dev.cowvm.riscv.cpu.Op.imm;
import static dev.cowvm.riscv.cpu.Op.length;
import static dev.cowvm.riscv.cpu.Op.offset;
import static dev.cowvm.riscv.cpu.Op.rd;
import static dev.cowvm.riscv.cpu.Op.rs1;
import static dev.cowvm.riscv.cpu.Op.rs2;

import java.util.Arrays;

/**
 * The dispatch loop: find the decoded basic block at pc, run its instructions one after
 * another through one {@code switch}, go to the next block.
 *
 * <h2>The loop</h2>
 * <pre>
 *   locals: pc (the block's entry), table and base (the block table of pc's page and the
 *           page's address), epoch (the memory's code epoch when table was found),
 *           n (instructions retired in this run)
 *   1. blk = table[(pc - base) / 2], or find it the slow way ({@link #enterBlock}):
 *      translate pc, find or claim the frame's table, decode the block
 *   2. if fewer than blk's instructions are left in the budget, run a truncated copy
 *   3. for i = 0, 1, ...: d = blk[i]; switch on its operation
 *        - most instructions: do it, next i
 *        - a branch, jump or BLOCK_END: next = the following pc, leave the block
 *        - a trap: pc = entry + offset(d), retire the i instructions before it, return
 *   4. n += instructions run; pc = next; if the epoch moved, table = null (revalidate)
 * </pre>
 * Before step 2 the block's entries are counted; when a block has been entered
 * {@link Hart#setTranslation often enough}, the {@link Translator} turns the code around it
 * into a {@link Region}, and from then on entering that block runs the region instead
 * (as long as a whole pass through it fits in the budget) until control leaves it.
 * Inside a block the next instruction is simply {@code blk[i + 1]}: nothing about the
 * instruction just executed is needed to find it, so the processor running this loop can
 * load it ahead. The pc of an instruction is only computed where it is used (auipc,
 * jumps, branches, traps) from the offset its decoded form carries. Registers, the memory
 * and the block are locals; integer writes to x0 land in the sink register, so no case
 * tests rd.
 *
 * <h2>When decoded code is revalidated</h2>
 * A page's blocks are trusted while the memory's {@link Memory#codeEpoch} is unchanged
 * since the table was found. The epoch is read at every block boundary, and right after
 * every store, AMO and SC (a store into a watched frame bumps it; the block is left at
 * once, since its remaining instructions may be what was overwritten), and FENCE.I leaves
 * the block and drops the table. The next block is then found by translating pc again
 * and checking the frame's generation. Leaving the loop on a trap or an ecall, where the
 * kernel may change anything, ends all trust: the next run starts over.
 */
final class Interpreter {
    /** What a faulting fetch yields: executing it reports the fault. */
    private static final long[] FETCH_FAULT_BLOCK = {Op.pack(Op.FETCH_FAULT, 0, 0, 0, 4, 0)};
    /** Parcels a block may span; its instructions' offsets must fit five bits. */
    static final int MAX_PARCELS = 30;

    private Interpreter() {
    }

    static int run(Hart h, long budget) {
        final Memory mem = h.memory;
        final long[] x = h.x;
        final long[] f = h.fpu.f;
        final int translateAfter = h.translateAfter;
        long pc = h.pc;
        long n = 0;
        PageCode table = null;
        long base = 0;
        long epoch = mem.codeEpoch();
        int cause = Trap.NONE;
        outer:
        while (n < budget) {
            long off = pc - base;
            int slot = (int) off >>> 1;
            long[] blk = table != null && (off >>> 12) == 0 ? table.blocks[slot] : null;
            if (blk == null) {
                blk = enterBlock(h, mem, pc);
                table = h.page;
                base = h.pageBase;
                slot = (int) (pc - base) >>> 1;
            }
            if (table != null && translateAfter > 0) {
                Region[] regions = table.regions;
                Region region = regions == null ? null : regions[slot];
                if (region == null) {
                    int[] heat = table.heat;
                    if (heat == null) {
                        heat = table.heat = new int[CodeCache.SLOTS];
                    }
                    if (++heat[slot] == translateAfter && Translator.translate(h, mem, table, base, slot)) {
                        region = table.regions[slot];
                    }
                }
                if (region != null && region.instructions <= budget - n
                        && (h.reservation == Hart.NO_RESERVATION || region.checksReservation)) {
                    long retired = region.run(h, x, f, mem, pc, budget - n);
                    n += retired;
                    h.retiredTranslated += retired;
                    pc = h.pc;
                    if (h.regionCause != Trap.NONE) {
                        cause = h.regionCause;
                        break;
                    }
                    if (mem.codeEpoch() != epoch) {
                        epoch = mem.codeEpoch();
                        table = null;
                    }
                    continue;
                }
            }
            if (blk.length - 1 > budget - n) {
                blk = truncate(blk, (int) (budget - n));
            }
            int i = 0;
            long next;
            block:
            while (true) {
                long d = blk[i++];
                switch ((int) d & 0xFF) {
                    case Op.BLOCK_END:
                        next = pc + imm(d);
                        i--;
                        break block;
                    case Op.FETCH_FAULT:
                        n += i - 1;
                        cause = Trap.FETCH_PAGE_FAULT;
                        break outer;
                    case Op.ILLEGAL:
                        pc += offset(d);
                        n += i - 1;
                        cause = illegal(h, d);
                        break outer;
                    case Op.LUI:
                        x[rd(d)] = imm(d);
                        continue;
                    case Op.AUIPC:
                        x[rd(d)] = pc + offset(d) + imm(d);
                        continue;
                    case Op.JAL: {
                        long at = pc + offset(d);
                        x[rd(d)] = at + length(d);
                        next = at + imm(d);
                        break block;
                    }
                    case Op.JALR: {
                        long target = (x[rs1(d)] + imm(d)) & ~1L;
                        x[rd(d)] = pc + offset(d) + length(d);
                        next = target;
                        break block;
                    }
                    case Op.BEQ:
                        next = pc + offset(d) + (x[rs1(d)] == x[rs2(d)] ? imm(d) : length(d));
                        break block;
                    case Op.BNE:
                        next = pc + offset(d) + (x[rs1(d)] != x[rs2(d)] ? imm(d) : length(d));
                        break block;
                    case Op.BLT:
                        next = pc + offset(d) + (x[rs1(d)] < x[rs2(d)] ? imm(d) : length(d));
                        break block;
                    case Op.BGE:
                        next = pc + offset(d) + (x[rs1(d)] >= x[rs2(d)] ? imm(d) : length(d));
                        break block;
                    case Op.BLTU:
                        next = pc + offset(d) + (Long.compareUnsigned(x[rs1(d)], x[rs2(d)]) < 0 ? imm(d) : length(d));
                        break block;
                    case Op.BGEU:
                        next = pc + offset(d) + (Long.compareUnsigned(x[rs1(d)], x[rs2(d)]) >= 0 ? imm(d) : length(d));
                        break block;
                    case Op.LB: {
                        int v = mem.load8(x[rs1(d)] + imm(d));
                        if (mem.trapped()) {
                            pc += offset(d);
                            n += i - 1;
                            cause = memoryTrap(h, mem);
                            break outer;
                        }
                        x[rd(d)] = (byte) v;
                        continue;
                    }
                    case Op.LH: {
                        int v = mem.load16(x[rs1(d)] + imm(d));
                        if (mem.trapped()) {
                            pc += offset(d);
                            n += i - 1;
                            cause = memoryTrap(h, mem);
                            break outer;
                        }
                        x[rd(d)] = (short) v;
                        continue;
                    }
                    case Op.LW: {
                        int v = mem.load32(x[rs1(d)] + imm(d));
                        if (mem.trapped()) {
                            pc += offset(d);
                            n += i - 1;
                            cause = memoryTrap(h, mem);
                            break outer;
                        }
                        x[rd(d)] = v;
                        continue;
                    }
                    case Op.LD: {
                        long v = mem.load64(x[rs1(d)] + imm(d));
                        if (mem.trapped()) {
                            pc += offset(d);
                            n += i - 1;
                            cause = memoryTrap(h, mem);
                            break outer;
                        }
                        x[rd(d)] = v;
                        continue;
                    }
                    case Op.LBU: {
                        int v = mem.load8(x[rs1(d)] + imm(d));
                        if (mem.trapped()) {
                            pc += offset(d);
                            n += i - 1;
                            cause = memoryTrap(h, mem);
                            break outer;
                        }
                        x[rd(d)] = v;
                        continue;
                    }
                    case Op.LHU: {
                        int v = mem.load16(x[rs1(d)] + imm(d));
                        if (mem.trapped()) {
                            pc += offset(d);
                            n += i - 1;
                            cause = memoryTrap(h, mem);
                            break outer;
                        }
                        x[rd(d)] = v;
                        continue;
                    }
                    case Op.LWU: {
                        int v = mem.load32(x[rs1(d)] + imm(d));
                        if (mem.trapped()) {
                            pc += offset(d);
                            n += i - 1;
                            cause = memoryTrap(h, mem);
                            break outer;
                        }
                        x[rd(d)] = v & 0xFFFFFFFFL;
                        continue;
                    }
                    case Op.FLW: {
                        int v = mem.load32(x[rs1(d)] + imm(d));
                        if (mem.trapped()) {
                            pc += offset(d);
                            n += i - 1;
                            cause = memoryTrap(h, mem);
                            break outer;
                        }
                        f[rd(d)] = FloatUnit.box(v);
                        continue;
                    }
                    case Op.FLD: {
                        long v = mem.load64(x[rs1(d)] + imm(d));
                        if (mem.trapped()) {
                            pc += offset(d);
                            n += i - 1;
                            cause = memoryTrap(h, mem);
                            break outer;
                        }
                        f[rd(d)] = v;
                        continue;
                    }
                    case Op.SB:
                    case Op.SH:
                    case Op.SW:
                    case Op.SD:
                    case Op.FSW:
                    case Op.FSD: {
                        long a = x[rs1(d)] + imm(d);
                        int size = store(mem, d, a, x, f);
                        if (mem.trapped()) {
                            pc += offset(d);
                            n += i - 1;
                            cause = memoryTrap(h, mem);
                            break outer;
                        }
                        if (h.reservation != Hart.NO_RESERVATION) {
                            storeTouchesReservation(h, a, size);
                        }
                        if (mem.codeEpoch() != epoch) { // the store may have changed code: leave the block
                            epoch = mem.codeEpoch();
                            table = null;
                            next = pc + offset(d) + length(d);
                            break block;
                        }
                        continue;
                    }
                    case Op.ADDI:
                        x[rd(d)] = x[rs1(d)] + imm(d);
                        continue;
                    case Op.SLTI:
                        x[rd(d)] = x[rs1(d)] < imm(d) ? 1 : 0;
                        continue;
                    case Op.SLTIU:
                        x[rd(d)] = Long.compareUnsigned(x[rs1(d)], imm(d)) < 0 ? 1 : 0;
                        continue;
                    case Op.XORI:
                        x[rd(d)] = x[rs1(d)] ^ imm(d);
                        continue;
                    case Op.ORI:
                        x[rd(d)] = x[rs1(d)] | imm(d);
                        continue;
                    case Op.ANDI:
                        x[rd(d)] = x[rs1(d)] & imm(d);
                        continue;
                    case Op.SLLI:
                        x[rd(d)] = x[rs1(d)] << imm(d);
                        continue;
                    case Op.SRLI:
                        x[rd(d)] = x[rs1(d)] >>> imm(d);
                        continue;
                    case Op.SRAI:
                        x[rd(d)] = x[rs1(d)] >> imm(d);
                        continue;
                    case Op.ADD:
                        x[rd(d)] = x[rs1(d)] + x[rs2(d)];
                        continue;
                    case Op.SUB:
                        x[rd(d)] = x[rs1(d)] - x[rs2(d)];
                        continue;
                    case Op.SLL: // RV64: the shift amount is the low 6 bits, as Java's long shifts take it
                        x[rd(d)] = x[rs1(d)] << x[rs2(d)];
                        continue;
                    case Op.SLT:
                        x[rd(d)] = x[rs1(d)] < x[rs2(d)] ? 1 : 0;
                        continue;
                    case Op.SLTU:
                        x[rd(d)] = Long.compareUnsigned(x[rs1(d)], x[rs2(d)]) < 0 ? 1 : 0;
                        continue;
                    case Op.XOR:
                        x[rd(d)] = x[rs1(d)] ^ x[rs2(d)];
                        continue;
                    case Op.SRL:
                        x[rd(d)] = x[rs1(d)] >>> x[rs2(d)];
                        continue;
                    case Op.SRA:
                        x[rd(d)] = x[rs1(d)] >> x[rs2(d)];
                        continue;
                    case Op.OR:
                        x[rd(d)] = x[rs1(d)] | x[rs2(d)];
                        continue;
                    case Op.AND:
                        x[rd(d)] = x[rs1(d)] & x[rs2(d)];
                        continue;
                    // W operations compute in int: Java wraps, and widening sign-extends bit 31.
                    case Op.ADDIW:
                        x[rd(d)] = (int) x[rs1(d)] + imm(d);
                        continue;
                    case Op.SLLIW:
                        x[rd(d)] = (int) x[rs1(d)] << imm(d);
                        continue;
                    case Op.SRLIW:
                        x[rd(d)] = (int) x[rs1(d)] >>> imm(d);
                        continue;
                    case Op.SRAIW:
                        x[rd(d)] = (int) x[rs1(d)] >> imm(d);
                        continue;
                    case Op.ADDW:
                        x[rd(d)] = (int) x[rs1(d)] + (int) x[rs2(d)];
                        continue;
                    case Op.SUBW:
                        x[rd(d)] = (int) x[rs1(d)] - (int) x[rs2(d)];
                        continue;
                    case Op.SLLW: // the low 5 bits of rs2, as Java's int shifts take them
                        x[rd(d)] = (int) x[rs1(d)] << x[rs2(d)];
                        continue;
                    case Op.SRLW:
                        x[rd(d)] = (int) x[rs1(d)] >>> x[rs2(d)];
                        continue;
                    case Op.SRAW:
                        x[rd(d)] = (int) x[rs1(d)] >> x[rs2(d)];
                        continue;
                    case Op.MUL:
                        x[rd(d)] = x[rs1(d)] * x[rs2(d)];
                        continue;
                    case Op.MULW:
                        x[rd(d)] = (int) x[rs1(d)] * (int) x[rs2(d)];
                        continue;
                    case Op.MULH:
                    case Op.MULHSU:
                    case Op.MULHU:
                    case Op.DIV:
                    case Op.DIVU:
                    case Op.REM:
                    case Op.REMU:
                    case Op.DIVW:
                    case Op.DIVUW:
                    case Op.REMW:
                    case Op.REMUW:
                        x[rd(d)] = Alu.multiplyDivide((int) d & 0xFF, x[rs1(d)], x[rs2(d)]);
                        continue;
                    case Op.FENCE:
                        continue;
                    case Op.FENCE_I:
                        // Zifencei: later fetches see earlier stores. Revalidate before the next block.
                        epoch = mem.codeEpoch();
                        table = null;
                        next = pc + offset(d) + length(d);
                        break block;
                    case Op.ECALL:
                        pc += offset(d);
                        n += i - 1;
                        h.trapValue = 0;
                        cause = Trap.ECALL;
                        break outer;
                    case Op.EBREAK:
                        pc += offset(d);
                        n += i - 1;
                        h.trapValue = pc;
                        cause = Trap.BREAKPOINT;
                        break outer;
                    case Op.CSRRW:
                    case Op.CSRRS:
                    case Op.CSRRC:
                    case Op.CSRRWI:
                    case Op.CSRRSI:
                    case Op.CSRRCI:
                        if (!Csr.execute(h, d, h.instret + n + i - 1)) {
                            pc += offset(d);
                            n += i - 1;
                            cause = illegal(h, d);
                            break outer;
                        }
                        continue;
                    default:
                        if (((int) d & 0xFF) >= Op.FP_FIRST) {
                            if (!h.fpu.execute(d, x)) {
                                pc += offset(d);
                                n += i - 1;
                                cause = illegal(h, d);
                                break outer;
                            }
                            continue;
                        }
                        // LR, SC and AMOs.
                        int c = Atomics.execute(h, mem, d);
                        if (c != Trap.NONE) {
                            pc += offset(d);
                            n += i - 1;
                            cause = c;
                            break outer;
                        }
                        if (mem.codeEpoch() != epoch) {
                            epoch = mem.codeEpoch();
                            table = null;
                            next = pc + offset(d) + length(d);
                            break block;
                        }
                        continue;
                }
            }
            n += i;
            pc = next;
            if (mem.codeEpoch() != epoch) { // a block boundary: has anything we trust changed?
                epoch = mem.codeEpoch();
                table = null;
            }
        }
        h.pc = pc;
        h.instret += n;
        if (cause != Trap.NONE) {
            h.reservation = Hart.NO_RESERVATION; // a trap drops the LR reservation
        }
        return cause;
    }

    /** Performs a store of any width; returns its size in bytes. */
    private static int store(Memory mem, long d, long a, long[] x, long[] f) {
        int r2 = rs2(d);
        switch ((int) d & 0xFF) {
            case Op.SB -> {
                mem.store8(a, (int) x[r2]);
                return 1;
            }
            case Op.SH -> {
                mem.store16(a, (int) x[r2]);
                return 2;
            }
            case Op.SW -> {
                mem.store32(a, (int) x[r2]);
                return 4;
            }
            case Op.SD -> {
                mem.store64(a, x[r2]);
                return 8;
            }
            case Op.FSW -> {
                mem.store32(a, (int) f[r2]);
                return 4;
            }
            default -> {
                mem.store64(a, f[r2]);
                return 8;
            }
        }
    }

    /** The first {@code count} instructions of a block, then a BLOCK_END to the one after. */
    private static long[] truncate(long[] blk, int count) {
        long[] t = Arrays.copyOf(blk, count + 1);
        t[count] = Op.pack(Op.BLOCK_END, 0, 0, 0, 4, offset(blk[count]));
        return t;
    }

    /**
     * Translates pc, finds or claims its frame's decoded code, decodes the block at pc if
     * needed, and leaves the page's code in {@link Hart#page} and {@link Hart#pageBase}.
     *
     * @return the block; after a fetch fault, a block that reports it
     */
    static long[] enterBlock(Hart h, Memory mem, long pc) {
        long pageBase = pc & -4096L;
        h.page = null;
        h.pageBase = pageBase;
        long physical = mem.codeAddress(pc);
        if (mem.trapped()) {
            return fetchFault(h, mem);
        }
        int frame = (int) (physical >>> 12);
        PageCode page = h.cache.find(frame, mem.codeGeneration(frame));
        if (page == null) {
            mem.watchCode(pc);
            page = h.cache.claim(frame, mem.codeGeneration(frame));
        }
        int slot = (int) (pc - pageBase) >>> 1;
        long[] blk = page.blocks[slot];
        if (blk == null) {
            blk = decodeBlock(h, mem, pc, slot);
            if (blk == FETCH_FAULT_BLOCK) {
                return blk;
            }
            if (cacheable(slot, blk)) {
                page.blocks[slot] = blk;
            }
        }
        h.page = page;
        return blk;
    }

    /** A page-crossing instruction is decoded afresh every time it runs. */
    private static boolean cacheable(int slot, long[] blk) {
        return slot != CodeCache.SLOTS - 1 || Op.length(blk[0]) == 2;
    }

    /**
     * The block at a slot of a page being executed, decoded and cached if needed; null if it
     * cannot be cached (a fault, or a page-crossing instruction).
     */
    static long[] blockAt(Hart h, Memory mem, PageCode page, long pageBase, int slot) {
        long[] blk = page.blocks[slot];
        if (blk == null) {
            blk = decodeBlock(h, mem, pageBase + 2L * slot, slot);
            if (blk == FETCH_FAULT_BLOCK || !cacheable(slot, blk)) {
                return null;
            }
            page.blocks[slot] = blk;
        }
        return blk;
    }

    /** Decodes the basic block at pc, which lies in an executable page at {@code slot}. */
    private static long[] decodeBlock(Hart h, Memory mem, long pc, int slot) {
        long[] buf = h.decodeBuffer;
        int count = 0;
        int parcels = 0;
        int s = slot;
        while (true) {
            long a = pc + 2L * parcels;
            int low = mem.fetch16(a);
            if (mem.trapped()) {
                return fetchFault(h, mem);
            }
            long d;
            if (!Decoder.isWide(low)) {
                d = Decoder.decodeCompressed(low);
            } else if (s == CodeCache.SLOTS - 1) {
                // The upper half is in the next page, possibly another frame or unmapped.
                if (count > 0) {
                    break; // it starts a block of its own
                }
                int insn = mem.fetch32(a);
                if (mem.trapped()) {
                    return fetchFault(h, mem);
                }
                d = Decoder.decode(insn);
            } else {
                int high = mem.fetch16(a + 2);
                if (mem.trapped()) {
                    return fetchFault(h, mem);
                }
                d = Decoder.decode(low | high << 16);
            }
            buf[count++] = d | (long) parcels << 27;
            int len = Op.length(d);
            parcels += len >> 1;
            s += len >> 1;
            if (endsBlock(Op.op(d)) || parcels >= MAX_PARCELS || s >= CodeCache.SLOTS) {
                break;
            }
        }
        buf[count] = Op.pack(Op.BLOCK_END, 0, 0, 0, 4, 2 * parcels);
        return Arrays.copyOf(buf, count + 1);
    }

    /** Instructions after which the next pc is not simply the following instruction. */
    private static boolean endsBlock(int op) {
        return (op >= Op.JAL && op <= Op.BGEU) || op == Op.ECALL || op == Op.EBREAK || op == Op.ILLEGAL
                || op == Op.FENCE_I;
    }

    private static long[] fetchFault(Hart h, Memory mem) {
        h.trapValue = mem.trapAddress();
        mem.clearTrap();
        return FETCH_FAULT_BLOCK;
    }

    static int memoryTrap(Hart h, Memory mem) {
        int cause = mem.trapCause();
        h.trapValue = mem.trapAddress();
        mem.clearTrap();
        return cause;
    }

    static int illegal(Hart h, long d) {
        int bits = imm(d);
        h.trapValue = length(d) == 2 ? bits & 0xFFFF : bits & 0xFFFFFFFFL;
        return Trap.ILLEGAL_INSTRUCTION;
    }

    /** Drops the reservation if a store of {@code size} bytes at {@code a} touches its doubleword. */
    static void storeTouchesReservation(Hart h, long a, int size) {
        long r = h.reservation;
        if ((a & -8L) == r || ((a + size - 1) & -8L) == r) {
            h.reservation = Hart.NO_RESERVATION;
        }
    }
}
