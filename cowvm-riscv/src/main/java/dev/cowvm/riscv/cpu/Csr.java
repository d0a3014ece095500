package dev.cowvm.riscv.cpu;

/**
 * The user-level CSRs and the Zicsr instructions.
 *
 * <pre>
 *   0x001 fflags   read/write, 5 bits          0xC00 cycle    read-only
 *   0x002 frm      read/write, 3 bits          0xC01 time     read-only
 *   0x003 fcsr     read/write, frm:fflags      0xC02 instret  read-only
 * </pre>
 * Any other number is illegal (RV64 has no cycleh/timeh/instreth, and the hpmcounters are
 * not offered), and so is a write to a read-only CSR. Which accesses count as writes and
 * reads is the Zicsr chapter's table: CSRRW/CSRRWI always write, and read only if rd is not
 * x0; CSRRS/CSRRC (and their immediate forms) always read, and write only if rs1 (or the
 * immediate) is not zero, so {@code csrr rd, cycle} is legal while
 * {@code csrw cycle, rs} is not.
 */
final class Csr {
    static final int FFLAGS = 0x001;
    static final int FRM = 0x002;
    static final int FCSR = 0x003;
    static final int CYCLE = 0xC00;
    static final int TIME = 0xC01;
    static final int INSTRET = 0xC02;

    private Csr() {
    }

    /**
     * Executes a CSR instruction.
     *
     * @param d       the decoded instruction; its immediate is the instruction's bits
     * @param retired instructions retired before this one
     * @return false if the instruction is illegal
     */
    static boolean execute(Hart h, long d, long retired) {
        int insn = Op.imm(d);
        int csr = insn >>> 20;
        int rd = Op.rd(d);
        int rs1 = Op.rs1(d);
        int op = Op.op(d);
        boolean immediate = op >= Op.CSRRWI;
        int kind = (op - Op.CSRRW) % 3; // 0 write, 1 set bits, 2 clear bits
        long source = immediate ? rs1 : h.x[rs1];
        boolean writes = kind == 0 || rs1 != 0;
        boolean readOnly;
        switch (csr) {
            case FFLAGS, FRM, FCSR -> readOnly = false;
            case CYCLE, TIME, INSTRET -> readOnly = true;
            default -> {
                return false;
            }
        }
        if (writes && readOnly) {
            return false;
        }
        FloatUnit fpu = h.fpu;
        long old = switch (csr) {
            case FFLAGS -> fpu.flags;
            case FRM -> fpu.frm;
            case FCSR -> fpu.frm << 5 | fpu.flags;
            case TIME -> h.readTime(retired);
            default -> retired; // cycle and instret: one cycle per instruction
        };
        if (writes) {
            long v = kind == 0 ? source : kind == 1 ? old | source : old & ~source;
            switch (csr) {
                case FFLAGS -> fpu.flags = (int) v & 0x1F;
                case FRM -> fpu.frm = (int) v & 7;
                default -> {
                    fpu.flags = (int) v & 0x1F;
                    fpu.frm = (int) (v >>> 5) & 7;
                }
            }
        }
        if (rd != 0) {
            h.x[rd] = old;
        }
        return true;
    }
}
