/* A extension: LR/SC success and every failure rule, and every AMO in both widths with
   the value returned, the value stored, rd = x0 and sign extension of W results. */
#include "test.h"

    START
    la s0, mem
    CASE 1      /* lr/sc succeeds: sc writes 0, memory changes */
    li a0, 5
    sd a0, 0(s0)
    lr.d a1, (s0)
    EXPECT a1, 5
    li a2, 9
    sc.d a3, a2, (s0)
    EXPECT a3, 0
    ld a4, 0(s0)
    EXPECT a4, 9
    CASE 2      /* a second sc fails: the reservation went with the first */
    li a2, 11
    sc.d a3, a2, (s0)
    EXPECT a3, 1
    ld a4, 0(s0)
    EXPECT a4, 9
    CASE 3      /* sc without lr fails */
    li a2, 13
    sc.w a3, a2, (s0)
    bnez a3, 1f
    j fail
1:  ld a4, 0(s0)
    EXPECT a4, 9
    CASE 4      /* sc to another address than the lr fails */
    lr.d a1, (s0)
    li a2, 15
    addi s1, s0, 64
    sc.d a3, a2, (s1)
    beqz a3, fail
    CASE 5      /* a store of this hart to the reserved location makes sc fail */
    lr.w a1, (s0)
    li a2, 77
    sw a2, 0(s0)
    li a2, 17
    sc.w a3, a2, (s0)
    beqz a3, fail
    lw a4, 0(s0)
    EXPECT a4, 77
    CASE 6      /* lr.w sign-extends; sc.w stores 32 bits */
    li a0, 0xffffffff80000001
    sd a0, 8(s0)
    addi s1, s0, 8
    lr.w a1, (s1)
    EXPECT a1, 0xffffffff80000001
    li a2, 0x1122334455667788
    sc.w a3, a2, (s1)
    EXPECT a3, 0
    ld a4, 8(s0)
    EXPECT a4, 0xffffffff55667788
    CASE 7      /* a retry loop, as compilers emit for compare-and-swap */
    li a0, 100
    sd a0, 16(s0)
    addi s1, s0, 16
    li t0, 10
2:  lr.d.aq a1, (s1)
    addi a1, a1, 1
    sc.d.rl a3, a1, (s1)
    bnez a3, 2b
    addi t0, t0, -1
    bnez t0, 2b
    ld a4, 16(s0)
    EXPECT a4, 110

    /* The AMOs, on a doubleword at 32(s0) and a word at 40(s0). */
    addi s1, s0, 32
    addi s2, s0, 40
    CASE 10     /* amoswap */
    li a0, 0x1111111111111111
    sd a0, 0(s1)
    li a1, 0x2222222222222222
    amoswap.d a2, a1, (s1)
    EXPECT a2, 0x1111111111111111
    ld a3, 0(s1)
    EXPECT a3, 0x2222222222222222
    li a0, 0x80000000
    sw a0, 0(s2)
    li a1, 0x7fffffff
    amoswap.w a2, a1, (s2)
    EXPECT a2, 0xffffffff80000000
    lw a3, 0(s2)
    EXPECT a3, 0x7fffffff
    CASE 11     /* amoadd wraps; W adds 32 bits */
    li a0, -1
    sd a0, 0(s1)
    li a1, 2
    amoadd.d a2, a1, (s1)
    EXPECT a2, -1
    ld a3, 0(s1)
    EXPECT a3, 1
    li a0, 0x7fffffff
    sw a0, 0(s2)
    li a1, 0x100000001
    amoadd.w a2, a1, (s2)
    EXPECT a2, 0x7fffffff
    lw a3, 0(s2)
    EXPECT a3, 0xffffffff80000000
    CASE 12     /* amoxor, amoand, amoor */
    li a0, 0xff00ff00ff00ff00
    sd a0, 0(s1)
    li a1, 0x0ff00ff00ff00ff0
    amoxor.d a2, a1, (s1)
    EXPECT a2, 0xff00ff00ff00ff00
    ld a3, 0(s1)
    EXPECT a3, 0xf0f0f0f0f0f0f0f0
    amoand.d a2, a1, (s1)
    ld a3, 0(s1)
    EXPECT a3, 0x00f000f000f000f0
    amoor.d a2, a1, (s1)
    EXPECT a2, 0x00f000f000f000f0
    ld a3, 0(s1)
    EXPECT a3, 0x0ff00ff00ff00ff0
    li a0, 0xf0f0f0f0
    sw a0, 0(s2)
    li a1, 0xff
    amoxor.w a2, a1, (s2)
    EXPECT a2, 0xfffffffff0f0f0f0
    lw a3, 0(s2)
    EXPECT a3, 0xfffffffff0f0f00f
    amoand.w a2, a1, (s2)
    lw a3, 0(s2)
    EXPECT a3, 0x0f
    li a1, 0x80000000
    amoor.w a2, a1, (s2)
    EXPECT a2, 0x0f
    lw a3, 0(s2)
    EXPECT a3, 0xffffffff8000000f
    CASE 13     /* amomin/amomax signed, amominu/amomaxu unsigned, 64-bit */
    li a0, -5
    sd a0, 0(s1)
    li a1, 3
    amomin.d a2, a1, (s1)
    EXPECT a2, -5
    ld a3, 0(s1)
    EXPECT a3, -5
    amomax.d a2, a1, (s1)
    ld a3, 0(s1)
    EXPECT a3, 3
    li a1, -5
    amominu.d a2, a1, (s1)
    ld a3, 0(s1)
    EXPECT a3, 3
    amomaxu.d a2, a1, (s1)
    EXPECT a2, 3
    ld a3, 0(s1)
    EXPECT a3, -5
    CASE 14     /* the W forms compare 32-bit values; the upper half of rs2 is ignored */
    li a0, 0x80000000
    sw a0, 0(s2)
    li a1, 0xffffffff00000001
    amomin.w a2, a1, (s2)
    EXPECT a2, 0xffffffff80000000
    lw a3, 0(s2)
    EXPECT a3, 0xffffffff80000000
    amomax.w a2, a1, (s2)
    lw a3, 0(s2)
    EXPECT a3, 1
    li a1, 0x00000000ffffffff
    amominu.w a2, a1, (s2)
    lw a3, 0(s2)
    EXPECT a3, 1
    amomaxu.w a2, a1, (s2)
    EXPECT a2, 1
    lw a3, 0(s2)
    EXPECT a3, -1
    li a1, 0x7fffffff
    amomin.w a2, a1, (s2)
    EXPECT a2, -1
    lw a3, 0(s2)
    EXPECT a3, -1
    CASE 15     /* a W amo leaves the neighbouring word alone */
    li a0, 0x1234567800000000
    sd a0, 0(s1)
    li a1, 1
    amoadd.w a2, a1, (s1)
    ld a3, 0(s1)
    EXPECT a3, 0x1234567800000001
    CASE 16     /* rd = x0 still performs the operation */
    li a0, 40
    sd a0, 0(s1)
    li a1, 2
    amoadd.d zero, a1, (s1)
    ld a3, 0(s1)
    EXPECT a3, 42
    EXPECT zero, 0
    CASE 17     /* rd = rs2: the old value wins */
    li a0, 7
    sd a0, 0(s1)
    li a1, 8
    amoswap.d a1, a1, (s1)
    EXPECT a1, 7
    ld a3, 0(s1)
    EXPECT a3, 8
    CASE 18     /* an AMO on the reserved doubleword makes sc fail (it changes the value,
                   so a reference that compares values fails the sc too) */
    lr.d a1, (s1)
    li t0, 1
    amoadd.d zero, t0, (s1)
    sc.d a3, a1, (s1)
    beqz a3, fail

    PASS

    .data
    .balign 64
mem:
    .fill 128, 1, 0
