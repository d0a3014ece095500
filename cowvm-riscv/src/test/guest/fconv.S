/* Conversions: float to integer in every mode with the saturation table of the F
   chapter, integer to float with rounding, single <-> double, and the sign extension
   of 32-bit results. */
#include "test.h"

    START
    fsflags x0
    CASE 1      /* 3.5 and -3.5 to int in every mode */
    LD_D fa0, 0x400c000000000000    /* 3.5 */
    fcvt.w.d a0, fa0, rne
    EXPECT a0, 4
    fcvt.w.d a0, fa0, rtz
    EXPECT a0, 3
    fcvt.w.d a0, fa0, rdn
    EXPECT a0, 3
    fcvt.w.d a0, fa0, rup
    EXPECT a0, 4
    fcvt.w.d a0, fa0, rmm
    EXPECT a0, 4
    EXPECT_FLAGS 1
    LD_D fa0, 0xc00c000000000000    /* -3.5 */
    fcvt.l.d a0, fa0, rne
    EXPECT a0, -4
    fcvt.l.d a0, fa0, rtz
    EXPECT a0, -3
    fcvt.l.d a0, fa0, rdn
    EXPECT a0, -4
    fcvt.l.d a0, fa0, rup
    EXPECT a0, -3
    fcvt.l.d a0, fa0, rmm
    EXPECT a0, -4
    EXPECT_FLAGS 1
    CASE 2      /* 2.5: RNE to even, RMM away */
    LD_D fa0, 0x4004000000000000
    fcvt.w.d a0, fa0, rne
    EXPECT a0, 2
    fcvt.w.d a0, fa0, rmm
    EXPECT a0, 3
    LD_D fa0, 0xbfe0000000000000    /* -0.5 */
    fcvt.w.d a0, fa0, rmm
    EXPECT a0, -1
    fcvt.w.d a0, fa0, rne
    EXPECT a0, 0
    EXPECT_FLAGS 1
    CASE 3      /* an integral value converts exactly */
    LD_D fa0, 0xc0f86a0000000000    /* -100000 */
    fcvt.w.d a0, fa0
    EXPECT a0, -100000
    EXPECT_FLAGS 0
    CASE 4      /* W: saturation and NaN */
    LD_D fa0, 0x41e0000000000000    /* 2^31 */
    fcvt.w.d a0, fa0
    EXPECT a0, 0x7fffffff
    EXPECT_FLAGS 16
    LD_D fa0, 0xc1e0000000000000    /* -2^31: representable */
    fcvt.w.d a0, fa0
    EXPECT a0, 0xffffffff80000000
    EXPECT_FLAGS 0
    LD_D fa0, 0xc1e0000000200000    /* -2^31 - 1 */
    fcvt.w.d a0, fa0
    EXPECT a0, 0xffffffff80000000
    EXPECT_FLAGS 16
    LD_D fa0, 0xc1e00000001fffff    /* -2^31 - 0.99..: rounds to -2^31 toward zero */
    fcvt.w.d a0, fa0, rtz
    EXPECT a0, 0xffffffff80000000
    EXPECT_FLAGS 1
    fcvt.w.d a0, fa0, rdn
    EXPECT a0, 0xffffffff80000000
    EXPECT_FLAGS 16
    LD_D fa0, 0x7ff8000000000000
    fcvt.w.d a0, fa0
    EXPECT a0, 0x7fffffff
    EXPECT_FLAGS 16
    LD_D fa0, 0xfff0000000000000
    fcvt.w.d a0, fa0
    EXPECT a0, 0xffffffff80000000
    EXPECT_FLAGS 16
    LD_D fa0, 0xfff8000000000000    /* negative NaN: still the largest value */
    fcvt.w.d a0, fa0
    EXPECT a0, 0x7fffffff
    EXPECT_FLAGS 16
    CASE 5      /* WU: negative numbers, the top of the range, sign extension of the result */
    LD_D fa0, 0xbff0000000000000    /* -1 */
    fcvt.wu.d a0, fa0
    EXPECT a0, 0
    EXPECT_FLAGS 16
    LD_D fa0, 0xbfe8000000000000    /* -0.75 rounds to 0 toward zero: only inexact */
    fcvt.wu.d a0, fa0, rtz
    EXPECT a0, 0
    EXPECT_FLAGS 1
    fcvt.wu.d a0, fa0, rne
    EXPECT a0, 0
    EXPECT_FLAGS 16
    LD_D fa0, 0x41efffffffe00000    /* 2^32 - 1 */
    fcvt.wu.d a0, fa0
    EXPECT a0, 0xffffffffffffffff
    EXPECT_FLAGS 0
    LD_D fa0, 0x41dfffffffc00000    /* 2^31 - 1 */
    fcvt.wu.d a0, fa0
    EXPECT a0, 0x7fffffff
    LD_D fa0, 0x41e0000000000000    /* 2^31: bit 31 set, sign-extended */
    fcvt.wu.d a0, fa0
    EXPECT a0, 0xffffffff80000000
    EXPECT_FLAGS 0
    LD_D fa0, 0x41f0000000000000    /* 2^32 */
    fcvt.wu.d a0, fa0
    EXPECT a0, 0xffffffffffffffff
    EXPECT_FLAGS 16
    LD_D fa0, 0x7ff0000000000000
    fcvt.wu.d a0, fa0
    EXPECT a0, 0xffffffffffffffff
    EXPECT_FLAGS 16
    LD_D fa0, 0x8000000000000000    /* -0 */
    fcvt.wu.d a0, fa0
    EXPECT a0, 0
    EXPECT_FLAGS 0
    CASE 6      /* L and LU at the edges */
    LD_D fa0, 0x43e0000000000000    /* 2^63 */
    fcvt.l.d a0, fa0
    EXPECT a0, 0x7fffffffffffffff
    EXPECT_FLAGS 16
    fcvt.lu.d a0, fa0
    EXPECT a0, 0x8000000000000000
    EXPECT_FLAGS 0
    LD_D fa0, 0xc3e0000000000000    /* -2^63 */
    fcvt.l.d a0, fa0
    EXPECT a0, 0x8000000000000000
    EXPECT_FLAGS 0
    LD_D fa0, 0x43efffffffffffff    /* 2^64 - 2^11 */
    fcvt.lu.d a0, fa0
    EXPECT a0, 0xfffffffffffff800
    EXPECT_FLAGS 0
    LD_D fa0, 0x43f0000000000000    /* 2^64 */
    fcvt.lu.d a0, fa0
    EXPECT a0, 0xffffffffffffffff
    EXPECT_FLAGS 16
    LD_D fa0, 0xfff0000000000000
    fcvt.lu.d a0, fa0
    EXPECT a0, 0
    EXPECT_FLAGS 16
    LD_D fa0, 0x7ff4000000000000    /* sNaN */
    fcvt.l.d a0, fa0
    EXPECT a0, 0x7fffffffffffffff
    EXPECT_FLAGS 16
    CASE 7      /* single to integers */
    LD_S fa0, 0x4f000000            /* 2^31 */
    fcvt.w.s a0, fa0
    EXPECT a0, 0x7fffffff
    EXPECT_FLAGS 16
    fcvt.l.s a0, fa0
    EXPECT a0, 0x80000000
    EXPECT_FLAGS 0
    LD_S fa0, 0xbfc00000            /* -1.5 */
    fcvt.w.s a0, fa0, rne
    EXPECT a0, -2
    fcvt.w.s a0, fa0, rup
    EXPECT a0, -1
    EXPECT_FLAGS 1
    fcvt.lu.s a0, fa0, rup
    EXPECT a0, 0
    EXPECT_FLAGS 16
    LD_S fa0, 0x7fc00000
    fcvt.lu.s a0, fa0
    EXPECT a0, -1
    EXPECT_FLAGS 16
    LD_S fa0, 0x5f800000            /* 2^64 */
    fcvt.lu.s a0, fa0
    EXPECT a0, -1
    EXPECT_FLAGS 16
    CASE 8      /* integers to double: rounding of 2^53 + 1 */
    li a0, 0x20000000000001
    fcvt.d.l fa0, a0
    EXPECTD fa0, 0x4340000000000000
    EXPECT_FLAGS 1
    fcvt.d.l fa0, a0, rup
    EXPECTD fa0, 0x4340000000000001
    EXPECT_FLAGS 1
    li a0, -0x20000000000001
    fcvt.d.l fa0, a0, rdn
    EXPECTD fa0, 0xc340000000000001
    fcvt.d.l fa0, a0, rtz
    EXPECTD fa0, 0xc340000000000000
    EXPECT_FLAGS 1
    li a0, 0x7fffffffffffffff
    fcvt.d.l fa0, a0
    EXPECTD fa0, 0x43e0000000000000
    EXPECT_FLAGS 1
    fcvt.d.l fa0, a0, rtz
    EXPECTD fa0, 0x43dfffffffffffff
    EXPECT_FLAGS 1
    li a0, 0x8000000000000000
    fcvt.d.l fa0, a0
    EXPECTD fa0, 0xc3e0000000000000
    EXPECT_FLAGS 0
    CASE 9      /* unsigned 64-bit to double */
    li a0, -1
    fcvt.d.lu fa0, a0
    EXPECTD fa0, 0x43f0000000000000
    EXPECT_FLAGS 1
    fcvt.d.lu fa0, a0, rtz
    EXPECTD fa0, 0x43efffffffffffff
    EXPECT_FLAGS 1
    li a0, 0x8000000000000400        /* 2^63 + 2^10: a tie, to even */
    fcvt.d.lu fa0, a0
    EXPECTD fa0, 0x43e0000000000000
    EXPECT_FLAGS 1
    li a0, 0x8000000000000c00        /* 2^63 + 3 2^10: a tie, up to even */
    fcvt.d.lu fa0, a0
    EXPECTD fa0, 0x43e0000000000002
    EXPECT_FLAGS 1
    CASE 10     /* 32-bit sources use only the low word */
    li a0, 0x12345678fffffffe
    fcvt.d.w fa0, a0
    EXPECTD fa0, 0xc000000000000000
    fcvt.d.wu fa0, a0
    EXPECTD fa0, 0x41efffffffc00000
    EXPECT_FLAGS 0
    CASE 11     /* integers to single */
    li a0, 16777217
    fcvt.s.w fa0, a0
    EXPECTS fa0, 0x4b800000
    EXPECT_FLAGS 1
    fcvt.s.w fa0, a0, rup
    EXPECTS fa0, 0x4b800001
    EXPECT_FLAGS 1
    li a0, 0xffffffff
    fcvt.s.wu fa0, a0
    EXPECTS fa0, 0x4f800000
    EXPECT_FLAGS 1
    fcvt.s.wu fa0, a0, rdn
    EXPECTS fa0, 0x4f7fffff
    EXPECT_FLAGS 1
    li a0, -1
    fcvt.s.lu fa0, a0
    EXPECTS fa0, 0x5f800000
    EXPECT_FLAGS 1
    fcvt.s.l fa0, a0
    EXPECTS fa0, 0xbf800000
    EXPECT_FLAGS 0
    li a0, 0x7fffffffffffffff
    fcvt.s.l fa0, a0, rtz
    EXPECTS fa0, 0x5effffff
    EXPECT_FLAGS 1
    CASE 12     /* double to single: rounding, overflow, underflow, NaN */
    LD_D fa0, 0x3ff0000010000000    /* 1 + 2^-24: a tie */
    fcvt.s.d fa1, fa0
    EXPECTS fa1, 0x3f800000
    EXPECT_FLAGS 1
    fcvt.s.d fa1, fa0, rmm
    EXPECTS fa1, 0x3f800001
    EXPECT_FLAGS 1
    LD_D fa0, 0x7e37e43c8800759c    /* 1e300 */
    fcvt.s.d fa1, fa0
    EXPECTS fa1, 0x7f800000
    EXPECT_FLAGS 5
    fcvt.s.d fa1, fa0, rtz
    EXPECTS fa1, 0x7f7fffff
    EXPECT_FLAGS 5
    LD_D fa0, 0x3ff0000000000000
    fneg.d fa0, fa0
    fcvt.s.d fa1, fa0
    EXPECTS fa1, 0xbf800000
    EXPECT_FLAGS 0
    LD_D fa0, 0x35a0000000000000    /* 2^-165: below half the smallest subnormal */
    fcvt.s.d fa1, fa0
    EXPECTS fa1, 0
    EXPECT_FLAGS 3
    fcvt.s.d fa1, fa0, rup
    EXPECTS fa1, 1
    EXPECT_FLAGS 3
    LD_D fa0, 0x36a0000000000000    /* 2^-149: the smallest subnormal, exact */
    fcvt.s.d fa1, fa0
    EXPECTS fa1, 1
    EXPECT_FLAGS 0
    LD_D fa0, 0x7ff0000000000001    /* sNaN */
    fcvt.s.d fa1, fa0
    EXPECTS fa1, 0x7fc00000
    EXPECT_FLAGS 16
    LD_D fa0, 0xfff0000000000000
    fcvt.s.d fa1, fa0
    EXPECTS fa1, 0xff800000
    EXPECT_FLAGS 0
    CASE 13     /* single to double is exact */
    LD_S fa0, 0x00000001
    fcvt.d.s fa1, fa0
    EXPECTD fa1, 0x36a0000000000000
    LD_S fa0, 0xff7fffff
    fcvt.d.s fa1, fa0
    EXPECTD fa1, 0xc7efffffe0000000
    EXPECT_FLAGS 0
    CASE 14     /* fcvt.s.w x0 gives +0 and never a flag */
    fcvt.s.w fa0, zero, rdn
    EXPECTS fa0, 0
    fcvt.d.l fa0, zero, rdn
    EXPECTD fa0, 0
    EXPECT_FLAGS 0

    PASS
