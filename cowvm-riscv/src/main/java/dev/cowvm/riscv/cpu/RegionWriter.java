package dev.cowvm.riscv.cpu;

import static java.lang.constant.ConstantDescs.CD_boolean;
import static java.lang.constant.ConstantDescs.CD_int;
import static java.lang.constant.ConstantDescs.CD_long;
import static java.lang.constant.ConstantDescs.CD_void;

import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.CodeBuilder;
import java.lang.classfile.Label;
import java.lang.classfile.instruction.SwitchCase;
import java.lang.constant.ClassDesc;
import java.lang.constant.MethodTypeDesc;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the class of one translated {@link Region}: a hidden class extending it whose
 * {@code run} method holds the region's blocks as bytecode (see {@link Translator} for the
 * shape of the method).
 *
 * <h2>Locals of the generated method</h2>
 * <pre>
 *   1 hart  2 x[]  3 f[]  4 memory  5 pc  7 budget          (the parameters)
 *   9 n (retired)  11 page base  13 exit pc  15 code epoch
 *   17 address  19 long temporary  21 the decoded word (for an illegal F/D instruction)
 *   23 instructions of the block not retired at a trap  24 cause  25 next length  26 int temporary
 *   27.. x1..x31 (two slots each)  89.. f0..f31  153 the floating-point unit
 * </pre>
 * Every jump to a shared stub (trap, epoch exit, illegal rounding mode) happens with an
 * empty operand stack, and every local a stub reads is written before the jump, so the
 * stack maps the class-file library computes are the same on every path.
 */
final class RegionWriter {
    private static final ClassDesc CD_HART = ClassDesc.of(Hart.class.getName());
    private static final ClassDesc CD_MEMORY = ClassDesc.of(Memory.class.getName());
    private static final ClassDesc CD_REGION = ClassDesc.of(Region.class.getName());
    private static final ClassDesc CD_FPU = ClassDesc.of(FloatUnit.class.getName());
    private static final ClassDesc CD_INTERPRETER = ClassDesc.of(Interpreter.class.getName());
    private static final ClassDesc CD_ATOMICS = ClassDesc.of(Atomics.class.getName());
    private static final ClassDesc CD_ALU = ClassDesc.of(Alu.class.getName());
    private static final ClassDesc CD_ARITH64 = ClassDesc.of(Arith64.class.getName());
    private static final ClassDesc CD_ARITH32 = ClassDesc.of(Arith32.class.getName());
    private static final ClassDesc CD_CONVERSIONS = ClassDesc.of(Conversions.class.getName());
    private static final ClassDesc CD_FORMAT = ClassDesc.of(FloatFormat.class.getName());
    private static final ClassDesc CD_LONG = ClassDesc.of("java.lang.Long");
    private static final ClassDesc CD_LONG_ARRAY = CD_long.arrayType();
    private static final ClassDesc CD_GENERATED = ClassDesc.of(Region.class.getPackageName() + ".TranslatedRegion");
    private static final MethodTypeDesc RUN = MethodTypeDesc.of(CD_long, CD_HART, CD_LONG_ARRAY, CD_LONG_ARRAY,
            CD_MEMORY, CD_long, CD_long);

    // Locals of the generated method. Long values take two slots.
    private static final int H = 1;
    private static final int X = 2;
    private static final int F = 3;
    private static final int MEM = 4;
    private static final int PC = 5;
    private static final int BUDGET = 7;
    private static final int N = 9;
    private static final int BASE = 11;
    private static final int EXIT_PC = 13;
    private static final int EPOCH = 15;
    private static final int ADDR = 17;
    private static final int TMP_LONG = 19;
    private static final int DWORD = 21;
    private static final int ADJ = 23;
    private static final int CAUSE = 24;
    private static final int NEXT_LEN = 25;
    private static final int TMP_INT = 26;
    private static final int REGS = 27; // x1 at 27, x2 at 29, ..., x31 at 87
    private static final int FREGS = 89; // f0 at 89, ..., f31 at 151
    private static final int FPU = 153;


    private RegionWriter() {
    }

    /** Whether any block of the region holds an LR. */
    static boolean hasLoadReserved(PageCode page, List<Integer> slots) {
        for (int s : slots) {
            for (long d : page.blocks[s]) {
                if (Op.op(d) == Op.LR_W || Op.op(d) == Op.LR_D) {
                    return true;
                }
            }
        }
        return false;
    }

    static byte[] generate(PageCode page, List<Integer> slots) {
        ClassFile cf = ClassFile.of(ClassFile.ClassHierarchyResolverOption.of(
                ClassHierarchyResolver.ofClassLoading(RegionWriter.class.getClassLoader())));
        return cf.build(CD_GENERATED, cb -> {
            cb.withFlags(ClassFile.ACC_FINAL | ClassFile.ACC_SUPER);
            cb.withSuperclass(CD_REGION);
            cb.withMethodBody("<init>", MethodTypeDesc.of(CD_void), ClassFile.ACC_PUBLIC, code -> {
                code.aload(0);
                code.invokespecial(CD_REGION, "<init>", MethodTypeDesc.of(CD_void));
                code.return_();
            });
            cb.withMethodBody("run", RUN, ClassFile.ACC_FINAL, code -> new Emitter(code, page, slots).emit());
        });
    }

    /** Writes the body of one region's method. */
    private static final class Emitter {
        private final CodeBuilder code;
        private final PageCode page;
        private final List<Integer> slots;
        private final Label[] blockLabel = new Label[CodeCache.SLOTS];
        private final boolean[] used = new boolean[32];
        private final boolean[] written = new boolean[32];
        private final boolean[] fUsed = new boolean[32];
        private final boolean[] fWritten = new boolean[32];
        /** Blocks some block of the region jumps back to (to itself or from a later slot). */
        private final boolean[] loopHead = new boolean[CodeCache.SLOTS];
        private final boolean checksReservation;
        private long size;
        private final Label dispatch;
        private final Label exit;
        private final Label trap;
        private final Label epochExit;
        private final Label atomicTrap;
        private final Label floatIllegal;
        private boolean usesTrap;
        private boolean usesEpochExit;
        private boolean usesAtomicTrap;
        private boolean usesFloatIllegal;

        Emitter(CodeBuilder code, PageCode page, List<Integer> slots) {
            this.code = code;
            this.page = page;
            this.slots = slots;
            for (int s : slots) {
                blockLabel[s] = code.newLabel();
            }
            checksReservation = hasLoadReserved(page, slots);
            dispatch = code.newLabel();
            exit = code.newLabel();
            trap = code.newLabel();
            epochExit = code.newLabel();
            atomicTrap = code.newLabel();
            floatIllegal = code.newLabel();
        }

        void emit() {
            for (int s : slots) {
                size += page.blocks[s].length - 1;
                for (int rel : Translator.successors(page.blocks[s], s)) {
                    if (rel >= 0 && rel < 4096 && (rel >>> 1) <= s && blockLabel[rel >>> 1] != null) {
                        loopHead[rel >>> 1] = true;
                    }
                }
            }
            for (int s : slots) {
                long[] blk = page.blocks[s];
                for (int i = 0; i < blk.length - 1; i++) {
                    long d = blk[i];
                    int op = Op.op(d);
                    mark(used, Op.rs1(d));
                    mark(used, Op.rs2(d));
                    if (writesInteger(op)) {
                        mark(used, Op.rd(d));
                        mark(written, Op.rd(d));
                    }
                    if (op >= Op.FP_FIRST) {
                        fUsed[Op.rs1(d)] = true;
                        fUsed[Op.rs2(d)] = true;
                        fUsed[Op.imm(d) >>> 27] = true;
                        if (!writesInteger(op)) {
                            fUsed[Op.rd(d)] = true;
                            fWritten[Op.rd(d)] = true;
                        }
                    } else if (op == Op.FLW || op == Op.FLD) {
                        fUsed[Op.rd(d)] = true;
                        fWritten[Op.rd(d)] = true;
                    } else if (op == Op.FSW || op == Op.FSD) {
                        fUsed[Op.rs2(d)] = true;
                    }
                }
            }
            prologue();
            code.labelBinding(dispatch);
            // exitPc inside the page and at one of the blocks? Then go there.
            code.lload(EXIT_PC);
            code.lload(BASE);
            code.lsub();
            code.lstore(TMP_LONG);
            code.lload(TMP_LONG);
            code.loadConstant(12);
            code.lushr();
            code.lconst_0();
            code.lcmp();
            code.ifne(exit);
            budgetCheck();
            code.lload(TMP_LONG);
            code.l2i();
            code.iconst_1();
            code.iushr();
            List<SwitchCase> cases = new ArrayList<>();
            for (int s : slots.stream().sorted().toList()) {
                cases.add(SwitchCase.of(s, blockLabel[s]));
            }
            code.lookupswitch(exit, cases);
            epilogue();
            for (int s : slots) {
                block(s, page.blocks[s]);
            }
            stubs();
        }

        private static void mark(boolean[] set, int r) {
            if (r > 0 && r < 32) {
                set[r] = true;
            }
        }

        /** Operations whose rd is an integer register. */
        private static boolean writesInteger(int op) {
            if (op < Op.FP_FIRST) {
                return !(op >= Op.BEQ && op <= Op.BGEU) && !(op >= Op.SB && op <= Op.SD) && op != Op.FSW
                        && op != Op.FSD && op != Op.FLW && op != Op.FLD && op != Op.FENCE && op != Op.FENCE_I
                        && op != Op.ECALL && op != Op.EBREAK && op != Op.ILLEGAL && op != Op.BLOCK_END;
            }
            int k = op >= Op.FADD_D ? op - Op.FADD_D : op - Op.FADD_S;
            return (k >= Op.FEQ_S - Op.FADD_S && k <= Op.FCLASS_S - Op.FADD_S)
                    || (k >= Op.FCVT_W_S - Op.FADD_S && k <= Op.FCVT_LU_S - Op.FADD_S)
                    || k == Op.FMV_X_S - Op.FADD_S;
        }

        private static int reg(int r) {
            return REGS + 2 * (r - 1);
        }

        private static int freg(int r) {
            return FREGS + 2 * r;
        }

        private void prologue() {
            code.loadConstant(Trap.NONE);
            code.istore(CAUSE);
            code.lconst_0();
            code.lstore(N);
            for (int slot : new int[] {ADDR, TMP_LONG, DWORD}) {
                code.lconst_0();
                code.lstore(slot);
            }
            for (int slot : new int[] {ADJ, NEXT_LEN, TMP_INT}) {
                code.iconst_0();
                code.istore(slot);
            }
            code.lload(PC);
            code.loadConstant(-4096L);
            code.land();
            code.lstore(BASE);
            code.aload(MEM);
            code.invokeinterface(CD_MEMORY, "codeEpoch", MethodTypeDesc.of(CD_long));
            code.lstore(EPOCH);
            for (int r = 1; r < 32; r++) {
                if (used[r]) {
                    code.aload(X);
                    code.loadConstant(r);
                    code.laload();
                    code.lstore(reg(r));
                }
            }
            for (int r = 0; r < 32; r++) {
                if (fUsed[r]) {
                    code.aload(F);
                    code.loadConstant(r);
                    code.laload();
                    code.lstore(freg(r));
                }
            }
            code.aload(H);
            code.getfield(CD_HART, "fpu", CD_FPU);
            code.astore(FPU);
            code.lload(PC);
            code.lstore(EXIT_PC);
            code.goto_(dispatch);
        }

        private void epilogue() {
            code.labelBinding(exit);
            for (int r = 1; r < 32; r++) {
                if (written[r]) {
                    code.aload(X);
                    code.loadConstant(r);
                    code.lload(reg(r));
                    code.lastore();
                }
            }
            for (int r = 0; r < 32; r++) {
                if (fWritten[r]) {
                    code.aload(F);
                    code.loadConstant(r);
                    code.lload(freg(r));
                    code.lastore();
                }
            }
            code.aload(H);
            code.lload(EXIT_PC);
            code.putfield(CD_HART, "pc", CD_long);
            code.aload(H);
            code.iload(CAUSE);
            code.putfield(CD_HART, "regionCause", CD_int);
            code.lload(N);
            code.lreturn();
        }

        private void stubs() {
            if (usesTrap) {
                code.labelBinding(trap);
                retireLess();
                code.aload(H);
                code.aload(MEM);
                code.invokestatic(CD_INTERPRETER, "memoryTrap", MethodTypeDesc.of(CD_int, CD_HART, CD_MEMORY));
                code.istore(CAUSE);
                code.goto_(exit);
            }
            if (usesEpochExit) {
                code.labelBinding(epochExit);
                // The store retired; continue after it, outside the region.
                code.lload(N);
                code.iload(ADJ);
                code.iconst_1();
                code.isub();
                code.i2l();
                code.lsub();
                code.lstore(N);
                code.lload(EXIT_PC);
                code.iload(NEXT_LEN);
                code.i2l();
                code.ladd();
                code.lstore(EXIT_PC);
                code.goto_(exit);
            }
            if (usesAtomicTrap) {
                code.labelBinding(atomicTrap);
                retireLess();
                code.iload(TMP_INT);
                code.istore(CAUSE);
                code.goto_(exit);
            }
            if (usesFloatIllegal) {
                code.labelBinding(floatIllegal);
                retireLess();
                code.aload(H);
                code.lload(DWORD);
                code.invokestatic(CD_INTERPRETER, "illegal", MethodTypeDesc.of(CD_int, CD_HART, CD_long));
                code.istore(CAUSE);
                code.goto_(exit);
            }
        }

        /** n -= ADJ: the trapping instruction and those after it in its block did not retire. */
        private void retireLess() {
            code.lload(N);
            code.iload(ADJ);
            code.i2l();
            code.lsub();
            code.lstore(N);
        }

        private void pushX(int r) {
            if (r == 0) {
                code.lconst_0();
            } else {
                code.lload(reg(r));
            }
        }

        private void popX(int r) {
            if (r == 0 || r == Op.SINK) {
                code.pop2();
            } else {
                code.lstore(reg(r));
            }
        }

        /** Pushes the virtual address of a page-relative offset (which may lie outside the page). */
        private void pcOf(long rel) {
            code.lload(BASE);
            code.loadConstant(rel);
            code.ladd();
        }

        /** Continues at a page-relative target: a goto inside the region, else an exit. */
        private void jumpTo(long rel) {
            if (rel >= 0 && rel < 4096 && blockLabel[(int) rel >>> 1] != null) {
                code.goto_(blockLabel[(int) rel >>> 1]);
            } else {
                pcOf(rel);
                code.lstore(EXIT_PC);
                code.goto_(exit);
            }
        }

        /** Where a trap at this instruction leaves: its pc, and how many of the block did not retire. */
        private void trapPoint(int rel, int notRetired) {
            pcOf(rel);
            code.lstore(EXIT_PC);
            code.loadConstant(notRetired);
            code.istore(ADJ);
        }

        /** EXIT (to exitPc) unless at least the region's size is left of the budget. */
        private void budgetCheck() {
            code.lload(N);
            code.lload(BUDGET);
            code.loadConstant(size);
            code.lsub();
            code.lcmp();
            code.ifgt(exit);
        }

        private void block(int slot, long[] blk) {
            int count = blk.length - 1;
            code.labelBinding(blockLabel[slot]);
            if (loopHead[slot]) {
                pcOf(2 * slot);
                code.lstore(EXIT_PC);
                budgetCheck();
            }
            code.lload(N);
            code.loadConstant((long) count);
            code.ladd();
            code.lstore(N);
            boolean ended = false;
            for (int i = 0; i < count && !ended; i++) {
                ended = instruction(blk[i], 2 * slot + Op.offset(blk[i]), count - i);
            }
            if (!ended) {
                jumpTo(2 * slot + Op.imm(blk[count]));
            }
        }

        /**
         * Emits one instruction at page-relative offset {@code rel}; {@code notRetired} is how
         * many of its block, itself included, have not retired before it.
         *
         * @return whether it ended the block (control went elsewhere)
         */
        private boolean instruction(long d, int rel, int notRetired) {
            int op = Op.op(d);
            int rd = Op.rd(d);
            int rs1 = Op.rs1(d);
            int rs2 = Op.rs2(d);
            int imm = Op.imm(d);
            int len = Op.length(d);
            switch (op) {
                case Op.LUI -> {
                    code.loadConstant((long) imm);
                    popX(rd);
                }
                case Op.AUIPC -> {
                    pcOf((long) rel + imm);
                    popX(rd);
                }
                case Op.JAL -> {
                    pcOf(rel + len);
                    popX(rd);
                    jumpTo((long) rel + imm);
                    return true;
                }
                case Op.JALR -> {
                    pushX(rs1);
                    code.loadConstant((long) imm);
                    code.ladd();
                    code.loadConstant(-2L);
                    code.land();
                    code.lstore(TMP_LONG);
                    pcOf(rel + len);
                    popX(rd);
                    code.lload(TMP_LONG);
                    code.lstore(EXIT_PC);
                    code.goto_(dispatch);
                    return true;
                }
                case Op.BEQ, Op.BNE, Op.BLT, Op.BGE, Op.BLTU, Op.BGEU -> {
                    Label taken = code.newLabel();
                    pushX(rs1);
                    pushX(rs2);
                    if (op == Op.BLTU || op == Op.BGEU) {
                        code.invokestatic(CD_LONG, "compareUnsigned", MethodTypeDesc.of(CD_int, CD_long, CD_long));
                    } else {
                        code.lcmp();
                    }
                    switch (op) {
                        case Op.BEQ -> code.ifeq(taken);
                        case Op.BNE -> code.ifne(taken);
                        case Op.BLT, Op.BLTU -> code.iflt(taken);
                        default -> code.ifge(taken);
                    }
                    jumpTo(rel + len);
                    code.labelBinding(taken);
                    jumpTo((long) rel + imm);
                    return true;
                }
                case Op.LB, Op.LH, Op.LW, Op.LD, Op.LBU, Op.LHU, Op.LWU, Op.FLW, Op.FLD -> load(op, rd, rs1, imm, rel, notRetired);
                case Op.SB, Op.SH, Op.SW, Op.SD, Op.FSW, Op.FSD -> store(op, rs1, rs2, imm, rel, len, notRetired);
                case Op.ADDI -> immediate(rd, rs1, imm, () -> code.ladd());
                case Op.XORI -> immediate(rd, rs1, imm, () -> code.lxor());
                case Op.ORI -> immediate(rd, rs1, imm, () -> code.lor());
                case Op.ANDI -> immediate(rd, rs1, imm, () -> code.land());
                case Op.SLTI -> {
                    pushX(rs1);
                    code.loadConstant((long) imm);
                    code.lcmp();
                    lessThanZeroToLong();
                    popX(rd);
                }
                case Op.SLTIU -> {
                    pushX(rs1);
                    code.loadConstant((long) imm);
                    code.invokestatic(CD_LONG, "compareUnsigned", MethodTypeDesc.of(CD_int, CD_long, CD_long));
                    lessThanZeroToLong();
                    popX(rd);
                }
                case Op.SLLI, Op.SRLI, Op.SRAI -> {
                    pushX(rs1);
                    code.loadConstant(imm);
                    if (op == Op.SLLI) {
                        code.lshl();
                    } else if (op == Op.SRLI) {
                        code.lushr();
                    } else {
                        code.lshr();
                    }
                    popX(rd);
                }
                case Op.ADD, Op.SUB, Op.XOR, Op.OR, Op.AND, Op.MUL -> {
                    pushX(rs1);
                    pushX(rs2);
                    switch (op) {
                        case Op.ADD -> code.ladd();
                        case Op.SUB -> code.lsub();
                        case Op.XOR -> code.lxor();
                        case Op.OR -> code.lor();
                        case Op.AND -> code.land();
                        default -> code.lmul();
                    }
                    popX(rd);
                }
                case Op.SLL, Op.SRL, Op.SRA -> {
                    pushX(rs1);
                    pushX(rs2);
                    code.l2i();
                    if (op == Op.SLL) {
                        code.lshl();
                    } else if (op == Op.SRL) {
                        code.lushr();
                    } else {
                        code.lshr();
                    }
                    popX(rd);
                }
                case Op.SLT, Op.SLTU -> {
                    pushX(rs1);
                    pushX(rs2);
                    if (op == Op.SLT) {
                        code.lcmp();
                    } else {
                        code.invokestatic(CD_LONG, "compareUnsigned", MethodTypeDesc.of(CD_int, CD_long, CD_long));
                    }
                    lessThanZeroToLong();
                    popX(rd);
                }
                case Op.ADDIW, Op.SLLIW, Op.SRLIW, Op.SRAIW -> {
                    pushX(rs1);
                    code.l2i();
                    code.loadConstant(imm);
                    switch (op) {
                        case Op.ADDIW -> code.iadd();
                        case Op.SLLIW -> code.ishl();
                        case Op.SRLIW -> code.iushr();
                        default -> code.ishr();
                    }
                    code.i2l();
                    popX(rd);
                }
                case Op.ADDW, Op.SUBW, Op.SLLW, Op.SRLW, Op.SRAW, Op.MULW -> {
                    pushX(rs1);
                    code.l2i();
                    pushX(rs2);
                    code.l2i();
                    switch (op) {
                        case Op.ADDW -> code.iadd();
                        case Op.SUBW -> code.isub();
                        case Op.SLLW -> code.ishl();
                        case Op.SRLW -> code.iushr();
                        case Op.SRAW -> code.ishr();
                        default -> code.imul();
                    }
                    code.i2l();
                    popX(rd);
                }
                case Op.MULH, Op.MULHSU, Op.MULHU, Op.DIV, Op.DIVU, Op.REM, Op.REMU, Op.DIVW, Op.DIVUW, Op.REMW,
                     Op.REMUW -> {
                    code.loadConstant(op);
                    pushX(rs1);
                    pushX(rs2);
                    code.invokestatic(CD_ALU, "multiplyDivide", MethodTypeDesc.of(CD_long, CD_int, CD_long, CD_long));
                    popX(rd);
                }
                case Op.FENCE -> {
                    // Nothing to order: one hart, and every access is performed at once.
                }
                case Op.FENCE_I -> {
                    // Stores into code already left the region (the epoch moved); just go on.
                    jumpTo(rel + len);
                    return true;
                }
                case Op.ECALL, Op.EBREAK -> {
                    pcOf(rel);
                    code.lstore(EXIT_PC);
                    code.loadConstant(notRetired);
                    code.istore(ADJ);
                    retireLess();
                    code.aload(H);
                    if (op == Op.ECALL) {
                        code.lconst_0();
                    } else {
                        pcOf(rel);
                    }
                    code.putfield(CD_HART, "trapValue", CD_long);
                    code.loadConstant(op == Op.ECALL ? Trap.ECALL : Trap.BREAKPOINT);
                    code.istore(CAUSE);
                    code.goto_(exit);
                    return true;
                }
                case Op.ILLEGAL -> {
                    pcOf(rel);
                    code.lstore(EXIT_PC);
                    code.loadConstant(notRetired);
                    code.istore(ADJ);
                    retireLess();
                    code.aload(H);
                    code.loadConstant(d);
                    code.invokestatic(CD_INTERPRETER, "illegal", MethodTypeDesc.of(CD_int, CD_HART, CD_long));
                    code.istore(CAUSE);
                    code.goto_(exit);
                    return true;
                }
                default -> {
                    if (op >= Op.FP_FIRST) {
                        floatOp(d, op, rd, rs1, rel, notRetired);
                    } else if (op >= Op.LR_W && op <= Op.AMOMAXU_D) {
                        atomic(d, rd, rs1, rs2, rel, len, notRetired);
                    } else {
                        throw new IllegalStateException("cannot translate " + Op.name(op));
                    }
                }
            }
            return false;
        }

        /** Turns a comparison result (-1, 0, 1) into 1 if it was negative, else 0, as a long. */
        private void lessThanZeroToLong() {
            code.loadConstant(31);
            code.iushr();
            code.i2l();
        }

        private void immediate(int rd, int rs1, int imm, Runnable operation) {
            pushX(rs1);
            code.loadConstant((long) imm);
            operation.run();
            popX(rd);
        }

        private void load(int op, int rd, int rs1, int imm, int rel, int notRetired) {
            trapPoint(rel, notRetired);
            usesTrap = true;
            boolean wide = op == Op.LD || op == Op.FLD;
            code.aload(MEM);
            pushX(rs1);
            code.loadConstant((long) imm);
            code.ladd();
            String name = switch (op) {
                case Op.LB, Op.LBU -> "load8";
                case Op.LH, Op.LHU -> "load16";
                case Op.LW, Op.LWU, Op.FLW -> "load32";
                default -> "load64";
            };
            code.invokeinterface(CD_MEMORY, name, MethodTypeDesc.of(wide ? CD_long : CD_int, CD_long));
            if (wide) {
                code.lstore(TMP_LONG);
            } else {
                code.istore(TMP_INT);
            }
            code.aload(MEM);
            code.invokeinterface(CD_MEMORY, "trapped", MethodTypeDesc.of(CD_boolean));
            code.ifne(trap); // the operand stack is empty at every jump to a stub
            if (wide) {
                code.lload(TMP_LONG);
            } else {
                code.iload(TMP_INT);
                switch (op) {
                    case Op.LB -> code.i2b();
                    case Op.LH -> code.i2s();
                    default -> {
                    }
                }
                code.i2l();
                if (op == Op.LWU) {
                    code.loadConstant(0xFFFFFFFFL);
                    code.land();
                } else if (op == Op.FLW) {
                    code.loadConstant(0xFFFFFFFFL);
                    code.land();
                    code.loadConstant(FloatUnit.BOX);
                    code.lor();
                }
            }
            if (op == Op.FLW || op == Op.FLD) {
                code.lstore(freg(rd));
            } else {
                popX(rd);
            }
        }

        private void store(int op, int rs1, int rs2, int imm, int rel, int len, int notRetired) {
            trapPoint(rel, notRetired);
            code.loadConstant(len);
            code.istore(NEXT_LEN);
            usesTrap = true;
            usesEpochExit = true;
            pushX(rs1);
            code.loadConstant((long) imm);
            code.ladd();
            code.lstore(ADDR);
            code.aload(MEM);
            code.lload(ADDR);
            if (op == Op.FSW || op == Op.FSD) {
                code.lload(freg(rs2));
            } else {
                pushX(rs2);
            }
            boolean wide = op == Op.SD || op == Op.FSD;
            if (!wide) {
                code.l2i();
            }
            String name = switch (op) {
                case Op.SB -> "store8";
                case Op.SH -> "store16";
                case Op.SW, Op.FSW -> "store32";
                default -> "store64";
            };
            code.invokeinterface(CD_MEMORY, name, MethodTypeDesc.of(CD_void, CD_long, wide ? CD_long : CD_int));
            code.aload(MEM);
            code.invokeinterface(CD_MEMORY, "trapped", MethodTypeDesc.of(CD_boolean));
            code.ifne(trap);
            int size = switch (op) {
                case Op.SB -> 1;
                case Op.SH -> 2;
                case Op.SW, Op.FSW -> 4;
                default -> 8;
            };
            if (!checksReservation) {
                epochCheck();
                return;
            }
            Label noReservation = code.newLabel();
            code.aload(H);
            code.getfield(CD_HART, "reservation", CD_long);
            code.loadConstant(Hart.NO_RESERVATION);
            code.lcmp();
            code.ifeq(noReservation);
            code.aload(H);
            code.lload(ADDR);
            code.loadConstant(size);
            code.invokestatic(CD_INTERPRETER, "storeTouchesReservation", MethodTypeDesc.of(CD_void, CD_HART, CD_long, CD_int));
            code.labelBinding(noReservation);
            epochCheck();
        }

        private void epochCheck() {
            code.aload(MEM);
            code.invokeinterface(CD_MEMORY, "codeEpoch", MethodTypeDesc.of(CD_long));
            code.lload(EPOCH);
            code.lcmp();
            code.ifne(epochExit);
        }

        private void flush(int r) {
            if (r > 0 && r < 32) {
                code.aload(X);
                code.loadConstant(r);
                code.lload(reg(r));
                code.lastore();
            }
        }

        private void reload(int r) {
            if (r > 0 && r < 32) {
                code.aload(X);
                code.loadConstant(r);
                code.laload();
                code.lstore(reg(r));
            }
        }

        private void atomic(long d, int rd, int rs1, int rs2, int rel, int len, int notRetired) {
            trapPoint(rel, notRetired);
            code.loadConstant(len);
            code.istore(NEXT_LEN);
            usesAtomicTrap = true;
            usesEpochExit = true;
            flush(rs1);
            flush(rs2);
            code.aload(H);
            code.aload(MEM);
            code.loadConstant(d);
            code.invokestatic(CD_ATOMICS, "execute", MethodTypeDesc.of(CD_int, CD_HART, CD_MEMORY, CD_long));
            code.dup();
            code.istore(TMP_INT);
            code.loadConstant(Trap.NONE);
            code.if_icmpne(atomicTrap);
            reload(rd);
            epochCheck();
        }

        private void floatOp(long d, int op, int rd, int rs1, int rel, int notRetired) {
            boolean dbl = op >= Op.FADD_D;
            int k = op - (dbl ? Op.FADD_D : Op.FADD_S);
            int insn = Op.imm(d);
            int rs2 = Op.rs2(d);
            int rm = (insn >>> 12) & 7;
            if (usesRoundingMode(k)) {
                roundingMode(d, rm, rel, notRetired);
            }
            switch (k) {
                case 0, 1, 2, 3 -> { // fadd, fsub, fmul, fdiv
                    String name = new String[] {"add", "sub", "mul", "div"}[k];
                    code.aload(FPU);
                    pushF(rs1, dbl);
                    pushF(rs2, dbl);
                    code.iload(TMP_INT);
                    arith(name, dbl, 2);
                    popF(rd, dbl);
                }
                case 4 -> { // fsqrt
                    code.aload(FPU);
                    pushF(rs1, dbl);
                    code.iload(TMP_INT);
                    arith("sqrt", dbl, 1);
                    popF(rd, dbl);
                }
                case 5, 6, 7 -> signInjection(k - 5, rd, rs1, rs2, dbl);
                case 8, 9 -> { // fmin, fmax
                    code.aload(FPU);
                    format(dbl);
                    pushFWide(rs1, dbl);
                    pushFWide(rs2, dbl);
                    code.loadConstant(k == 9 ? 1 : 0);
                    code.invokevirtual(CD_FPU, "minMax", MethodTypeDesc.of(CD_long, CD_FORMAT, CD_long, CD_long, CD_boolean));
                    popFWide(rd, dbl);
                }
                case 10, 11, 12 -> { // feq, flt, fle
                    code.aload(FPU);
                    format(dbl);
                    code.loadConstant(k - 10);
                    pushFWide(rs1, dbl);
                    pushFWide(rs2, dbl);
                    code.invokevirtual(CD_FPU, "compare", MethodTypeDesc.of(CD_long, CD_FORMAT, CD_int, CD_long, CD_long));
                    popX(rd);
                }
                case 13 -> { // fclass
                    format(dbl);
                    pushFWide(rs1, dbl);
                    code.invokestatic(CD_FPU, "classify", MethodTypeDesc.of(CD_long, CD_FORMAT, CD_long));
                    popX(rd);
                }
                case 14, 15, 16, 17 -> { // fmadd, fmsub, fnmsub, fnmadd
                    int which = k - 14;
                    code.aload(FPU);
                    pushF(rs1, dbl);
                    negateIf((which & 2) != 0, dbl);
                    pushF(rs2, dbl);
                    pushF(insn >>> 27, dbl);
                    negateIf(which == 1 || which == 3, dbl);
                    code.iload(TMP_INT);
                    arith("fma", dbl, 3);
                    popF(rd, dbl);
                }
                case 18, 19, 20, 21 -> { // fcvt to an integer
                    code.aload(FPU);
                    pushF(rs1, dbl);
                    code.loadConstant(k - 18);
                    code.iload(TMP_INT);
                    code.invokestatic(CD_CONVERSIONS, dbl ? "doubleToInteger" : "singleToInteger",
                            MethodTypeDesc.of(CD_long, CD_FPU, dbl ? CD_long : CD_int, CD_int, CD_int));
                    popX(rd);
                }
                case 22, 23, 24, 25 -> { // fcvt from an integer
                    code.aload(FPU);
                    pushX(rs1);
                    code.loadConstant(k - 22);
                    code.iload(TMP_INT);
                    code.invokestatic(CD_CONVERSIONS, dbl ? "toDouble" : "toSingle",
                            MethodTypeDesc.of(dbl ? CD_long : CD_int, CD_FPU, CD_long, CD_int, CD_int));
                    popF(rd, dbl);
                }
                case 26 -> { // fmv.x.w / fmv.x.d: raw bits, the low word sign-extended
                    code.lload(freg(rs1));
                    if (!dbl) {
                        code.l2i();
                        code.i2l();
                    }
                    popX(rd);
                }
                case 27 -> { // fmv.w.x / fmv.d.x
                    pushX(rs1);
                    if (!dbl) {
                        code.l2i();
                        box();
                    }
                    code.lstore(freg(rd));
                }
                default -> { // fcvt.s.d, fcvt.d.s
                    code.aload(FPU);
                    if (dbl) {
                        pushF(rs1, false);
                        code.invokestatic(CD_CONVERSIONS, "singleToDouble", MethodTypeDesc.of(CD_long, CD_FPU, CD_int));
                        code.lstore(freg(rd));
                    } else {
                        code.lload(freg(rs1));
                        code.iload(TMP_INT);
                        code.invokestatic(CD_CONVERSIONS, "doubleToSingle", MethodTypeDesc.of(CD_int, CD_FPU, CD_long, CD_int));
                        popF(rd, false);
                    }
                }
            }
        }

        /** Operations (by position after FADD in {@link Op}) that have a rounding mode field. */
        private static boolean usesRoundingMode(int k) {
            return k <= 4 || (k >= 14 && k <= 25) || k == 28;
        }

        /**
         * Leaves the instruction's rounding mode in TMP_INT: its static mode, or frm for DYN,
         * leaving the region as an illegal instruction if frm holds a reserved mode.
         */
        private void roundingMode(long d, int rm, int rel, int notRetired) {
            if (rm != FloatUnit.DYN) {
                code.loadConstant(rm);
                code.istore(TMP_INT);
                return;
            }
            trapPoint(rel, notRetired);
            code.loadConstant(d);
            code.lstore(DWORD);
            usesFloatIllegal = true;
            code.aload(FPU);
            code.getfield(CD_FPU, "frm", CD_int);
            code.dup();
            code.istore(TMP_INT);
            code.loadConstant(FloatUnit.RMM);
            code.if_icmpgt(floatIllegal);
        }

        private void format(boolean dbl) {
            code.getstatic(CD_FORMAT, dbl ? "DOUBLE" : "SINGLE", CD_FORMAT);
        }

        /** Pushes an operand: a double's bits as a long, a single's (unboxed) as an int. */
        private void pushF(int r, boolean dbl) {
            code.lload(freg(r));
            if (!dbl) {
                code.invokestatic(CD_FPU, "unbox", MethodTypeDesc.of(CD_int, CD_long));
            }
        }

        /** Pushes an operand as a long: a single's unboxed bits zero-extended. */
        private void pushFWide(int r, boolean dbl) {
            pushF(r, dbl);
            if (!dbl) {
                code.i2l();
                code.loadConstant(0xFFFFFFFFL);
                code.land();
            }
        }

        private void popF(int r, boolean dbl) {
            if (!dbl) {
                box();
            }
            code.lstore(freg(r));
        }

        private void popFWide(int r, boolean dbl) {
            if (!dbl) {
                code.l2i();
            }
            popF(r, dbl);
        }

        private void box() {
            code.invokestatic(CD_FPU, "box", MethodTypeDesc.of(CD_long, CD_int));
        }

        private void negateIf(boolean negate, boolean dbl) {
            if (!negate) {
                return;
            }
            if (dbl) {
                code.loadConstant(Long.MIN_VALUE);
                code.lxor();
            } else {
                code.loadConstant(0x80000000);
                code.ixor();
            }
        }

        /** Calls Arith64 or Arith32: (unit, operands..., rm). */
        private void arith(String name, boolean dbl, int operands) {
            ClassDesc t = dbl ? CD_long : CD_int;
            ClassDesc[] params = new ClassDesc[operands + 2];
            params[0] = CD_FPU;
            for (int i = 1; i <= operands; i++) {
                params[i] = t;
            }
            params[operands + 1] = CD_int;
            code.invokestatic(dbl ? CD_ARITH64 : CD_ARITH32, name, MethodTypeDesc.of(t, params));
        }

        /** FSGNJ (kind 0), FSGNJN (1), FSGNJX (2): every bit but the sign from rs1. */
        private void signInjection(int kind, int rd, int rs1, int rs2, boolean dbl) {
            pushF(rs1, dbl);
            if (kind == 2) {
                pushF(rs2, dbl);
                if (dbl) {
                    code.loadConstant(Long.MIN_VALUE);
                    code.land();
                    code.lxor();
                } else {
                    code.loadConstant(0x80000000);
                    code.iand();
                    code.ixor();
                }
            } else {
                if (dbl) {
                    code.loadConstant(Long.MAX_VALUE);
                    code.land();
                } else {
                    code.loadConstant(0x7FFFFFFF);
                    code.iand();
                }
                pushF(rs2, dbl);
                if (kind == 1) {
                    negateIf(true, dbl);
                }
                if (dbl) {
                    code.loadConstant(Long.MIN_VALUE);
                    code.land();
                    code.lor();
                } else {
                    code.loadConstant(0x80000000);
                    code.iand();
                    code.ior();
                }
            }
            popF(rd, dbl);
        }
    }
}
