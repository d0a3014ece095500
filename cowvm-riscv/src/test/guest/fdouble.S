/* D extension: arithmetic and its flags, special values, canonical NaNs, division by
   zero, overflow, underflow with tininess after rounding, fused multiply-add, square
   root, sign injection, min/max, comparisons, classification, moves, loads and stores. */
#include "test.h"

#define ONE      0x3ff0000000000000
#define TWO      0x4000000000000000
#define HALF     0x3fe0000000000000
#define MONE     0xbff0000000000000
#define PINF     0x7ff0000000000000
#define NINF     0xfff0000000000000
#define QNAN     0x7ff8000000000000
#define SNAN     0x7ff0000000000001
#define QNAN_PAY 0xfff8000000012345
#define MAXD     0x7fefffffffffffff
#define MINN     0x0010000000000000
#define MAXSUB   0x000fffffffffffff
#define NZERO    0x8000000000000000

/* NX 1, UF 2, OF 4, DZ 8, NV 16 */

    START
    fsflags x0
    CASE 1      /* exact sum raises nothing */
    LD_D fa0, ONE
    LD_D fa1, TWO
    fadd.d fa2, fa0, fa1
    EXPECTD fa2, 0x4008000000000000
    EXPECT_FLAGS 0
    CASE 2      /* 0.1 + 0.2 is inexact */
    LD_D fa0, 0x3fb999999999999a
    LD_D fa1, 0x3fc999999999999a
    fadd.d fa2, fa0, fa1
    EXPECTD fa2, 0x3fd3333333333334
    EXPECT_FLAGS 1
    CASE 3      /* x - x is +0 in RNE and -0 in RDN */
    fsub.d fa2, fa0, fa0
    EXPECTD fa2, 0
    fsub.d fa2, fa0, fa0, rdn
    EXPECTD fa2, NZERO
    EXPECT_FLAGS 0
    CASE 4      /* (-0) + (-0) = -0, (+0) + (-0) = +0 */
    LD_D fa0, NZERO
    fadd.d fa2, fa0, fa0
    EXPECTD fa2, NZERO
    fmv.d.x fa1, zero
    fadd.d fa2, fa0, fa1
    EXPECTD fa2, 0
    EXPECT_FLAGS 0
    CASE 5      /* inf - inf is the canonical NaN with NV */
    LD_D fa0, PINF
    fsub.d fa2, fa0, fa0
    EXPECTD fa2, QNAN
    EXPECT_FLAGS 16
    CASE 6      /* a quiet NaN operand propagates as the canonical NaN, no flag */
    LD_D fa0, QNAN_PAY
    LD_D fa1, ONE
    fadd.d fa2, fa0, fa1
    EXPECTD fa2, QNAN
    fmul.d fa2, fa1, fa0
    EXPECTD fa2, QNAN
    EXPECT_FLAGS 0
    CASE 7      /* a signaling NaN operand raises NV */
    LD_D fa0, SNAN
    fadd.d fa2, fa1, fa0
    EXPECTD fa2, QNAN
    EXPECT_FLAGS 16
    fdiv.d fa2, fa0, fa1
    EXPECTD fa2, QNAN
    EXPECT_FLAGS 16
    CASE 8      /* division by zero */
    LD_D fa0, ONE
    fmv.d.x fa1, zero
    fdiv.d fa2, fa0, fa1
    EXPECTD fa2, PINF
    EXPECT_FLAGS 8
    LD_D fa0, MONE
    fdiv.d fa2, fa0, fa1
    EXPECTD fa2, NINF
    EXPECT_FLAGS 8
    LD_D fa1, NZERO
    fdiv.d fa2, fa0, fa1
    EXPECTD fa2, PINF
    EXPECT_FLAGS 8
    CASE 9      /* 0/0 and inf/inf are invalid, inf/0 is exact */
    fmv.d.x fa0, zero
    fdiv.d fa2, fa0, fa0
    EXPECTD fa2, QNAN
    EXPECT_FLAGS 16
    LD_D fa0, PINF
    fdiv.d fa2, fa0, fa0
    EXPECTD fa2, QNAN
    EXPECT_FLAGS 16
    fmv.d.x fa1, zero
    fdiv.d fa2, fa0, fa1
    EXPECTD fa2, PINF
    EXPECT_FLAGS 0
    CASE 10     /* 0 * inf is invalid */
    fmul.d fa2, fa0, fa1
    EXPECTD fa2, QNAN
    EXPECT_FLAGS 16
    CASE 11     /* overflow: to infinity in RNE, to the largest number in RTZ */
    LD_D fa0, MAXD
    LD_D fa1, TWO
    fmul.d fa2, fa0, fa1
    EXPECTD fa2, PINF
    EXPECT_FLAGS 5
    fmul.d fa2, fa0, fa1, rtz
    EXPECTD fa2, MAXD
    EXPECT_FLAGS 5
    fadd.d fa2, fa0, fa0, rdn
    EXPECTD fa2, MAXD
    EXPECT_FLAGS 5
    fneg.d fa3, fa0
    fadd.d fa2, fa3, fa3, rdn
    EXPECTD fa2, NINF
    EXPECT_FLAGS 5
    fadd.d fa2, fa3, fa3, rup
    EXPECTD fa2, 0xffefffffffffffff
    EXPECT_FLAGS 5
    CASE 12     /* MAX + tiny: RNE stays at MAX (no overflow), RUP overflows */
    LD_D fa1, ONE
    fadd.d fa2, fa0, fa1
    EXPECTD fa2, MAXD
    EXPECT_FLAGS 1
    fadd.d fa2, fa0, fa1, rup
    EXPECTD fa2, PINF
    EXPECT_FLAGS 5
    CASE 13     /* underflow to zero */
    LD_D fa0, MINN
    fmul.d fa2, fa0, fa0
    EXPECTD fa2, 0
    EXPECT_FLAGS 3
    fmul.d fa2, fa0, fa0, rup
    EXPECTD fa2, 1
    EXPECT_FLAGS 3
    CASE 14     /* an exact subnormal result raises nothing */
    LD_D fa1, HALF
    fmul.d fa2, fa0, fa1
    EXPECTD fa2, 0x0008000000000000
    EXPECT_FLAGS 0
    CASE 15     /* tininess after rounding: MIN_NORMAL × (1 − 2^-53) is tiny and inexact */
    LD_D fa1, 0x3fefffffffffffff
    fmul.d fa2, fa0, fa1
    EXPECTD fa2, MINN
    EXPECT_FLAGS 3
    CASE 16     /* ... but MAXSUB × (1 + 2^-52) rounds to MIN_NORMAL without being tiny */
    LD_D fa0, MAXSUB
    LD_D fa1, 0x3ff0000000000001
    fmul.d fa2, fa0, fa1
    EXPECTD fa2, MINN
    EXPECT_FLAGS 1
    CASE 17     /* a subnormal quotient that is inexact underflows */
    LD_D fa0, MINN
    LD_D fa1, 0x4008000000000000
    fdiv.d fa2, fa0, fa1
    EXPECTD fa2, 0x0005555555555555
    EXPECT_FLAGS 3
    CASE 18     /* the sum of subnormals is exact */
    LD_D fa0, 1
    LD_D fa1, MAXSUB
    fadd.d fa2, fa0, fa1
    EXPECTD fa2, MINN
    EXPECT_FLAGS 0
    CASE 19     /* square roots */
    LD_D fa0, 0x4010000000000000
    fsqrt.d fa2, fa0
    EXPECTD fa2, TWO
    EXPECT_FLAGS 0
    LD_D fa0, TWO
    fsqrt.d fa2, fa0
    EXPECTD fa2, 0x3ff6a09e667f3bcd
    EXPECT_FLAGS 1
    fsqrt.d fa2, fa0, rdn
    EXPECTD fa2, 0x3ff6a09e667f3bcc
    EXPECT_FLAGS 1
    fsqrt.d fa2, fa0, rup
    EXPECTD fa2, 0x3ff6a09e667f3bcd
    EXPECT_FLAGS 1
    CASE 20     /* sqrt(-0) = -0; sqrt of a negative number or -inf is invalid */
    LD_D fa0, NZERO
    fsqrt.d fa2, fa0
    EXPECTD fa2, NZERO
    EXPECT_FLAGS 0
    LD_D fa0, MONE
    fsqrt.d fa2, fa0
    EXPECTD fa2, QNAN
    EXPECT_FLAGS 16
    LD_D fa0, NINF
    fsqrt.d fa2, fa0
    EXPECTD fa2, QNAN
    EXPECT_FLAGS 16
    LD_D fa0, PINF
    fsqrt.d fa2, fa0
    EXPECTD fa2, PINF
    EXPECT_FLAGS 0
    CASE 21     /* sqrt of the smallest subnormal: 2^-537 exactly */
    LD_D fa0, 1
    fsqrt.d fa2, fa0
    EXPECTD fa2, 0x1e60000000000000
    EXPECT_FLAGS 0
    CASE 22     /* fused multiply-add rounds once: (1+2^-52)(1-2^-53) - 1 = 2^-53 - 2^-105 */
    LD_D fa0, 0x3ff0000000000001
    LD_D fa1, 0x3fefffffffffffff
    LD_D fa3, ONE
    fmsub.d fa2, fa0, fa1, fa3
    EXPECTD fa2, 0x3c9ffffffffffffe
    EXPECT_FLAGS 0
    fmadd.d fa2, fa0, fa1, fa3
    EXPECTD fa2, TWO
    EXPECT_FLAGS 1
    CASE 23     /* fnmadd is -(a b) - c; fnmsub is -(a b) + c */
    LD_D fa0, TWO
    LD_D fa1, 0x4008000000000000
    LD_D fa3, ONE
    fnmadd.d fa2, fa0, fa1, fa3
    EXPECTD fa2, 0xc01c000000000000
    fnmsub.d fa2, fa0, fa1, fa3
    EXPECTD fa2, 0xc014000000000000
    fmsub.d fa2, fa0, fa1, fa3
    EXPECTD fa2, 0x4014000000000000
    EXPECT_FLAGS 0
    CASE 24     /* signs of zero from fused multiply-add */
    fmv.d.x fa0, zero
    LD_D fa3, NZERO
    fmadd.d fa2, fa0, fa1, fa3
    EXPECTD fa2, 0
    fmadd.d fa2, fa0, fa1, fa3, rdn
    EXPECTD fa2, NZERO
    fnmadd.d fa2, fa0, fa1, fa0
    EXPECTD fa2, NZERO
    fnmsub.d fa2, fa0, fa1, fa0
    EXPECTD fa2, 0
    EXPECT_FLAGS 0
    CASE 25     /* inf × 0 + qNaN is invalid (the F chapter requires NV) */
    LD_D fa0, PINF
    fmv.d.x fa1, zero
    LD_D fa3, QNAN
    fmadd.d fa2, fa0, fa1, fa3
    EXPECTD fa2, QNAN
    EXPECT_FLAGS 16
    CASE 26     /* inf × 1 - inf is invalid; inf × 1 + 1 is inf */
    LD_D fa1, ONE
    fmsub.d fa2, fa0, fa1, fa0
    EXPECTD fa2, QNAN
    EXPECT_FLAGS 16
    fmadd.d fa2, fa0, fa1, fa1
    EXPECTD fa2, PINF
    EXPECT_FLAGS 0
    CASE 27     /* fma overflow and underflow */
    LD_D fa0, MAXD
    LD_D fa1, TWO
    fmv.d.x fa3, zero
    fmadd.d fa2, fa0, fa1, fa3
    EXPECTD fa2, PINF
    EXPECT_FLAGS 5
    LD_D fa0, MINN
    fmadd.d fa2, fa0, fa0, fa3
    EXPECTD fa2, 0
    EXPECT_FLAGS 3
    CASE 28     /* sign injection takes every other bit from rs1, NaNs untouched */
    LD_D fa0, SNAN
    LD_D fa1, MONE
    fsgnj.d fa2, fa0, fa1
    EXPECTD fa2, 0xfff0000000000001
    fsgnjn.d fa2, fa0, fa1
    EXPECTD fa2, SNAN
    fsgnjx.d fa2, fa1, fa1
    EXPECTD fa2, ONE
    fabs.d fa2, fa1
    EXPECTD fa2, ONE
    fneg.d fa2, fa1
    EXPECTD fa2, ONE
    EXPECT_FLAGS 0
    CASE 29     /* fmin/fmax: -0 < +0 */
    LD_D fa0, NZERO
    fmv.d.x fa1, zero
    fmin.d fa2, fa0, fa1
    EXPECTD fa2, NZERO
    fmin.d fa2, fa1, fa0
    EXPECTD fa2, NZERO
    fmax.d fa2, fa0, fa1
    EXPECTD fa2, 0
    fmax.d fa2, fa1, fa0
    EXPECTD fa2, 0
    EXPECT_FLAGS 0
    CASE 30     /* fmin/fmax: one NaN gives the number; a signaling NaN raises NV */
    LD_D fa0, QNAN_PAY
    LD_D fa1, TWO
    fmin.d fa2, fa0, fa1
    EXPECTD fa2, TWO
    fmax.d fa2, fa1, fa0
    EXPECTD fa2, TWO
    EXPECT_FLAGS 0
    LD_D fa0, SNAN
    fmin.d fa2, fa0, fa1
    EXPECTD fa2, TWO
    EXPECT_FLAGS 16
    CASE 31     /* fmin/fmax of two NaNs is the canonical NaN */
    LD_D fa1, QNAN_PAY
    fmax.d fa2, fa0, fa1
    EXPECTD fa2, QNAN
    EXPECT_FLAGS 16
    fmin.d fa2, fa1, fa1
    EXPECTD fa2, QNAN
    EXPECT_FLAGS 0
    CASE 32     /* fmin/fmax of ordinary numbers */
    LD_D fa0, MONE
    LD_D fa1, PINF
    fmin.d fa2, fa0, fa1
    EXPECTD fa2, MONE
    fmax.d fa2, fa0, fa1
    EXPECTD fa2, PINF
    CASE 33     /* feq is quiet; flt and fle signal on any NaN */
    LD_D fa0, QNAN
    LD_D fa1, ONE
    feq.d a0, fa0, fa1
    EXPECT a0, 0
    EXPECT_FLAGS 0
    flt.d a0, fa0, fa1
    EXPECT a0, 0
    EXPECT_FLAGS 16
    fle.d a0, fa1, fa0
    EXPECT a0, 0
    EXPECT_FLAGS 16
    LD_D fa0, SNAN
    feq.d a0, fa0, fa0
    EXPECT a0, 0
    EXPECT_FLAGS 16
    CASE 34     /* comparisons of numbers; -0 == +0 */
    LD_D fa0, NZERO
    fmv.d.x fa1, zero
    feq.d a0, fa0, fa1
    EXPECT a0, 1
    flt.d a0, fa0, fa1
    EXPECT a0, 0
    fle.d a0, fa1, fa0
    EXPECT a0, 1
    LD_D fa0, MONE
    LD_D fa1, NINF
    flt.d a0, fa1, fa0
    EXPECT a0, 1
    fle.d a0, fa0, fa1
    EXPECT a0, 0
    feq.d zero, fa0, fa0
    EXPECT zero, 0
    EXPECT_FLAGS 0
    CASE 35     /* fclass: all ten classes */
    LD_D fa0, NINF
    fclass.d a0, fa0
    EXPECT a0, 0x001
    LD_D fa0, MONE
    fclass.d a0, fa0
    EXPECT a0, 0x002
    LD_D fa0, 0x800fffffffffffff
    fclass.d a0, fa0
    EXPECT a0, 0x004
    LD_D fa0, NZERO
    fclass.d a0, fa0
    EXPECT a0, 0x008
    fmv.d.x fa0, zero
    fclass.d a0, fa0
    EXPECT a0, 0x010
    LD_D fa0, 1
    fclass.d a0, fa0
    EXPECT a0, 0x020
    LD_D fa0, ONE
    fclass.d a0, fa0
    EXPECT a0, 0x040
    LD_D fa0, PINF
    fclass.d a0, fa0
    EXPECT a0, 0x080
    LD_D fa0, SNAN
    fclass.d a0, fa0
    EXPECT a0, 0x100
    LD_D fa0, QNAN_PAY
    fclass.d a0, fa0
    EXPECT a0, 0x200
    EXPECT_FLAGS 0
    CASE 36     /* fld/fsd and fmv keep a signaling NaN's bits */
    la s0, buf
    li a0, 0x7ff4000000abcdef
    sd a0, 0(s0)
    fld fa0, 0(s0)
    fsd fa0, 8(s0)
    ld a1, 8(s0)
    EXPECT a1, 0x7ff4000000abcdef
    fmv.x.d a1, fa0
    EXPECT a1, 0x7ff4000000abcdef
    EXPECT_FLAGS 0
    CASE 37     /* flags accumulate until cleared */
    LD_D fa0, ONE
    fmv.d.x fa1, zero
    fdiv.d fa2, fa0, fa1
    LD_D fa0, 0x3fb999999999999a
    fadd.d fa2, fa0, fa0
    fmul.d fa2, fa0, fa0
    EXPECT_FLAGS 9
    CASE 38     /* division results and their inexactness */
    LD_D fa0, ONE
    LD_D fa1, 0x4008000000000000
    fdiv.d fa2, fa0, fa1
    EXPECTD fa2, 0x3fd5555555555555
    EXPECT_FLAGS 1
    fdiv.d fa2, fa0, fa1, rup
    EXPECTD fa2, 0x3fd5555555555556
    EXPECT_FLAGS 1
    LD_D fa0, 0x4022000000000000
    fdiv.d fa2, fa0, fa1
    EXPECTD fa2, 0x4008000000000000
    EXPECT_FLAGS 0

    PASS

    .data
    .balign 8
buf:
    .dword 0, 0
