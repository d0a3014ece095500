/* F extension: NaN-boxing in every direction, single-precision arithmetic and flags,
   special values, fused multiply-add rounding once, min/max, compare, classify. */
#include "test.h"

#define S_ONE   0x3f800000
#define S_TWO   0x40000000
#define S_MONE  0xbf800000
#define S_PINF  0x7f800000
#define S_NINF  0xff800000
#define S_QNAN  0x7fc00000
#define S_SNAN  0x7f800001
#define S_MAX   0x7f7fffff
#define S_MINN  0x00800000
#define S_NZERO 0x80000000
#define BOXED(v) (0xffffffff00000000 | (v))

    START
    fsflags x0
    la s0, buf
    CASE 1      /* fmv.w.x and flw box: the upper 32 bits become ones */
    li a0, 0x123456783f800000
    fmv.w.x fa0, a0
    EXPECTD fa0, BOXED(S_ONE)
    li a0, 0x40400000
    sw a0, 0(s0)
    flw fa1, 0(s0)
    EXPECTD fa1, BOXED(0x40400000)
    CASE 2      /* fmv.x.w and fsw take the low 32 bits, boxed or not; fmv.x.w sign-extends */
    li a0, 0x00000000bf800000   /* not boxed */
    fmv.d.x fa0, a0
    fmv.x.w a1, fa0
    EXPECT a1, 0xffffffffbf800000
    fsw fa0, 4(s0)
    lwu a1, 4(s0)
    EXPECT a1, 0xbf800000
    CASE 3      /* an improperly boxed operand reads as the canonical NaN, quietly */
    fmv.d.x fa0, a0
    LD_S fa1, S_ONE
    fadd.s fa2, fa0, fa1
    EXPECTS fa2, S_QNAN
    EXPECT_FLAGS 0
    fmul.s fa2, fa1, fa0
    EXPECTS fa2, S_QNAN
    EXPECT_FLAGS 0
    CASE 4      /* ... in fclass (quiet NaN), fsgnj (NaN with rs2's sign), fcvt.d.s and compares */
    fclass.s a1, fa0
    EXPECT a1, 0x200
    LD_S fa1, S_MONE
    fsgnj.s fa2, fa0, fa1
    EXPECTS fa2, 0xffc00000
    fsgnj.s fa2, fa1, fa0
    EXPECTS fa2, 0x3f800000
    fcvt.d.s fa2, fa0
    EXPECTD fa2, 0x7ff8000000000000
    feq.s a1, fa0, fa0
    EXPECT a1, 0
    EXPECT_FLAGS 0
    fmin.s fa2, fa0, fa1
    EXPECTS fa2, S_MONE
    EXPECT_FLAGS 0
    CASE 5      /* a double in a register used as a single is not boxed either */
    LD_D fa0, 0x3ff0000000000000
    fadd.s fa2, fa0, fa1
    EXPECTS fa2, S_QNAN
    CASE 6      /* single results are boxed */
    LD_S fa0, S_ONE
    LD_S fa1, S_TWO
    fadd.s fa2, fa0, fa1
    EXPECTD fa2, BOXED(0x40400000)
    fcvt.s.w fa2, zero
    EXPECTD fa2, BOXED(0)
    EXPECT_FLAGS 0
    CASE 7      /* 1/3 and its flags; a canonical NaN from 0/0 */
    LD_S fa1, 0x40400000
    fdiv.s fa2, fa0, fa1
    EXPECTS fa2, 0x3eaaaaab
    EXPECT_FLAGS 1
    fdiv.s fa2, fa0, fa1, rtz
    EXPECTS fa2, 0x3eaaaaaa
    EXPECT_FLAGS 1
    fmv.w.x fa1, zero
    fdiv.s fa2, fa1, fa1
    EXPECTS fa2, S_QNAN
    EXPECT_FLAGS 16
    fdiv.s fa2, fa0, fa1
    EXPECTS fa2, S_PINF
    EXPECT_FLAGS 8
    CASE 8      /* signaling NaN operands */
    LD_S fa1, S_SNAN
    fadd.s fa2, fa0, fa1
    EXPECTS fa2, S_QNAN
    EXPECT_FLAGS 16
    fcvt.d.s fa2, fa1
    EXPECTD fa2, 0x7ff8000000000000
    EXPECT_FLAGS 16
    fclass.s a1, fa1
    EXPECT a1, 0x100
    EXPECT_FLAGS 0
    CASE 9      /* overflow and underflow */
    LD_S fa0, S_MAX
    fadd.s fa2, fa0, fa0
    EXPECTS fa2, S_PINF
    EXPECT_FLAGS 5
    fadd.s fa2, fa0, fa0, rtz
    EXPECTS fa2, S_MAX
    EXPECT_FLAGS 5
    LD_S fa0, S_MINN
    fmul.s fa2, fa0, fa0
    EXPECTS fa2, 0
    EXPECT_FLAGS 3
    fmul.s fa2, fa0, fa0, rup
    EXPECTS fa2, 1
    EXPECT_FLAGS 3
    CASE 10     /* tininess after rounding in single: MIN_NORMAL × (1 − 2^-24) */
    LD_S fa1, 0x3f7fffff
    fmul.s fa2, fa0, fa1
    EXPECTS fa2, S_MINN
    EXPECT_FLAGS 3
    LD_S fa0, 0x007fffff
    LD_S fa1, 0x3f800001
    fmul.s fa2, fa0, fa1
    EXPECTS fa2, S_MINN
    EXPECT_FLAGS 1
    CASE 11     /* square root */
    LD_S fa0, S_TWO
    fsqrt.s fa2, fa0
    EXPECTS fa2, 0x3fb504f3
    EXPECT_FLAGS 1
    fsqrt.s fa2, fa0, rup
    EXPECTS fa2, 0x3fb504f4
    EXPECT_FLAGS 1
    LD_S fa0, 0x40800000
    fsqrt.s fa2, fa0
    EXPECTS fa2, S_TWO
    EXPECT_FLAGS 0
    LD_S fa0, S_MONE
    fsqrt.s fa2, fa0
    EXPECTS fa2, S_QNAN
    EXPECT_FLAGS 16
    LD_S fa0, S_NZERO
    fsqrt.s fa2, fa0
    EXPECTS fa2, S_NZERO
    EXPECT_FLAGS 0
    CASE 12     /* fmadd.s rounds once: (1+2^-23)(1-2^-24) - 1 */
    LD_S fa0, 0x3f800001
    LD_S fa1, 0x3f7fffff
    LD_S fa3, S_ONE
    fmsub.s fa2, fa0, fa1, fa3
    EXPECTS fa2, 0x337ffffe
    EXPECT_FLAGS 0
    fmadd.s fa2, fa0, fa1, fa3
    EXPECTS fa2, S_TWO
    EXPECT_FLAGS 1
    CASE 13     /* fma.s rounds once, also where rounding to double first would land on a
                   single halfway point and then go the wrong way */
    LD_S fa0, 0x33800000        /* 2^-24 */
    LD_S fa1, 0x3f800000        /* 1 */
    fmadd.s fa2, fa0, fa1, fa1  /* 1 + 2^-24: a true tie, to even = 1 */
    EXPECTS fa2, S_ONE
    EXPECT_FLAGS 1
    LD_S fa0, 0x33800001        /* 2^-24 (1 + 2^-23) */
    fmadd.s fa2, fa0, fa1, fa1  /* just above the tie: up */
    EXPECTS fa2, 0x3f800001
    EXPECT_FLAGS 1
    LD_S fa0, 0x3f800020        /* 1 + 2^-18 */
    LD_S fa1, 0x337fffc0        /* (1 - 2^-18) 2^-24 */
    LD_S fa3, 0x3f800001        /* 1 + 2^-23 */
    fmadd.s fa2, fa0, fa1, fa3  /* 1 + 2^-23 + 2^-24 - 2^-60: just below the tie, down */
    EXPECTS fa2, 0x3f800001
    EXPECT_FLAGS 1
    LD_S fa0, 0x2f800000        /* 2^-32 */
    LD_S fa3, 0x33800000        /* 2^-24 */
    fmadd.s fa2, fa0, fa0, fa3  /* 2^-64 + 2^-24: inexact */
    EXPECTS fa2, 0x33800000
    EXPECT_FLAGS 1
    CASE 14     /* fnmadd.s and fnmsub.s */
    LD_S fa0, S_TWO
    LD_S fa1, 0x40400000
    LD_S fa3, S_ONE
    fnmadd.s fa2, fa0, fa1, fa3
    EXPECTS fa2, 0xc0e00000
    fnmsub.s fa2, fa0, fa1, fa3
    EXPECTS fa2, 0xc0a00000
    EXPECT_FLAGS 0
    CASE 15     /* inf × 0 + qNaN is invalid */
    LD_S fa0, S_PINF
    fmv.w.x fa1, zero
    LD_S fa3, S_QNAN
    fmadd.s fa2, fa0, fa1, fa3
    EXPECTS fa2, S_QNAN
    EXPECT_FLAGS 16
    CASE 16     /* fmin/fmax */
    LD_S fa0, S_NZERO
    fmv.w.x fa1, zero
    fmin.s fa2, fa1, fa0
    EXPECTS fa2, S_NZERO
    fmax.s fa2, fa0, fa1
    EXPECTS fa2, 0
    LD_S fa0, S_SNAN
    fmax.s fa2, fa0, fa1
    EXPECTS fa2, 0
    EXPECT_FLAGS 16
    fmax.s fa2, fa0, fa0
    EXPECTS fa2, S_QNAN
    EXPECT_FLAGS 16
    CASE 17     /* comparisons */
    LD_S fa0, S_ONE
    LD_S fa1, S_TWO
    flt.s a0, fa0, fa1
    EXPECT a0, 1
    fle.s a0, fa1, fa0
    EXPECT a0, 0
    feq.s a0, fa1, fa1
    EXPECT a0, 1
    LD_S fa1, S_QNAN
    fle.s a0, fa0, fa1
    EXPECT a0, 0
    EXPECT_FLAGS 16
    CASE 18     /* fclass.s */
    LD_S fa0, S_NINF
    fclass.s a0, fa0
    EXPECT a0, 0x001
    LD_S fa0, 0x80000001
    fclass.s a0, fa0
    EXPECT a0, 0x004
    LD_S fa0, 0x00400000
    fclass.s a0, fa0
    EXPECT a0, 0x020
    LD_S fa0, S_NZERO
    fclass.s a0, fa0
    EXPECT a0, 0x008
    LD_S fa0, S_PINF
    fclass.s a0, fa0
    EXPECT a0, 0x080
    CASE 19     /* sign injection on singles */
    LD_S fa0, S_ONE
    LD_S fa1, S_MONE
    fsgnjn.s fa2, fa0, fa0
    EXPECTS fa2, S_MONE
    fsgnjx.s fa2, fa1, fa1
    EXPECTS fa2, S_ONE
    fsgnj.s fa2, fa0, fa1
    EXPECTS fa2, S_MONE
    CASE 20     /* subtraction of nearly equal numbers is exact */
    LD_S fa0, 0x3f800001
    LD_S fa1, S_ONE
    fsub.s fa2, fa0, fa1
    EXPECTS fa2, 0x34000000
    EXPECT_FLAGS 0
    CASE 21     /* an add of widely different magnitudes is inexact */
    LD_S fa0, 0x4b800000     /* 2^24 */
    fadd.s fa2, fa0, fa1     /* + 1: a tie, to even */
    EXPECTS fa2, 0x4b800000
    EXPECT_FLAGS 1
    LD_S fa1, 0x0d800000     /* 2^-100 */
    fadd.s fa2, fa0, fa1
    EXPECTS fa2, 0x4b800000
    EXPECT_FLAGS 1
    fadd.s fa2, fa0, fa1, rup
    EXPECTS fa2, 0x4b800001
    EXPECT_FLAGS 1

    PASS

    .data
    .balign 8
buf:
    .dword 0, 0
