/* The five rounding modes, static and dynamic (frm), on exact ties, near ties and
   both signs, for add, sub, mul, div, sqrt and fma in both formats; and frm/fcsr.
   Expected values come from exact rational arithmetic;
   the values were checked against qemu-riscv64. */
#include "test.h"

    START
    fsflags x0
    CASE 1     /* 1 + 2^-53: a tie below an even number */
    LD_D fa0, 0x3ff0000000000000
    LD_D fa1, 0x3ca0000000000000
    fadd.d fa2, fa0, fa1, rne
    EXPECTD fa2, 0x3ff0000000000000
    EXPECT_FLAGS 1
    fadd.d fa2, fa0, fa1, rtz
    EXPECTD fa2, 0x3ff0000000000000
    EXPECT_FLAGS 1
    fadd.d fa2, fa0, fa1, rdn
    EXPECTD fa2, 0x3ff0000000000000
    EXPECT_FLAGS 1
    fadd.d fa2, fa0, fa1, rup
    EXPECTD fa2, 0x3ff0000000000001
    EXPECT_FLAGS 1
    fadd.d fa2, fa0, fa1, rmm
    EXPECTD fa2, 0x3ff0000000000001
    EXPECT_FLAGS 1
    CASE 2     /* -1 - 2^-53: the tie with a negative sign */
    LD_D fa0, 0xbff0000000000000
    LD_D fa1, 0xbca0000000000000
    fadd.d fa2, fa0, fa1, rne
    EXPECTD fa2, 0xbff0000000000000
    EXPECT_FLAGS 1
    fadd.d fa2, fa0, fa1, rtz
    EXPECTD fa2, 0xbff0000000000000
    EXPECT_FLAGS 1
    fadd.d fa2, fa0, fa1, rdn
    EXPECTD fa2, 0xbff0000000000001
    EXPECT_FLAGS 1
    fadd.d fa2, fa0, fa1, rup
    EXPECTD fa2, 0xbff0000000000000
    EXPECT_FLAGS 1
    fadd.d fa2, fa0, fa1, rmm
    EXPECTD fa2, 0xbff0000000000001
    EXPECT_FLAGS 1
    CASE 3     /* (1 + 2^-52) + 2^-53: a tie below an odd number */
    LD_D fa0, 0x3ff0000000000001
    LD_D fa1, 0x3ca0000000000000
    fadd.d fa2, fa0, fa1, rne
    EXPECTD fa2, 0x3ff0000000000002
    EXPECT_FLAGS 1
    fadd.d fa2, fa0, fa1, rtz
    EXPECTD fa2, 0x3ff0000000000001
    EXPECT_FLAGS 1
    fadd.d fa2, fa0, fa1, rdn
    EXPECTD fa2, 0x3ff0000000000001
    EXPECT_FLAGS 1
    fadd.d fa2, fa0, fa1, rup
    EXPECTD fa2, 0x3ff0000000000002
    EXPECT_FLAGS 1
    fadd.d fa2, fa0, fa1, rmm
    EXPECTD fa2, 0x3ff0000000000002
    EXPECT_FLAGS 1
    CASE 4     /* 1 + 0.75 ulp */
    LD_D fa0, 0x3ff0000000000000
    LD_D fa1, 0x3ca8000000000000
    fadd.d fa2, fa0, fa1, rne
    EXPECTD fa2, 0x3ff0000000000001
    EXPECT_FLAGS 1
    fadd.d fa2, fa0, fa1, rtz
    EXPECTD fa2, 0x3ff0000000000000
    EXPECT_FLAGS 1
    fadd.d fa2, fa0, fa1, rdn
    EXPECTD fa2, 0x3ff0000000000000
    EXPECT_FLAGS 1
    fadd.d fa2, fa0, fa1, rup
    EXPECTD fa2, 0x3ff0000000000001
    EXPECT_FLAGS 1
    fadd.d fa2, fa0, fa1, rmm
    EXPECTD fa2, 0x3ff0000000000001
    EXPECT_FLAGS 1
    CASE 5     /* 1 + 0.25 ulp */
    LD_D fa0, 0x3ff0000000000000
    LD_D fa1, 0x3c90000000000000
    fadd.d fa2, fa0, fa1, rne
    EXPECTD fa2, 0x3ff0000000000000
    EXPECT_FLAGS 1
    fadd.d fa2, fa0, fa1, rtz
    EXPECTD fa2, 0x3ff0000000000000
    EXPECT_FLAGS 1
    fadd.d fa2, fa0, fa1, rdn
    EXPECTD fa2, 0x3ff0000000000000
    EXPECT_FLAGS 1
    fadd.d fa2, fa0, fa1, rup
    EXPECTD fa2, 0x3ff0000000000001
    EXPECT_FLAGS 1
    fadd.d fa2, fa0, fa1, rmm
    EXPECTD fa2, 0x3ff0000000000000
    EXPECT_FLAGS 1
    CASE 6     /* 1 - 2^-54: a tie just below 1, where the ulp halves */
    LD_D fa0, 0x3ff0000000000000
    LD_D fa1, 0x3c90000000000000
    fsub.d fa2, fa0, fa1, rne
    EXPECTD fa2, 0x3ff0000000000000
    EXPECT_FLAGS 1
    fsub.d fa2, fa0, fa1, rtz
    EXPECTD fa2, 0x3fefffffffffffff
    EXPECT_FLAGS 1
    fsub.d fa2, fa0, fa1, rdn
    EXPECTD fa2, 0x3fefffffffffffff
    EXPECT_FLAGS 1
    fsub.d fa2, fa0, fa1, rup
    EXPECTD fa2, 0x3ff0000000000000
    EXPECT_FLAGS 1
    fsub.d fa2, fa0, fa1, rmm
    EXPECTD fa2, 0x3ff0000000000000
    EXPECT_FLAGS 1
    CASE 7     /* (1 + 2^-52)^2 */
    LD_D fa0, 0x3ff0000000000001
    LD_D fa1, 0x3ff0000000000001
    fmul.d fa2, fa0, fa1, rne
    EXPECTD fa2, 0x3ff0000000000002
    EXPECT_FLAGS 1
    fmul.d fa2, fa0, fa1, rtz
    EXPECTD fa2, 0x3ff0000000000002
    EXPECT_FLAGS 1
    fmul.d fa2, fa0, fa1, rdn
    EXPECTD fa2, 0x3ff0000000000002
    EXPECT_FLAGS 1
    fmul.d fa2, fa0, fa1, rup
    EXPECTD fa2, 0x3ff0000000000003
    EXPECT_FLAGS 1
    fmul.d fa2, fa0, fa1, rmm
    EXPECTD fa2, 0x3ff0000000000002
    EXPECT_FLAGS 1
    CASE 8     /* -(1 + 2^-52)^2 */
    LD_D fa0, 0xbff0000000000001
    LD_D fa1, 0x3ff0000000000001
    fmul.d fa2, fa0, fa1, rne
    EXPECTD fa2, 0xbff0000000000002
    EXPECT_FLAGS 1
    fmul.d fa2, fa0, fa1, rtz
    EXPECTD fa2, 0xbff0000000000002
    EXPECT_FLAGS 1
    fmul.d fa2, fa0, fa1, rdn
    EXPECTD fa2, 0xbff0000000000003
    EXPECT_FLAGS 1
    fmul.d fa2, fa0, fa1, rup
    EXPECTD fa2, 0xbff0000000000002
    EXPECT_FLAGS 1
    fmul.d fa2, fa0, fa1, rmm
    EXPECTD fa2, 0xbff0000000000002
    EXPECT_FLAGS 1
    CASE 9     /* 1/3 */
    LD_D fa0, 0x3ff0000000000000
    LD_D fa1, 0x4008000000000000
    fdiv.d fa2, fa0, fa1, rne
    EXPECTD fa2, 0x3fd5555555555555
    EXPECT_FLAGS 1
    fdiv.d fa2, fa0, fa1, rtz
    EXPECTD fa2, 0x3fd5555555555555
    EXPECT_FLAGS 1
    fdiv.d fa2, fa0, fa1, rdn
    EXPECTD fa2, 0x3fd5555555555555
    EXPECT_FLAGS 1
    fdiv.d fa2, fa0, fa1, rup
    EXPECTD fa2, 0x3fd5555555555556
    EXPECT_FLAGS 1
    fdiv.d fa2, fa0, fa1, rmm
    EXPECTD fa2, 0x3fd5555555555555
    EXPECT_FLAGS 1
    CASE 10     /* -1/3 */
    LD_D fa0, 0xbff0000000000000
    LD_D fa1, 0x4008000000000000
    fdiv.d fa2, fa0, fa1, rne
    EXPECTD fa2, 0xbfd5555555555555
    EXPECT_FLAGS 1
    fdiv.d fa2, fa0, fa1, rtz
    EXPECTD fa2, 0xbfd5555555555555
    EXPECT_FLAGS 1
    fdiv.d fa2, fa0, fa1, rdn
    EXPECTD fa2, 0xbfd5555555555556
    EXPECT_FLAGS 1
    fdiv.d fa2, fa0, fa1, rup
    EXPECTD fa2, 0xbfd5555555555555
    EXPECT_FLAGS 1
    fdiv.d fa2, fa0, fa1, rmm
    EXPECTD fa2, 0xbfd5555555555555
    EXPECT_FLAGS 1
    CASE 11     /* 2/3 */
    LD_D fa0, 0x4000000000000000
    LD_D fa1, 0x4008000000000000
    fdiv.d fa2, fa0, fa1, rne
    EXPECTD fa2, 0x3fe5555555555555
    EXPECT_FLAGS 1
    fdiv.d fa2, fa0, fa1, rtz
    EXPECTD fa2, 0x3fe5555555555555
    EXPECT_FLAGS 1
    fdiv.d fa2, fa0, fa1, rdn
    EXPECTD fa2, 0x3fe5555555555555
    EXPECT_FLAGS 1
    fdiv.d fa2, fa0, fa1, rup
    EXPECTD fa2, 0x3fe5555555555556
    EXPECT_FLAGS 1
    fdiv.d fa2, fa0, fa1, rmm
    EXPECTD fa2, 0x3fe5555555555555
    EXPECT_FLAGS 1
    CASE 12     /* (1 + 2^-52)^2 - 1, exact */
    LD_D fa0, 0x3ff0000000000001
    LD_D fa1, 0x3ff0000000000001
    LD_D fa3, 0xbff0000000000000
    fmadd.d fa2, fa0, fa1, fa3, rne
    EXPECTD fa2, 0x3cc0000000000000
    EXPECT_FLAGS 1
    fmadd.d fa2, fa0, fa1, fa3, rtz
    EXPECTD fa2, 0x3cc0000000000000
    EXPECT_FLAGS 1
    fmadd.d fa2, fa0, fa1, fa3, rdn
    EXPECTD fa2, 0x3cc0000000000000
    EXPECT_FLAGS 1
    fmadd.d fa2, fa0, fa1, fa3, rup
    EXPECTD fa2, 0x3cc0000000000001
    EXPECT_FLAGS 1
    fmadd.d fa2, fa0, fa1, fa3, rmm
    EXPECTD fa2, 0x3cc0000000000001
    EXPECT_FLAGS 1
    CASE 13     /* fma: (1+2^-52)(1-2^-53) + 2^-53 */
    LD_D fa0, 0x3ff0000000000001
    LD_D fa1, 0x3fefffffffffffff
    LD_D fa3, 0x3ca0000000000000
    fmadd.d fa2, fa0, fa1, fa3, rne
    EXPECTD fa2, 0x3ff0000000000001
    EXPECT_FLAGS 1
    fmadd.d fa2, fa0, fa1, fa3, rtz
    EXPECTD fa2, 0x3ff0000000000000
    EXPECT_FLAGS 1
    fmadd.d fa2, fa0, fa1, fa3, rdn
    EXPECTD fa2, 0x3ff0000000000000
    EXPECT_FLAGS 1
    fmadd.d fa2, fa0, fa1, fa3, rup
    EXPECTD fa2, 0x3ff0000000000001
    EXPECT_FLAGS 1
    fmadd.d fa2, fa0, fa1, fa3, rmm
    EXPECTD fa2, 0x3ff0000000000001
    EXPECT_FLAGS 1
    CASE 14     /* fnmsub: 4 - (1+2^-52)^2 */
    LD_D fa0, 0x3ff0000000000001
    LD_D fa1, 0x3ff0000000000001
    LD_D fa3, 0x4010000000000000
    fnmsub.d fa2, fa0, fa1, fa3, rne
    EXPECTD fa2, 0x4007ffffffffffff
    EXPECT_FLAGS 1
    fnmsub.d fa2, fa0, fa1, fa3, rtz
    EXPECTD fa2, 0x4007fffffffffffe
    EXPECT_FLAGS 1
    fnmsub.d fa2, fa0, fa1, fa3, rdn
    EXPECTD fa2, 0x4007fffffffffffe
    EXPECT_FLAGS 1
    fnmsub.d fa2, fa0, fa1, fa3, rup
    EXPECTD fa2, 0x4007ffffffffffff
    EXPECT_FLAGS 1
    fnmsub.d fa2, fa0, fa1, fa3, rmm
    EXPECTD fa2, 0x4007ffffffffffff
    EXPECT_FLAGS 1
    CASE 15     /* 1 + 2^-24 in single */
    LD_S fa0, 0x3f800000
    LD_S fa1, 0x33800000
    fadd.s fa2, fa0, fa1, rne
    EXPECTS fa2, 0x3f800000
    EXPECT_FLAGS 1
    fadd.s fa2, fa0, fa1, rtz
    EXPECTS fa2, 0x3f800000
    EXPECT_FLAGS 1
    fadd.s fa2, fa0, fa1, rdn
    EXPECTS fa2, 0x3f800000
    EXPECT_FLAGS 1
    fadd.s fa2, fa0, fa1, rup
    EXPECTS fa2, 0x3f800001
    EXPECT_FLAGS 1
    fadd.s fa2, fa0, fa1, rmm
    EXPECTS fa2, 0x3f800001
    EXPECT_FLAGS 1
    CASE 16     /* -1 - 2^-24 in single */
    LD_S fa0, 0xbf800000
    LD_S fa1, 0xb3800000
    fadd.s fa2, fa0, fa1, rne
    EXPECTS fa2, 0xbf800000
    EXPECT_FLAGS 1
    fadd.s fa2, fa0, fa1, rtz
    EXPECTS fa2, 0xbf800000
    EXPECT_FLAGS 1
    fadd.s fa2, fa0, fa1, rdn
    EXPECTS fa2, 0xbf800001
    EXPECT_FLAGS 1
    fadd.s fa2, fa0, fa1, rup
    EXPECTS fa2, 0xbf800000
    EXPECT_FLAGS 1
    fadd.s fa2, fa0, fa1, rmm
    EXPECTS fa2, 0xbf800001
    EXPECT_FLAGS 1
    CASE 17     /* (1 + 2^-23) + 2^-24 in single */
    LD_S fa0, 0x3f800001
    LD_S fa1, 0x33800000
    fadd.s fa2, fa0, fa1, rne
    EXPECTS fa2, 0x3f800002
    EXPECT_FLAGS 1
    fadd.s fa2, fa0, fa1, rtz
    EXPECTS fa2, 0x3f800001
    EXPECT_FLAGS 1
    fadd.s fa2, fa0, fa1, rdn
    EXPECTS fa2, 0x3f800001
    EXPECT_FLAGS 1
    fadd.s fa2, fa0, fa1, rup
    EXPECTS fa2, 0x3f800002
    EXPECT_FLAGS 1
    fadd.s fa2, fa0, fa1, rmm
    EXPECTS fa2, 0x3f800002
    EXPECT_FLAGS 1
    CASE 18     /* 1 - 2^-26 in single */
    LD_S fa0, 0x3f800000
    LD_S fa1, 0x32800000
    fsub.s fa2, fa0, fa1, rne
    EXPECTS fa2, 0x3f800000
    EXPECT_FLAGS 1
    fsub.s fa2, fa0, fa1, rtz
    EXPECTS fa2, 0x3f7fffff
    EXPECT_FLAGS 1
    fsub.s fa2, fa0, fa1, rdn
    EXPECTS fa2, 0x3f7fffff
    EXPECT_FLAGS 1
    fsub.s fa2, fa0, fa1, rup
    EXPECTS fa2, 0x3f800000
    EXPECT_FLAGS 1
    fsub.s fa2, fa0, fa1, rmm
    EXPECTS fa2, 0x3f800000
    EXPECT_FLAGS 1
    CASE 19     /* (1 + 2^-23)^2 in single */
    LD_S fa0, 0x3f800001
    LD_S fa1, 0x3f800001
    fmul.s fa2, fa0, fa1, rne
    EXPECTS fa2, 0x3f800002
    EXPECT_FLAGS 1
    fmul.s fa2, fa0, fa1, rtz
    EXPECTS fa2, 0x3f800002
    EXPECT_FLAGS 1
    fmul.s fa2, fa0, fa1, rdn
    EXPECTS fa2, 0x3f800002
    EXPECT_FLAGS 1
    fmul.s fa2, fa0, fa1, rup
    EXPECTS fa2, 0x3f800003
    EXPECT_FLAGS 1
    fmul.s fa2, fa0, fa1, rmm
    EXPECTS fa2, 0x3f800002
    EXPECT_FLAGS 1
    CASE 20     /* 1/3 in single */
    LD_S fa0, 0x3f800000
    LD_S fa1, 0x40400000
    fdiv.s fa2, fa0, fa1, rne
    EXPECTS fa2, 0x3eaaaaab
    EXPECT_FLAGS 1
    fdiv.s fa2, fa0, fa1, rtz
    EXPECTS fa2, 0x3eaaaaaa
    EXPECT_FLAGS 1
    fdiv.s fa2, fa0, fa1, rdn
    EXPECTS fa2, 0x3eaaaaaa
    EXPECT_FLAGS 1
    fdiv.s fa2, fa0, fa1, rup
    EXPECTS fa2, 0x3eaaaaab
    EXPECT_FLAGS 1
    fdiv.s fa2, fa0, fa1, rmm
    EXPECTS fa2, 0x3eaaaaab
    EXPECT_FLAGS 1
    CASE 21     /* -1/3 in single */
    LD_S fa0, 0xbf800000
    LD_S fa1, 0x40400000
    fdiv.s fa2, fa0, fa1, rne
    EXPECTS fa2, 0xbeaaaaab
    EXPECT_FLAGS 1
    fdiv.s fa2, fa0, fa1, rtz
    EXPECTS fa2, 0xbeaaaaaa
    EXPECT_FLAGS 1
    fdiv.s fa2, fa0, fa1, rdn
    EXPECTS fa2, 0xbeaaaaab
    EXPECT_FLAGS 1
    fdiv.s fa2, fa0, fa1, rup
    EXPECTS fa2, 0xbeaaaaaa
    EXPECT_FLAGS 1
    fdiv.s fa2, fa0, fa1, rmm
    EXPECTS fa2, 0xbeaaaaab
    EXPECT_FLAGS 1
    CASE 22     /* (1 + 2^-23)^2 - 1 in single */
    LD_S fa0, 0x3f800001
    LD_S fa1, 0x3f800001
    LD_S fa3, 0xbf800000
    fmadd.s fa2, fa0, fa1, fa3, rne
    EXPECTS fa2, 0x34800000
    EXPECT_FLAGS 1
    fmadd.s fa2, fa0, fa1, fa3, rtz
    EXPECTS fa2, 0x34800000
    EXPECT_FLAGS 1
    fmadd.s fa2, fa0, fa1, fa3, rdn
    EXPECTS fa2, 0x34800000
    EXPECT_FLAGS 1
    fmadd.s fa2, fa0, fa1, fa3, rup
    EXPECTS fa2, 0x34800001
    EXPECT_FLAGS 1
    fmadd.s fa2, fa0, fa1, fa3, rmm
    EXPECTS fa2, 0x34800001
    EXPECT_FLAGS 1
    CASE 23     /* fmsub in single */
    LD_S fa0, 0x3f800001
    LD_S fa1, 0x3f7fffff
    LD_S fa3, 0xb3800000
    fmsub.s fa2, fa0, fa1, fa3, rne
    EXPECTS fa2, 0x3f800001
    EXPECT_FLAGS 1
    fmsub.s fa2, fa0, fa1, fa3, rtz
    EXPECTS fa2, 0x3f800000
    EXPECT_FLAGS 1
    fmsub.s fa2, fa0, fa1, fa3, rdn
    EXPECTS fa2, 0x3f800000
    EXPECT_FLAGS 1
    fmsub.s fa2, fa0, fa1, fa3, rup
    EXPECTS fa2, 0x3f800001
    EXPECT_FLAGS 1
    fmsub.s fa2, fa0, fa1, fa3, rmm
    EXPECTS fa2, 0x3f800001
    EXPECT_FLAGS 1
    CASE 24     /* sqrt(2) */
    LD_D fa0, 0x4000000000000000
    fsqrt.d fa2, fa0, rne
    EXPECTD fa2, 0x3ff6a09e667f3bcd
    EXPECT_FLAGS 1
    fsqrt.d fa2, fa0, rtz
    EXPECTD fa2, 0x3ff6a09e667f3bcc
    EXPECT_FLAGS 1
    fsqrt.d fa2, fa0, rdn
    EXPECTD fa2, 0x3ff6a09e667f3bcc
    EXPECT_FLAGS 1
    fsqrt.d fa2, fa0, rup
    EXPECTD fa2, 0x3ff6a09e667f3bcd
    EXPECT_FLAGS 1
    fsqrt.d fa2, fa0, rmm
    EXPECTD fa2, 0x3ff6a09e667f3bcd
    EXPECT_FLAGS 1
    CASE 25     /* sqrt(3) */
    LD_D fa0, 0x4008000000000000
    fsqrt.d fa2, fa0, rne
    EXPECTD fa2, 0x3ffbb67ae8584caa
    EXPECT_FLAGS 1
    fsqrt.d fa2, fa0, rtz
    EXPECTD fa2, 0x3ffbb67ae8584caa
    EXPECT_FLAGS 1
    fsqrt.d fa2, fa0, rdn
    EXPECTD fa2, 0x3ffbb67ae8584caa
    EXPECT_FLAGS 1
    fsqrt.d fa2, fa0, rup
    EXPECTD fa2, 0x3ffbb67ae8584cab
    EXPECT_FLAGS 1
    fsqrt.d fa2, fa0, rmm
    EXPECTD fa2, 0x3ffbb67ae8584caa
    EXPECT_FLAGS 1
    CASE 26     /* sqrt(2) in single */
    LD_S fa0, 0x40000000
    fsqrt.s fa2, fa0, rne
    EXPECTS fa2, 0x3fb504f3
    EXPECT_FLAGS 1
    fsqrt.s fa2, fa0, rtz
    EXPECTS fa2, 0x3fb504f3
    EXPECT_FLAGS 1
    fsqrt.s fa2, fa0, rdn
    EXPECTS fa2, 0x3fb504f3
    EXPECT_FLAGS 1
    fsqrt.s fa2, fa0, rup
    EXPECTS fa2, 0x3fb504f4
    EXPECT_FLAGS 1
    fsqrt.s fa2, fa0, rmm
    EXPECTS fa2, 0x3fb504f3
    EXPECT_FLAGS 1
    CASE 27     /* sqrt(5) in single */
    LD_S fa0, 0x40a00000
    fsqrt.s fa2, fa0, rne
    EXPECTS fa2, 0x400f1bbd
    EXPECT_FLAGS 1
    fsqrt.s fa2, fa0, rtz
    EXPECTS fa2, 0x400f1bbc
    EXPECT_FLAGS 1
    fsqrt.s fa2, fa0, rdn
    EXPECTS fa2, 0x400f1bbc
    EXPECT_FLAGS 1
    fsqrt.s fa2, fa0, rup
    EXPECTS fa2, 0x400f1bbd
    EXPECT_FLAGS 1
    fsqrt.s fa2, fa0, rmm
    EXPECTS fa2, 0x400f1bbd
    EXPECT_FLAGS 1
    CASE 28     /* dynamic rounding mode from frm, and fsrm returning the old mode */
    LD_D fa0, 0x3ff0000000000000
    LD_D fa1, 0x3ca0000000000000
    li a0, 0
    fsrm a1, a0
    EXPECT a1, 0
    fadd.d fa2, fa0, fa1
    EXPECTD fa2, 0x3ff0000000000000
    EXPECT_FLAGS 1
    li a0, 1
    fsrm a1, a0
    EXPECT a1, 0
    fadd.d fa2, fa0, fa1
    EXPECTD fa2, 0x3ff0000000000000
    EXPECT_FLAGS 1
    li a0, 2
    fsrm a1, a0
    EXPECT a1, 1
    fadd.d fa2, fa0, fa1
    EXPECTD fa2, 0x3ff0000000000000
    EXPECT_FLAGS 1
    li a0, 3
    fsrm a1, a0
    EXPECT a1, 2
    fadd.d fa2, fa0, fa1
    EXPECTD fa2, 0x3ff0000000000001
    EXPECT_FLAGS 1
    li a0, 4
    fsrm a1, a0
    EXPECT a1, 3
    fadd.d fa2, fa0, fa1
    EXPECTD fa2, 0x3ff0000000000001
    EXPECT_FLAGS 1
    fsrm zero
    CASE 29     /* fcsr holds frm in bits 7:5 and fflags in 4:0; writes keep 8 bits */
    li a0, 0xffff
    fscsr a1, a0
    frcsr a2
    EXPECT a2, 0xff
    frrm a2
    EXPECT a2, 7
    frflags a2
    EXPECT a2, 0x1f
    li a0, 0x25
    fsflags a0
    frcsr a2
    EXPECT a2, 0xe5
    li a0, 0x2a
    fsrm a0
    frcsr a2
    EXPECT a2, 0x45
    csrrci a2, fflags, 0x4
    EXPECT a2, 0x5
    frflags a2
    EXPECT a2, 0x1
    csrrsi a2, fflags, 0x10
    frflags a2
    EXPECT a2, 0x11
    csrrwi a2, frm, 4
    EXPECT a2, 2
    frrm a2
    EXPECT a2, 4
    fscsr zero
    frcsr a2
    EXPECT a2, 0
    CASE 30     /* flags raised under every mode are the same kind */
    li a0, 3
    fsrm a0
    LD_D fa0, 0x7fefffffffffffff
    fadd.d fa2, fa0, fa0
    EXPECTD fa2, 0x7ff0000000000000
    EXPECT_FLAGS 5
    fsrm zero

    PASS
