package dev.cowvm.riscv.cpu;

import static dev.cowvm.riscv.cpu.Op.imm;
import static dev.cowvm.riscv.cpu.Op.length;
import static dev.cowvm.riscv.cpu.Op.rd;
import static dev.cowvm.riscv.cpu.Op.rs1;
import static dev.cowvm.riscv.cpu.Op.rs2;

/**
 * The dispatch loop: fetch a decoded instruction from the current page's slots, switch on
 * its operation, repeat.
 *
 * <h2>The loop</h2>
 * <pre>
 *   locals: pc, code (the decoded slots of pc's page), base (that page's address),
 *           epoch (the memory's code epoch when code was validated), n (retired)
 *   1. if pc left the page [base, base + 4096): code = NO_CODE (all slots "undecoded")
 *   2. d = code[(pc - base) / 2]
 *   3. if d is undecoded or page-crossing: slow fetch (translate pc, find or claim the
 *      frame's decoded page, decode the slot); a fetch fault leaves the loop
 *   4. execute d; a trap leaves the loop with its cause; else n++
 * </pre>
 * Registers, the memory and the page are locals; an instruction touches two arrays (the
 * slot and the registers) before its own work. Integer writes to x0 land in the sink
 * register, so no case tests rd.
 *
 * <h2>When decoded code is revalidated</h2>
 * A page's slots are trusted while the memory's {@link Memory#codeEpoch} is unchanged
 * since they were found. The epoch is read on entry, after every store, AMO and SC (a
 * store into a watched frame bumps it, and a store is the only thing this hart does that
 * can change code or mappings without leaving the loop), after FENCE.I, and at every taken
 * jump or branch (a block boundary). When it moved, code becomes NO_CODE, and the next
 * fetch translates pc again and checks the frame's generation. Leaving the loop on a trap
 * or an ecall, where the kernel may change anything, ends all trust: the next run starts
 * over.
 */
final class Interpreter {
    /** Slots of a page nothing is known about: every slot reads as undecoded. */
    static final long[] NO_CODE = new long[CodeCache.SLOTS];

    private Interpreter() {
    }

    static int run(Hart h, long budget) {
        final Memory mem = h.memory;
        final long[] x = h.x;
        final long[] f = h.fpu.f;
        long pc = h.pc;
        long n = 0;
        long[] code = NO_CODE;
        long base = pc & -4096L;
        long epoch = mem.codeEpoch();
        int cause = Trap.NONE;
        loop:
        while (n < budget) {
            long off = pc - base;
            if ((off >>> 12) != 0) {
                code = NO_CODE;
                base = pc & -4096L;
                off = pc - base;
            }
            long d = code[(int) off >>> 1];
            if (((int) d & 0xFF) <= Op.CROSSING) {
                d = fetchSlow(h, mem, pc);
                code = h.fetchedCode;
                base = h.fetchedBase;
            }
            switch ((int) d & 0xFF) {
                case Op.FETCH_FAULT:
                    cause = Trap.FETCH_PAGE_FAULT;
                    break loop;
                case Op.ILLEGAL:
                    cause = illegal(h, d);
                    break loop;
                case Op.LUI:
                    x[rd(d)] = imm(d);
                    pc += length(d);
                    break;
                case Op.AUIPC:
                    x[rd(d)] = pc + imm(d);
                    pc += length(d);
                    break;
                case Op.JAL:
                    x[rd(d)] = pc + length(d);
                    pc += imm(d);
                    if (mem.codeEpoch() != epoch) {
                        epoch = mem.codeEpoch();
                        code = NO_CODE;
                    }
                    break;
                case Op.JALR: {
                    long target = (x[rs1(d)] + imm(d)) & ~1L;
                    x[rd(d)] = pc + length(d);
                    pc = target;
                    if (mem.codeEpoch() != epoch) {
                        epoch = mem.codeEpoch();
                        code = NO_CODE;
                    }
                    break;
                }
                case Op.BEQ:
                    pc += x[rs1(d)] == x[rs2(d)] ? imm(d) : length(d);
                    break;
                case Op.BNE:
                    pc += x[rs1(d)] != x[rs2(d)] ? imm(d) : length(d);
                    break;
                case Op.BLT:
                    pc += x[rs1(d)] < x[rs2(d)] ? imm(d) : length(d);
                    break;
                case Op.BGE:
                    pc += x[rs1(d)] >= x[rs2(d)] ? imm(d) : length(d);
                    break;
                case Op.BLTU:
                    pc += Long.compareUnsigned(x[rs1(d)], x[rs2(d)]) < 0 ? imm(d) : length(d);
                    break;
                case Op.BGEU:
                    pc += Long.compareUnsigned(x[rs1(d)], x[rs2(d)]) >= 0 ? imm(d) : length(d);
                    break;
                case Op.LB: {
                    int v = mem.load8(x[rs1(d)] + imm(d));
                    if (mem.trapped()) {
                        cause = memoryTrap(h, mem);
                        break loop;
                    }
                    x[rd(d)] = (byte) v;
                    pc += length(d);
                    break;
                }
                case Op.LH: {
                    int v = mem.load16(x[rs1(d)] + imm(d));
                    if (mem.trapped()) {
                        cause = memoryTrap(h, mem);
                        break loop;
                    }
                    x[rd(d)] = (short) v;
                    pc += length(d);
                    break;
                }
                case Op.LW: {
                    int v = mem.load32(x[rs1(d)] + imm(d));
                    if (mem.trapped()) {
                        cause = memoryTrap(h, mem);
                        break loop;
                    }
                    x[rd(d)] = v;
                    pc += length(d);
                    break;
                }
                case Op.LD: {
                    long v = mem.load64(x[rs1(d)] + imm(d));
                    if (mem.trapped()) {
                        cause = memoryTrap(h, mem);
                        break loop;
                    }
                    x[rd(d)] = v;
                    pc += length(d);
                    break;
                }
                case Op.LBU: {
                    int v = mem.load8(x[rs1(d)] + imm(d));
                    if (mem.trapped()) {
                        cause = memoryTrap(h, mem);
                        break loop;
                    }
                    x[rd(d)] = v;
                    pc += length(d);
                    break;
                }
                case Op.LHU: {
                    int v = mem.load16(x[rs1(d)] + imm(d));
                    if (mem.trapped()) {
                        cause = memoryTrap(h, mem);
                        break loop;
                    }
                    x[rd(d)] = v;
                    pc += length(d);
                    break;
                }
                case Op.LWU: {
                    int v = mem.load32(x[rs1(d)] + imm(d));
                    if (mem.trapped()) {
                        cause = memoryTrap(h, mem);
                        break loop;
                    }
                    x[rd(d)] = v & 0xFFFFFFFFL;
                    pc += length(d);
                    break;
                }
                case Op.FLW: {
                    int v = mem.load32(x[rs1(d)] + imm(d));
                    if (mem.trapped()) {
                        cause = memoryTrap(h, mem);
                        break loop;
                    }
                    f[rd(d)] = FloatUnit.box(v);
                    pc += length(d);
                    break;
                }
                case Op.FLD: {
                    long v = mem.load64(x[rs1(d)] + imm(d));
                    if (mem.trapped()) {
                        cause = memoryTrap(h, mem);
                        break loop;
                    }
                    f[rd(d)] = v;
                    pc += length(d);
                    break;
                }
                case Op.SB: {
                    long a = x[rs1(d)] + imm(d);
                    mem.store8(a, (int) x[rs2(d)]);
                    if (mem.trapped()) {
                        cause = memoryTrap(h, mem);
                        break loop;
                    }
                    if (h.reservation != Hart.NO_RESERVATION) {
                        storeTouchesReservation(h, a, 1);
                    }
                    if (mem.codeEpoch() != epoch) {
                        epoch = mem.codeEpoch();
                        code = NO_CODE;
                    }
                    pc += length(d);
                    break;
                }
                case Op.SH: {
                    long a = x[rs1(d)] + imm(d);
                    mem.store16(a, (int) x[rs2(d)]);
                    if (mem.trapped()) {
                        cause = memoryTrap(h, mem);
                        break loop;
                    }
                    if (h.reservation != Hart.NO_RESERVATION) {
                        storeTouchesReservation(h, a, 2);
                    }
                    if (mem.codeEpoch() != epoch) {
                        epoch = mem.codeEpoch();
                        code = NO_CODE;
                    }
                    pc += length(d);
                    break;
                }
                case Op.SW:
                case Op.FSW: {
                    long a = x[rs1(d)] + imm(d);
                    int r2 = rs2(d);
                    mem.store32(a, (int) (((int) d & 0xFF) == Op.SW ? x[r2] : f[r2]));
                    if (mem.trapped()) {
                        cause = memoryTrap(h, mem);
                        break loop;
                    }
                    if (h.reservation != Hart.NO_RESERVATION) {
                        storeTouchesReservation(h, a, 4);
                    }
                    if (mem.codeEpoch() != epoch) {
                        epoch = mem.codeEpoch();
                        code = NO_CODE;
                    }
                    pc += length(d);
                    break;
                }
                case Op.SD:
                case Op.FSD: {
                    long a = x[rs1(d)] + imm(d);
                    int r2 = rs2(d);
                    mem.store64(a, ((int) d & 0xFF) == Op.SD ? x[r2] : f[r2]);
                    if (mem.trapped()) {
                        cause = memoryTrap(h, mem);
                        break loop;
                    }
                    if (h.reservation != Hart.NO_RESERVATION) {
                        storeTouchesReservation(h, a, 8);
                    }
                    if (mem.codeEpoch() != epoch) {
                        epoch = mem.codeEpoch();
                        code = NO_CODE;
                    }
                    pc += length(d);
                    break;
                }
                case Op.ADDI:
                    x[rd(d)] = x[rs1(d)] + imm(d);
                    pc += length(d);
                    break;
                case Op.SLTI:
                    x[rd(d)] = x[rs1(d)] < imm(d) ? 1 : 0;
                    pc += length(d);
                    break;
                case Op.SLTIU:
                    x[rd(d)] = Long.compareUnsigned(x[rs1(d)], imm(d)) < 0 ? 1 : 0;
                    pc += length(d);
                    break;
                case Op.XORI:
                    x[rd(d)] = x[rs1(d)] ^ imm(d);
                    pc += length(d);
                    break;
                case Op.ORI:
                    x[rd(d)] = x[rs1(d)] | imm(d);
                    pc += length(d);
                    break;
                case Op.ANDI:
                    x[rd(d)] = x[rs1(d)] & imm(d);
                    pc += length(d);
                    break;
                case Op.SLLI:
                    x[rd(d)] = x[rs1(d)] << imm(d);
                    pc += length(d);
                    break;
                case Op.SRLI:
                    x[rd(d)] = x[rs1(d)] >>> imm(d);
                    pc += length(d);
                    break;
                case Op.SRAI:
                    x[rd(d)] = x[rs1(d)] >> imm(d);
                    pc += length(d);
                    break;
                case Op.ADD:
                    x[rd(d)] = x[rs1(d)] + x[rs2(d)];
                    pc += length(d);
                    break;
                case Op.SUB:
                    x[rd(d)] = x[rs1(d)] - x[rs2(d)];
                    pc += length(d);
                    break;
                case Op.SLL: // RV64: the shift amount is the low 6 bits, as Java's long shifts take it
                    x[rd(d)] = x[rs1(d)] << x[rs2(d)];
                    pc += length(d);
                    break;
                case Op.SLT:
                    x[rd(d)] = x[rs1(d)] < x[rs2(d)] ? 1 : 0;
                    pc += length(d);
                    break;
                case Op.SLTU:
                    x[rd(d)] = Long.compareUnsigned(x[rs1(d)], x[rs2(d)]) < 0 ? 1 : 0;
                    pc += length(d);
                    break;
                case Op.XOR:
                    x[rd(d)] = x[rs1(d)] ^ x[rs2(d)];
                    pc += length(d);
                    break;
                case Op.SRL:
                    x[rd(d)] = x[rs1(d)] >>> x[rs2(d)];
                    pc += length(d);
                    break;
                case Op.SRA:
                    x[rd(d)] = x[rs1(d)] >> x[rs2(d)];
                    pc += length(d);
                    break;
                case Op.OR:
                    x[rd(d)] = x[rs1(d)] | x[rs2(d)];
                    pc += length(d);
                    break;
                case Op.AND:
                    x[rd(d)] = x[rs1(d)] & x[rs2(d)];
                    pc += length(d);
                    break;
                // W operations compute in int: Java wraps, and widening sign-extends bit 31.
                case Op.ADDIW:
                    x[rd(d)] = (int) x[rs1(d)] + imm(d);
                    pc += length(d);
                    break;
                case Op.SLLIW:
                    x[rd(d)] = (int) x[rs1(d)] << imm(d);
                    pc += length(d);
                    break;
                case Op.SRLIW:
                    x[rd(d)] = (int) x[rs1(d)] >>> imm(d);
                    pc += length(d);
                    break;
                case Op.SRAIW:
                    x[rd(d)] = (int) x[rs1(d)] >> imm(d);
                    pc += length(d);
                    break;
                case Op.ADDW:
                    x[rd(d)] = (int) x[rs1(d)] + (int) x[rs2(d)];
                    pc += length(d);
                    break;
                case Op.SUBW:
                    x[rd(d)] = (int) x[rs1(d)] - (int) x[rs2(d)];
                    pc += length(d);
                    break;
                case Op.SLLW: // the low 5 bits of rs2, as Java's int shifts take them
                    x[rd(d)] = (int) x[rs1(d)] << x[rs2(d)];
                    pc += length(d);
                    break;
                case Op.SRLW:
                    x[rd(d)] = (int) x[rs1(d)] >>> x[rs2(d)];
                    pc += length(d);
                    break;
                case Op.SRAW:
                    x[rd(d)] = (int) x[rs1(d)] >> x[rs2(d)];
                    pc += length(d);
                    break;
                case Op.MUL:
                    x[rd(d)] = x[rs1(d)] * x[rs2(d)];
                    pc += length(d);
                    break;
                case Op.MULW:
                    x[rd(d)] = (int) x[rs1(d)] * (int) x[rs2(d)];
                    pc += length(d);
                    break;
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
                    pc += length(d);
                    break;
                case Op.FENCE:
                    pc += length(d);
                    break;
                case Op.FENCE_I:
                    // Zifencei: later fetches see earlier stores. Revalidate the page now.
                    epoch = mem.codeEpoch();
                    code = NO_CODE;
                    pc += length(d);
                    break;
                case Op.ECALL:
                    h.trapValue = 0;
                    cause = Trap.ECALL;
                    break loop;
                case Op.EBREAK:
                    h.trapValue = pc;
                    cause = Trap.BREAKPOINT;
                    break loop;
                case Op.CSRRW:
                case Op.CSRRS:
                case Op.CSRRC:
                case Op.CSRRWI:
                case Op.CSRRSI:
                case Op.CSRRCI:
                    if (!Csr.execute(h, d, h.instret + n)) {
                        cause = illegal(h, d);
                        break loop;
                    }
                    pc += length(d);
                    break;
                default:
                    if (((int) d & 0xFF) >= Op.FP_FIRST) {
                        if (!h.fpu.execute(d, x)) {
                            cause = illegal(h, d);
                            break loop;
                        }
                    } else {
                        // LR, SC and AMOs.
                        int c = Atomics.execute(h, mem, d);
                        if (c != Trap.NONE) {
                            cause = c;
                            break loop;
                        }
                        if (mem.codeEpoch() != epoch) {
                            epoch = mem.codeEpoch();
                            code = NO_CODE;
                        }
                    }
                    pc += length(d);
                    break;
            }
            n++;
        }
        h.pc = pc;
        h.instret += n;
        if (cause != Trap.NONE) {
            h.reservation = Hart.NO_RESERVATION; // a trap drops the LR reservation
        }
        return cause;
    }

    /**
     * Translates pc, finds or claims its frame's decoded page, decodes the slot if needed,
     * and leaves the page in {@link Hart#fetchedCode} / {@link Hart#fetchedBase}.
     *
     * @return the decoded instruction, or one with {@link Op#FETCH_FAULT} after a fault
     */
    static long fetchSlow(Hart h, Memory mem, long pc) {
        long pageBase = pc & -4096L;
        h.fetchedCode = NO_CODE;
        h.fetchedBase = pageBase;
        long physical = mem.codeAddress(pc);
        if (mem.trapped()) {
            return fetchFault(h, mem);
        }
        int frame = (int) (physical >>> 12);
        long[] code = h.cache.find(frame, mem.codeGeneration(frame));
        if (code == null) {
            mem.watchCode(pc);
            code = h.cache.claim(frame, mem.codeGeneration(frame));
        }
        int slot = (int) (pc - pageBase) >>> 1;
        long d = code[slot];
        int op = (int) d & 0xFF;
        if (op == Op.UNDECODED) {
            int low = mem.fetch16(pc);
            if (mem.trapped()) {
                return fetchFault(h, mem);
            }
            if (!Decoder.isWide(low)) {
                d = Decoder.decodeCompressed(low);
            } else if (slot == CodeCache.SLOTS - 1) {
                code[slot] = Op.pack(Op.CROSSING, 0, 0, 0, 4, 0);
                return crossing(h, mem, pc, code);
            } else {
                int high = mem.fetch16(pc + 2);
                if (mem.trapped()) {
                    return fetchFault(h, mem);
                }
                d = Decoder.decode(low | high << 16);
            }
            code[slot] = d;
        } else if (op == Op.CROSSING) {
            return crossing(h, mem, pc, code);
        }
        h.fetchedCode = code;
        return d;
    }

    /** A 4-byte instruction whose second half is in the next page: fetched every time. */
    private static long crossing(Hart h, Memory mem, long pc, long[] code) {
        int insn = mem.fetch32(pc);
        if (mem.trapped()) {
            return fetchFault(h, mem);
        }
        h.fetchedCode = code;
        return Decoder.decode(insn);
    }

    private static long fetchFault(Hart h, Memory mem) {
        h.trapValue = mem.trapAddress();
        mem.clearTrap();
        return Op.pack(Op.FETCH_FAULT, 0, 0, 0, 4, 0);
    }

    private static int memoryTrap(Hart h, Memory mem) {
        int cause = mem.trapCause();
        h.trapValue = mem.trapAddress();
        mem.clearTrap();
        return cause;
    }

    private static int illegal(Hart h, long d) {
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
