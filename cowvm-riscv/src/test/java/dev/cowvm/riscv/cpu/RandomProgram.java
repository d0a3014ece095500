package dev.cowvm.riscv.cpu;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A random program for differential testing: blocks of random instructions, each between
 * a prologue that sets every register and fcsr from a table and an epilogue that writes
 * the registers, fcsr and a scratch area to stdout. The same bytes must come out of the
 * hart and of qemu-riscv64.
 *
 * <h2>Layout</h2>
 * <pre>
 *   code at 0x10000: block 0, block 1, ..., then exit(0)
 *     block: prologue | random body | epilogue (write(1, DATA, DUMP) and on)
 *   data at 0x40000:
 *     +0x000  scratch, 1 KiB: loads, stores and AMOs go here; sp = DATA + 0x100
 *     +0x400  dump: x0..x31, f0..f31, fcsr (DUMP bytes from DATA are written)
 *     +0x1000 one table per block: [0] fcsr, [1..31] x1..x31, [32..63] f0..f31
 * </pre>
 * x31 holds DATA and x2 (sp) DATA + 0x100 throughout, so no random instruction writes
 * them; x30 is the scratch register for AMO addresses and computed jumps. Control flow
 * only goes forward, so every block ends. Writes to frm only use valid modes, so a
 * dynamic rounding mode is always legal; reads of cycle, time and instret are left out,
 * as they differ between machines by design.
 */
final class RandomProgram {
    static final int SCRATCH = 0x400;
    static final int DUMP_AT = 0x400;
    static final int DUMP = 0x400 + 65 * 8;
    static final int TABLES = 0x1000;
    static final int TABLE = 64 * 8;
    private static final int BASE = 31;
    private static final int SP = 2;
    private static final int TMP = 30;

    final long seed;
    final int blocks;
    final byte[] elf;
    final List<String> listings = new ArrayList<>();

    private final Random rnd;
    private final List<Item> items = new ArrayList<>();
    private int group;
    private StringBuilder listing;

    /**
     * One instruction of a group (what the generator emits as one unit, such as an address
     * computation and the AMO using it); a jump or branch names the group it goes to, so no
     * jump lands inside a group.
     */
    private record Item(int size, String text, int group, int target, Encoder encoder) {
    }

    @FunctionalInterface
    private interface Encoder {
        int encode(long pc, long target);
    }

    private RandomProgram(long seed, int blocks, int bodyLength) {
        this.seed = seed;
        this.blocks = blocks;
        this.rnd = new Random(seed);
        byte[] data = new byte[TABLES + blocks * TABLE];
        for (int i = 0; i < SCRATCH; i++) {
            data[i] = (byte) rnd.nextInt();
        }
        ByteBuffer tables = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        for (int b = 0; b < blocks; b++) {
            listing = new StringBuilder();
            int table = TABLES + b * TABLE;
            tables.putLong(table, rnd.nextInt(32) | rnd.nextInt(5) << 5);
            for (int r = 1; r < 32; r++) {
                tables.putLong(table + 8 * r, Values.integer(rnd));
            }
            for (int r = 0; r < 32; r++) {
                tables.putLong(table + 8 * (32 + r), Values.floating(rnd));
            }
            group++;
            prologue(table);
            int bodyEnd = group + 1 + bodyLength; // the epilogue's group
            for (int k = 0; k < bodyLength; k++) {
                group++;
                instruction(bodyEnd);
            }
            group++;
            epilogue();
            listings.add(listing.toString());
        }
        group++;
        add(4, "li a0, 0", (p, t) -> Asm.addi(10, 0, 0));
        add(4, "li a7, 93", (p, t) -> Asm.addi(17, 0, 93));
        add(4, "ecall", (p, t) -> Asm.ECALL);
        this.elf = ElfWriter.executable(layOut(), data, data.length);
    }

    /**
     * Generates a program.
     *
     * @param seed       everything follows from it
     * @param blocks     how many blocks
     * @param bodyLength random instructions per block (a compare-and-swap or computed jump
     *                   counts as one)
     */
    static RandomProgram generate(long seed, int blocks, int bodyLength) {
        return new RandomProgram(seed, blocks, bodyLength);
    }

    private byte[] layOut() {
        long[] at = new long[items.size()];
        long[] groupAt = new long[group + 1];
        long pc = ElfWriter.CODE;
        int lastGroup = -1;
        for (int i = 0; i < items.size(); i++) {
            at[i] = pc;
            if (items.get(i).group() != lastGroup) {
                lastGroup = items.get(i).group();
                groupAt[lastGroup] = pc;
            }
            pc += items.get(i).size();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < items.size(); i++) {
            Item it = items.get(i);
            int bits = it.encoder().encode(at[i], it.target() < 0 ? 0 : groupAt[it.target()]);
            out.write(bits);
            out.write(bits >>> 8);
            if (it.size() == 4) {
                out.write(bits >>> 16);
                out.write(bits >>> 24);
            }
        }
        return out.toByteArray();
    }

    private void add(int size, String text, Encoder e) {
        addTo(size, text, -1, e);
    }

    private void addTo(int size, String text, int target, Encoder e) {
        items.add(new Item(size, text, group, target, e));
        if (listing != null) {
            listing.append(size == 2 ? "    c: " : "       ").append(text).append('\n');
        }
    }

    // ---- prologue and epilogue ----

    private void prologue(int table) {
        long address = ElfWriter.DATA + table;
        int hi = (int) ((address + 0x800) >> 12);
        int lo = (int) (address - ((long) hi << 12));
        StringBuilder keep = listing;
        listing = null; // the listing shows the body only
        add(4, "lui x31", (p, t) -> Asm.lui(BASE, (int) (ElfWriter.DATA >> 12)));
        add(4, "addi sp", (p, t) -> Asm.addi(SP, BASE, 0x100));
        add(4, "lui x30", (p, t) -> Asm.lui(TMP, hi));
        add(4, "addi x30", (p, t) -> Asm.addi(TMP, TMP, lo));
        add(4, "ld x1, fcsr", (p, t) -> Asm.load(3, 1, TMP, 0));
        add(4, "fscsr x1", (p, t) -> Asm.csr(1, 0, Csr.FCSR, 1));
        for (int r = 0; r < 32; r++) {
            int reg = r;
            add(4, "fld", (p, t) -> Asm.fld(reg, TMP, 8 * (32 + reg)));
        }
        for (int r = 1; r < TMP; r++) {
            if (r != SP) {
                int reg = r;
                add(4, "ld", (p, t) -> Asm.load(3, reg, TMP, 8 * reg));
            }
        }
        add(4, "ld x30", (p, t) -> Asm.load(3, TMP, TMP, 8 * TMP));
        listing = keep;
    }

    private void epilogue() {
        StringBuilder keep = listing;
        listing = null;
        for (int r = 0; r < 32; r++) {
            int reg = r;
            add(4, "sd", (p, t) -> Asm.store(3, reg, BASE, DUMP_AT + 8 * reg));
        }
        for (int r = 0; r < 32; r++) {
            int reg = r;
            add(4, "fsd", (p, t) -> Asm.fsd(reg, BASE, DUMP_AT + 8 * (32 + reg)));
        }
        add(4, "frcsr x1", (p, t) -> Asm.csr(2, 1, Csr.FCSR, 0));
        add(4, "sd x1", (p, t) -> Asm.store(3, 1, BASE, DUMP_AT + 8 * 64));
        add(4, "li a0, 1", (p, t) -> Asm.addi(10, 0, 1));
        add(4, "mv a1, x31", (p, t) -> Asm.addi(11, BASE, 0));
        add(4, "li a2, DUMP", (p, t) -> Asm.addi(12, 0, DUMP));
        add(4, "li a7, 64", (p, t) -> Asm.addi(17, 0, 64));
        add(4, "ecall", (p, t) -> Asm.ECALL);
        listing = keep;
    }

    // ---- the body ----

    /** A destination: any register but sp and x31, sometimes x0. */
    private int rd() {
        int r;
        do {
            r = rnd.nextInt(32);
        } while (r == SP || r == BASE);
        return r;
    }

    private int rs() {
        return rnd.nextInt(32);
    }

    /** x8..x15, the registers compressed instructions name with 3 bits, never sp or x31. */
    private int rc() {
        return 8 + rnd.nextInt(8);
    }

    private int f() {
        return rnd.nextInt(32);
    }

    private int rm() {
        int[] modes = {0, 1, 2, 3, 4, 7, 7};
        return modes[rnd.nextInt(modes.length)];
    }

    private int imm12() {
        return rnd.nextInt(8) == 0 ? (rnd.nextBoolean() ? -2048 : 2047) : rnd.nextInt(4096) - 2048;
    }

    private static String x(int r) {
        return "x" + r;
    }

    private void instruction(int bodyEnd) {
        int kind = rnd.nextInt(100);
        if (kind < 14) {
            registerRegister();
        } else if (kind < 26) {
            immediate();
        } else if (kind < 34) {
            memory();
        } else if (kind < 40) {
            control(bodyEnd);
        } else if (kind < 44) {
            atomic();
        } else if (kind < 58) {
            floatArithmetic();
        } else if (kind < 65) {
            floatConvert();
        } else if (kind < 68) {
            floatMemory();
        } else if (kind < 70) {
            csr();
        } else if (kind < 86) {
            compressed(bodyEnd);
        } else {
            immediate();
        }
    }

    private static final String[] OP_NAMES = {"add", "sll", "slt", "sltu", "xor", "srl", "or", "and"};
    private static final String[] M_NAMES = {"mul", "mulh", "mulhsu", "mulhu", "div", "divu", "rem", "remu"};

    private void registerRegister() {
        int d = rd();
        int a = rs();
        int b = rs();
        int form = rnd.nextInt(5);
        if (form == 0 || form == 1) {
            int f3 = rnd.nextInt(8);
            boolean alt = (f3 == 0 || f3 == 5) && rnd.nextBoolean();
            String name = alt ? (f3 == 0 ? "sub" : "sra") : OP_NAMES[f3];
            add(4, name + " " + x(d) + ", " + x(a) + ", " + x(b), (p, t) -> Asm.op(alt ? 0x20 : 0, f3, d, a, b));
        } else if (form == 2) {
            int f3 = rnd.nextInt(8);
            add(4, M_NAMES[f3] + " " + x(d) + ", " + x(a) + ", " + x(b), (p, t) -> Asm.op(1, f3, d, a, b));
        } else if (form == 3) {
            int[][] w = {{0, 0}, {0x20, 0}, {0, 1}, {0, 5}, {0x20, 5}};
            String[] names = {"addw", "subw", "sllw", "srlw", "sraw"};
            int k = rnd.nextInt(w.length);
            add(4, names[k] + " " + x(d) + ", " + x(a) + ", " + x(b), (p, t) -> Asm.op32(w[k][0], w[k][1], d, a, b));
        } else {
            int[] f3s = {0, 4, 5, 6, 7};
            String[] names = {"mulw", "divw", "divuw", "remw", "remuw"};
            int k = rnd.nextInt(f3s.length);
            add(4, names[k] + " " + x(d) + ", " + x(a) + ", " + x(b), (p, t) -> Asm.op32(1, f3s[k], d, a, b));
        }
    }

    private void immediate() {
        int d = rd();
        int a = rs();
        int form = rnd.nextInt(7);
        if (form <= 1) {
            int[] f3s = {0, 2, 3, 4, 6, 7};
            String[] names = {"addi", "slti", "sltiu", "xori", "ori", "andi"};
            int k = rnd.nextInt(f3s.length);
            int imm = imm12();
            add(4, names[k] + " " + x(d) + ", " + x(a) + ", " + imm, (p, t) -> Asm.opImm(f3s[k], d, a, imm));
        } else if (form == 2) {
            int kind = rnd.nextInt(3);
            int sh = rnd.nextInt(64);
            add(4, new String[] {"slli", "srli", "srai"}[kind] + " " + x(d) + ", " + x(a) + ", " + sh,
                    (p, t) -> Asm.shiftImm(kind, d, a, sh));
        } else if (form == 3) {
            int kind = rnd.nextInt(3);
            int sh = rnd.nextInt(32);
            add(4, new String[] {"slliw", "srliw", "sraiw"}[kind] + " " + x(d) + ", " + x(a) + ", " + sh,
                    (p, t) -> Asm.shiftImmW(kind, d, a, sh));
        } else if (form == 4) {
            int imm = imm12();
            add(4, "addiw " + x(d) + ", " + x(a) + ", " + imm, (p, t) -> Asm.addiw(d, a, imm));
        } else if (form == 5) {
            int imm = rnd.nextInt(1 << 20);
            add(4, "lui " + x(d) + ", 0x" + Integer.toHexString(imm), (p, t) -> Asm.lui(d, imm));
        } else {
            int imm = rnd.nextInt(1 << 20);
            add(4, "auipc " + x(d) + ", 0x" + Integer.toHexString(imm), (p, t) -> Asm.auipc(d, imm));
        }
    }

    private void memory() {
        int width = rnd.nextInt(4); // 1, 2, 4, 8 bytes
        int size = 1 << width;
        boolean viaSp = rnd.nextInt(4) == 0;
        int base = viaSp ? SP : BASE;
        int offset = viaSp ? rnd.nextInt(0x400 - size + 1) - 0x100 : rnd.nextInt(SCRATCH - size + 1);
        if (rnd.nextBoolean()) {
            int d = rd();
            boolean unsigned = width < 3 && rnd.nextBoolean();
            int f3 = width | (unsigned ? 4 : 0);
            String name = new String[] {"lb", "lh", "lw", "ld", "lbu", "lhu", "lwu"}[f3];
            add(4, name + " " + x(d) + ", " + offset + "(" + x(base) + ")", (p, t) -> Asm.load(f3, d, base, offset));
        } else {
            int s = rs();
            String name = new String[] {"sb", "sh", "sw", "sd"}[width];
            add(4, name + " " + x(s) + ", " + offset + "(" + x(base) + ")", (p, t) -> Asm.store(width, s, base, offset));
        }
    }

    /** A later group of this block, at most {@code reach} groups ahead (the epilogue at most). */
    private int forwardTarget(int bodyEnd, int reach) {
        return group + 1 + rnd.nextInt(Math.max(1, Math.min(reach, bodyEnd - group)));
    }

    private void control(int bodyEnd) {
        int form = rnd.nextInt(6);
        if (form <= 3) {
            int f3 = new int[] {0, 1, 4, 5, 6, 7}[rnd.nextInt(6)];
            int a = rs();
            int b = rnd.nextInt(3) == 0 ? a : rs();
            int target = forwardTarget(bodyEnd, 12);
            String name = new String[] {"beq", "bne", "", "", "blt", "bge", "bltu", "bgeu"}[f3];
            addTo(4, name + " " + x(a) + ", " + x(b) + ", +" + (target - group), target,
                    (p, t) -> Asm.branch(f3, a, b, (int) (t - p)));
        } else if (form == 4) {
            int d = rd();
            int target = forwardTarget(bodyEnd, 8);
            addTo(4, "jal " + x(d) + ", +" + (target - group), target, (p, t) -> Asm.jal(d, (int) (t - p)));
        } else {
            int d = rd();
            add(4, "auipc x30, 0", (p, t) -> Asm.auipc(TMP, 0));
            int target = forwardTarget(bodyEnd, 8);
            addTo(4, "jalr " + x(d) + ", +" + (target - group) + "(x30)", target,
                    (p, t) -> Asm.jalr(d, TMP, (int) (t - (p - 4))));
        }
    }

    private void atomic() {
        boolean word = rnd.nextBoolean();
        int width = word ? 2 : 3;
        int offset = (rnd.nextInt(SCRATCH / 8)) * 8 + (word && rnd.nextBoolean() ? 4 : 0);
        add(4, "addi x30, x31, " + offset, (p, t) -> Asm.addi(TMP, BASE, offset));
        String sfx = word ? ".w" : ".d";
        int form = rnd.nextInt(12);
        if (form < 9) {
            int[] f5 = {0x01, 0x00, 0x04, 0x0C, 0x08, 0x10, 0x14, 0x18, 0x1C};
            String[] names = {"amoswap", "amoadd", "amoxor", "amoand", "amoor", "amomin", "amomax", "amominu", "amomaxu"};
            int d = rd();
            int s = rs();
            add(4, names[form] + sfx + " " + x(d) + ", " + x(s) + ", (x30)", (p, t) -> Asm.amo(f5[form], width, d, TMP, s));
        } else if (form < 11) {
            // LR, a few instructions that do not touch memory, SC to the same address;
            // nothing in between writes x30.
            int d;
            do {
                d = rd();
            } while (d == TMP);
            int ld = d;
            add(4, "lr" + sfx + " " + x(ld) + ", (x30)", (p, t) -> Asm.amo(0x02, width, ld, TMP, 0));
            int between = rnd.nextInt(3);
            for (int k = 0; k < between; k++) {
                int dd;
                do {
                    dd = rd();
                } while (dd == TMP);
                int rr = dd;
                int a = rs();
                int imm = imm12();
                add(4, "addi " + x(rr) + ", " + x(a) + ", " + imm, (p, t) -> Asm.addi(rr, a, imm));
            }
            int s = rs();
            int ds = rd();
            add(4, "sc" + sfx + " " + x(ds) + ", " + x(s) + ", (x30)", (p, t) -> Asm.amo(0x03, width, ds, TMP, s));
        } else {
            int s = rs();
            int ds = rd();
            add(4, "sc" + sfx + " " + x(ds) + ", " + x(s) + ", (x30) (no lr)", (p, t) -> Asm.amo(0x03, width, ds, TMP, s));
        }
    }

    private void floatArithmetic() {
        int fmt = rnd.nextInt(2);
        String s = fmt == 0 ? ".s" : ".d";
        int d = f();
        int a = f();
        int b = rnd.nextInt(4) == 0 ? a : f();
        int form = rnd.nextInt(12);
        switch (form) {
            case 0, 1, 2, 3 -> {
                int rm = rm();
                add(4, new String[] {"fadd", "fsub", "fmul", "fdiv"}[form] + s + " f" + d + ", f" + a + ", f" + b + ", rm" + rm,
                        (p, t) -> Asm.opFp(form, fmt, d, a, b, rm));
            }
            case 4 -> {
                int rm = rm();
                add(4, "fsqrt" + s + " f" + d + ", f" + a + ", rm" + rm, (p, t) -> Asm.opFp(0x0B, fmt, d, a, 0, rm));
            }
            case 5 -> {
                int k = rnd.nextInt(3);
                add(4, new String[] {"fsgnj", "fsgnjn", "fsgnjx"}[k] + s + " f" + d + ", f" + a + ", f" + b,
                        (p, t) -> Asm.opFp(4, fmt, d, a, b, k));
            }
            case 6 -> {
                int k = rnd.nextInt(2);
                add(4, new String[] {"fmin", "fmax"}[k] + s + " f" + d + ", f" + a + ", f" + b,
                        (p, t) -> Asm.opFp(5, fmt, d, a, b, k));
            }
            case 7, 8, 9 -> {
                int which = rnd.nextInt(4);
                int c = f();
                int rm = rm();
                add(4, new String[] {"fmadd", "fmsub", "fnmsub", "fnmadd"}[which] + s + " f" + d + ", f" + a + ", f" + b
                        + ", f" + c + ", rm" + rm, (p, t) -> Asm.fma(which, fmt, d, a, b, c, rm));
            }
            case 10 -> {
                int k = rnd.nextInt(3);
                int xd = rd();
                add(4, new String[] {"fle", "flt", "feq"}[k] + s + " " + x(xd) + ", f" + a + ", f" + b,
                        (p, t) -> Asm.opFp(0x14, fmt, xd, a, b, k));
            }
            default -> {
                int xd = rd();
                add(4, "fclass" + s + " " + x(xd) + ", f" + a, (p, t) -> Asm.opFp(0x1C, fmt, xd, a, 0, 1));
            }
        }
    }

    private void floatConvert() {
        int fmt = rnd.nextInt(2);
        String s = fmt == 0 ? ".s" : ".d";
        int form = rnd.nextInt(5);
        int rm = rm();
        if (form == 0) {
            int kind = rnd.nextInt(4);
            int xd = rd();
            int a = f();
            add(4, "fcvt." + new String[] {"w", "wu", "l", "lu"}[kind] + s + " " + x(xd) + ", f" + a + ", rm" + rm,
                    (p, t) -> Asm.opFp(0x18, fmt, xd, a, kind, rm));
        } else if (form == 1) {
            int kind = rnd.nextInt(4);
            int d = f();
            int a = rs();
            add(4, "fcvt" + s + "." + new String[] {"w", "wu", "l", "lu"}[kind] + " f" + d + ", " + x(a) + ", rm" + rm,
                    (p, t) -> Asm.opFp(0x1A, fmt, d, a, kind, rm));
        } else if (form == 2) {
            int d = f();
            int a = f();
            add(4, (fmt == 0 ? "fcvt.s.d" : "fcvt.d.s") + " f" + d + ", f" + a + ", rm" + rm,
                    (p, t) -> Asm.opFp(8, fmt, d, a, 1 - fmt, rm));
        } else if (form == 3) {
            int xd = rd();
            int a = f();
            add(4, "fmv.x" + (fmt == 0 ? ".w" : ".d") + " " + x(xd) + ", f" + a, (p, t) -> Asm.opFp(0x1C, fmt, xd, a, 0, 0));
        } else {
            int d = f();
            int a = rs();
            add(4, "fmv" + (fmt == 0 ? ".w" : ".d") + ".x f" + d + ", " + x(a), (p, t) -> Asm.opFp(0x1E, fmt, d, a, 0, 0));
        }
    }

    private void floatMemory() {
        boolean dbl = rnd.nextBoolean();
        int size = dbl ? 8 : 4;
        int offset = rnd.nextInt(SCRATCH - size + 1);
        int r = f();
        if (rnd.nextBoolean()) {
            add(4, (dbl ? "fld" : "flw") + " f" + r + ", " + offset + "(x31)",
                    (p, t) -> dbl ? Asm.fld(r, BASE, offset) : Asm.flw(r, BASE, offset));
        } else {
            add(4, (dbl ? "fsd" : "fsw") + " f" + r + ", " + offset + "(x31)",
                    (p, t) -> dbl ? Asm.fsd(r, BASE, offset) : Asm.fsw(r, BASE, offset));
        }
    }

    private void csr() {
        int d = rd();
        int form = rnd.nextInt(5);
        if (form == 0) {
            int s = rs();
            int f3 = 1 + rnd.nextInt(3);
            add(4, "csrr" + "wsc".charAt(f3 - 1) + " " + x(d) + ", fflags, " + x(s), (p, t) -> Asm.csr(f3, d, Csr.FFLAGS, s));
        } else if (form == 1) {
            int imm = rnd.nextInt(32);
            int f3 = 5 + rnd.nextInt(3);
            add(4, "csrr" + "wsc".charAt(f3 - 5) + "i " + x(d) + ", fflags, " + imm, (p, t) -> Asm.csr(f3, d, Csr.FFLAGS, imm));
        } else if (form == 2) {
            int mode = rnd.nextInt(5);
            add(4, "csrrwi " + x(d) + ", frm, " + mode, (p, t) -> Asm.csr(5, d, Csr.FRM, mode));
        } else if (form == 3) {
            add(4, "csrrs " + x(d) + ", fcsr, x0", (p, t) -> Asm.csr(2, d, Csr.FCSR, 0));
        } else {
            int imm = rnd.nextInt(32);
            add(4, "csrrci " + x(d) + ", fcsr, " + imm, (p, t) -> Asm.csr(7, d, Csr.FCSR, imm));
        }
    }

    private void compressed(int bodyEnd) {
        int form = rnd.nextInt(20);
        int d = rd();
        int nz = d == 0 ? 1 : d;
        switch (form) {
            case 0 -> {
                int imm = rnd.nextInt(64) - 32;
                add(2, "c.addi " + x(d) + ", " + imm, (p, t) -> Asm.cAddi(d, imm));
            }
            case 1 -> {
                int imm = rnd.nextInt(64) - 32;
                add(2, "c.li " + x(d) + ", " + imm, (p, t) -> Asm.cLi(d, imm));
            }
            case 2 -> {
                int imm = rnd.nextInt(63) - 32;
                int v = imm >= 0 ? imm + 1 : imm; // nonzero
                add(2, "c.lui " + x(d) + ", " + v, (p, t) -> Asm.cLui(d, v));
            }
            case 3 -> {
                int kind = rnd.nextInt(3);
                int r = rc();
                int imm = kind == 2 ? rnd.nextInt(64) - 32 : rnd.nextInt(64);
                add(2, new String[] {"c.srli", "c.srai", "c.andi"}[kind] + " " + x(r) + ", " + imm,
                        (p, t) -> Asm.cArithImm(kind, r, imm));
            }
            case 4, 5 -> {
                int kind = rnd.nextInt(6);
                int r = rc();
                int s = rc();
                add(2, new String[] {"c.sub", "c.xor", "c.or", "c.and", "c.subw", "c.addw"}[kind] + " " + x(r) + ", " + x(s),
                        (p, t) -> Asm.cArith(kind, r, s));
            }
            case 6 -> {
                int sh = rnd.nextInt(64);
                add(2, "c.slli " + x(d) + ", " + sh, (p, t) -> Asm.cSlli(d, sh));
            }
            case 7 -> {
                int s = 1 + rnd.nextInt(31);
                add(2, "c.mv " + x(d) + ", " + x(s), (p, t) -> Asm.cMv(d, s));
            }
            case 8 -> {
                int s = 1 + rnd.nextInt(31);
                add(2, "c.add " + x(d) + ", " + x(s), (p, t) -> Asm.cAdd(d, s));
            }
            case 9 -> {
                int imm = rnd.nextInt(64) - 32;
                add(2, "c.addiw " + x(nz) + ", " + imm, (p, t) -> Asm.cAddiw(nz, imm));
            }
            case 10 -> {
                boolean dbl = rnd.nextBoolean();
                int off = dbl ? rnd.nextInt(64) * 8 : rnd.nextInt(64) * 4;
                add(2, (dbl ? "c.ldsp " : "c.lwsp ") + x(nz) + ", " + off + "(sp)",
                        (p, t) -> Asm.cLoadSp(dbl ? 3 : 2, nz, off));
            }
            case 11 -> {
                boolean dbl = rnd.nextBoolean();
                int s = rs();
                int off = dbl ? rnd.nextInt(64) * 8 : rnd.nextInt(64) * 4;
                add(2, (dbl ? "c.sdsp " : "c.swsp ") + x(s) + ", " + off + "(sp)",
                        (p, t) -> Asm.cStoreSp(dbl ? 7 : 6, s, off));
            }
            case 12 -> {
                int r = f();
                int off = rnd.nextInt(64) * 8;
                if (rnd.nextBoolean()) {
                    add(2, "c.fldsp f" + r + ", " + off + "(sp)", (p, t) -> Asm.cLoadSp(1, r, off));
                } else {
                    add(2, "c.fsdsp f" + r + ", " + off + "(sp)", (p, t) -> Asm.cStoreSp(5, r, off));
                }
            }
            case 13, 14 -> {
                // A base in x8..x15 from sp, then a load or store through it.
                int base = rc();
                int up = 4 * (1 + rnd.nextInt(64));
                add(2, "c.addi4spn " + x(base) + ", sp, " + up, (p, t) -> Asm.cAddi4spn(base, up));
                int kind = rnd.nextInt(6);
                int r = rc();
                boolean wordSized = kind == 0 || kind == 3;
                int off = wordSized ? rnd.nextInt(32) * 4 : rnd.nextInt(32) * 8;
                String[] names = {"c.lw", "c.ld", "c.fld", "c.sw", "c.sd", "c.fsd"};
                int[] f3 = {2, 3, 1, 6, 7, 5};
                add(2, names[kind] + " " + (kind == 2 || kind == 5 ? "f" + r : x(r)) + ", " + off + "(" + x(base) + ")",
                        (p, t) -> kind < 3 ? Asm.cLoad(f3[kind], r, base, off) : Asm.cStore(f3[kind], r, base, off));
            }
            case 15, 16 -> {
                int r = rc();
                boolean bnez = rnd.nextBoolean();
                int target = forwardTarget(bodyEnd, 6);
                addTo(2, (bnez ? "c.bnez " : "c.beqz ") + x(r) + ", +" + (target - group), target,
                        (p, t) -> Asm.cBranch(bnez, r, (int) (t - p)));
            }
            case 17 -> {
                int target = forwardTarget(bodyEnd, 6);
                addTo(2, "c.j +" + (target - group), target, (p, t) -> Asm.cJ((int) (t - p)));
            }
            case 18 -> {
                // A computed jump through c.jr or c.jalr.
                boolean link = rnd.nextBoolean();
                add(4, "auipc x30, 0", (p, t) -> Asm.auipc(TMP, 0));
                int target = forwardTarget(bodyEnd, 6);
                addTo(4, "addi x30, x30, +" + (target - group), target, (p, t) -> Asm.addi(TMP, TMP, (int) (t - (p - 4))));
                add(2, link ? "c.jalr x30" : "c.jr x30", (p, t) -> link ? Asm.cJalr(TMP) : Asm.cJr(TMP));
            }
            default -> add(2, "c.nop", (p, t) -> Asm.cNop());
        }
    }

    /** Register values with the edge cases weighted up. */
    static final class Values {
        private static final long[] INTEGERS = {
            0, 1, -1, 2, Long.MIN_VALUE, Long.MAX_VALUE, 0x80000000L, 0x7FFFFFFFL, 0xFFFFFFFFL,
            0xFFFFFFFF80000000L, 0x100000000L, -2, 31, 32, 63, 64,
        };
        private static final long[] DOUBLES = {
            0, 0x8000000000000000L, 0x3FF0000000000000L, 0xBFF0000000000000L, 0x3FE0000000000000L,
            0x4004000000000000L, 0xC00C000000000000L, 0x7FF0000000000000L, 0xFFF0000000000000L,
            0x7FF8000000000000L, 0x7FF8000000012345L, 0x7FF0000000000001L, 0xFFF4000000000000L,
            0x0010000000000000L, 0x000FFFFFFFFFFFFFL, 0x0000000000000001L, 0x7FEFFFFFFFFFFFFFL,
            0x3FF0000000000001L, 0x3FEFFFFFFFFFFFFFL, 0x43E0000000000000L, 0xC3E0000000000000L,
            0x41E0000000000000L, 0xC1E0000000200000L, 0x41EFFFFFFFE00000L, 0x43F0000000000000L,
            0x3CA0000000000000L, 0x3C90000000000000L,
        };
        private static final int[] SINGLES = {
            0, 0x80000000, 0x3F800000, 0xBF800000, 0x3F000000, 0x40200000, 0xC0600000, 0x7F800000,
            0xFF800000, 0x7FC00000, 0x7FC01234, 0x7F800001, 0xFFA00000, 0x00800000, 0x007FFFFF,
            0x00000001, 0x7F7FFFFF, 0x3F800001, 0x3F7FFFFF, 0x4F000000, 0xCF000000, 0x5F000000,
            0x5F800000, 0x33800000, 0x4B800000,
        };

        private Values() {
        }

        static long integer(Random rnd) {
            return switch (rnd.nextInt(6)) {
                case 0, 1 -> INTEGERS[rnd.nextInt(INTEGERS.length)];
                case 2 -> rnd.nextInt(512) - 256;
                case 3 -> rnd.nextInt();
                default -> rnd.nextLong();
            };
        }

        static long floating(Random rnd) {
            return switch (rnd.nextInt(10)) {
                case 0, 1 -> DOUBLES[rnd.nextInt(DOUBLES.length)];
                case 2 -> Double.doubleToRawLongBits((rnd.nextDouble() - 0.5) * Math.scalb(1.0, rnd.nextInt(130) - 65));
                case 3 -> Double.doubleToRawLongBits(rnd.nextInt(2001) - 1000 + (rnd.nextInt(4) / 4.0));
                case 4 -> rnd.nextLong();
                case 5, 6 -> FloatUnit.box(SINGLES[rnd.nextInt(SINGLES.length)]);
                case 7 -> FloatUnit.box(Float.floatToRawIntBits(
                        (float) ((rnd.nextDouble() - 0.5) * Math.scalb(1.0, rnd.nextInt(60) - 30))));
                case 8 -> FloatUnit.box(rnd.nextInt());
                default -> (long) rnd.nextInt() << 32 | (SINGLES[rnd.nextInt(SINGLES.length)] & 0xFFFFFFFFL);
            };
        }
    }
}
