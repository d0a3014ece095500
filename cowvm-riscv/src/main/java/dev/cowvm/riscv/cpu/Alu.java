package dev.cowvm.riscv.cpu;

/**
 * The M extension's multiply-high and divide operations, which need more than one Java
 * operator. Division never traps in RISC-V: the M chapter's table "Semantics for division
 * by zero and division overflow" gives the results, reproduced here:
 * <pre>
 *   x / 0:  DIV(U)[W] = all ones (-1),  REM(U)[W] = x
 *   most negative / -1 (signed overflow): DIV[W] = the dividend, REM[W] = 0
 * </pre>
 * Java's {@code Long.MIN_VALUE / -1} is {@code Long.MIN_VALUE} and its remainder 0 (likewise
 * for int), which is exactly the overflow row; only a zero divisor needs a test. W forms
 * work on the low 32 bits and sign-extend the 32-bit result, DIVUW and REMUW included.
 */
final class Alu {
    private Alu() {
    }

    static long multiplyDivide(int op, long a, long b) {
        return switch (op) {
            case Op.MULH -> Math.multiplyHigh(a, b);
            // rs2 unsigned: its value is b + 2^64 when negative, adding a·2^64 to the product.
            case Op.MULHSU -> Math.multiplyHigh(a, b) + (b < 0 ? a : 0);
            case Op.MULHU -> Math.unsignedMultiplyHigh(a, b);
            case Op.DIV -> b == 0 ? -1 : a / b;
            case Op.DIVU -> b == 0 ? -1 : Long.divideUnsigned(a, b);
            case Op.REM -> b == 0 ? a : a % b;
            case Op.REMU -> b == 0 ? a : Long.remainderUnsigned(a, b);
            case Op.DIVW -> (int) b == 0 ? -1 : (int) a / (int) b;
            case Op.DIVUW -> (int) b == 0 ? -1 : Integer.divideUnsigned((int) a, (int) b);
            case Op.REMW -> (int) b == 0 ? (int) a : (int) a % (int) b;
            case Op.REMUW -> (int) b == 0 ? (int) a : Integer.remainderUnsigned((int) a, (int) b);
            default -> throw new IllegalStateException("not a multiply or divide: " + Op.name(op));
        };
    }
}
