/* RV64I: arithmetic, logic, shifts, comparisons, W operations, upper immediates,
   loads and stores of every width, branches and jumps. */
#include "test.h"

    START
    la s0, data

    CASE 1      /* add wraps modulo 2^64 */
    li a0, 0x7fffffffffffffff
    li a1, 1
    add a2, a0, a1
    EXPECT a2, 0x8000000000000000
    CASE 2
    li a0, -5
    li a1, 3
    sub a2, a1, a0
    EXPECT a2, 8
    CASE 3      /* addi sign-extends its 12-bit immediate */
    li a0, 0x1000
    addi a2, a0, -2048
    EXPECT a2, 0x800
    addi a2, a0, 2047
    EXPECT a2, 0x17ff
    CASE 4      /* logic with immediates */
    li a0, 0xf0f0f0f0f0f0f0f0
    xori a2, a0, -1
    EXPECT a2, 0x0f0f0f0f0f0f0f0f
    ori a2, a0, 0x0ff
    EXPECT a2, 0xf0f0f0f0f0f0f0ff
    andi a2, a0, -256
    EXPECT a2, 0xf0f0f0f0f0f0f000
    andi a2, a0, 0x7ff
    EXPECT a2, 0x0f0
    CASE 5      /* register logic */
    li a0, 0xff00ff00ff00ff00
    li a1, 0x0ff00ff00ff00ff0
    and a2, a0, a1
    EXPECT a2, 0x0f000f000f000f00
    or a2, a0, a1
    EXPECT a2, 0xfff0fff0fff0fff0
    xor a2, a0, a1
    EXPECT a2, 0xf0f0f0f0f0f0f0f0
    CASE 6      /* shifts by register use the low 6 bits */
    li a0, 0x8000000000000001
    li a1, 65
    sll a2, a0, a1
    EXPECT a2, 2
    srl a2, a0, a1
    EXPECT a2, 0x4000000000000000
    sra a2, a0, a1
    EXPECT a2, 0xc000000000000000
    li a1, 63
    sra a2, a0, a1
    EXPECT a2, -1
    srl a2, a0, a1
    EXPECT a2, 1
    li a1, -64          /* low 6 bits 0 */
    sll a2, a0, a1
    EXPECT a2, 0x8000000000000001
    CASE 7      /* shifts by immediate, 6-bit shamt */
    li a0, 0x8000000000000001
    slli a2, a0, 63
    EXPECT a2, 0x8000000000000000
    srli a2, a0, 63
    EXPECT a2, 1
    srai a2, a0, 32
    EXPECT a2, 0xffffffff80000000
    slli a2, a0, 0
    EXPECT a2, 0x8000000000000001
    CASE 8      /* signed and unsigned comparisons */
    li a0, -1
    li a1, 1
    slt a2, a0, a1
    EXPECT a2, 1
    sltu a2, a0, a1
    EXPECT a2, 0
    slt a2, a1, a0
    EXPECT a2, 0
    sltu a2, a1, a0
    EXPECT a2, 1
    slt a2, a0, a0
    EXPECT a2, 0
    CASE 9      /* slti/sltiu: the immediate is sign-extended, then compared */
    li a0, 5
    slti a2, a0, -1
    EXPECT a2, 0
    sltiu a2, a0, -1    /* 5 < 0xffff...ffff unsigned */
    EXPECT a2, 1
    sltiu a2, zero, 1   /* seqz */
    EXPECT a2, 1
    li a0, -2048
    slti a2, a0, -2047
    EXPECT a2, 1
    CASE 10     /* lui and auipc */
    lui a2, 0x80000
    EXPECT a2, 0xffffffff80000000
    lui a2, 0x7ffff
    EXPECT a2, 0x7ffff000
1:  auipc a2, 0
    la a3, 1b
    bne a2, a3, fail
2:  auipc a2, 0xfffff
    la a3, 2b
    sub a2, a3, a2
    EXPECT a2, 0x1000
    CASE 11     /* addiw, slliw, srliw, sraiw sign-extend bit 31 */
    li a0, 0x7fffffff
    addiw a2, a0, 1
    EXPECT a2, 0xffffffff80000000
    li a0, 0x1234567880000000
    addiw a2, a0, 0
    EXPECT a2, 0xffffffff80000000
    li a0, 0x00000000ffffffff
    addiw a2, a0, 1
    EXPECT a2, 0
    li a0, 0x12345678
    slliw a2, a0, 4
    EXPECT a2, 0x23456780
    slliw a2, a0, 31
    EXPECT a2, 0
    li a0, 0xffffffff80000000
    srliw a2, a0, 0
    EXPECT a2, 0xffffffff80000000
    srliw a2, a0, 1
    EXPECT a2, 0x40000000
    sraiw a2, a0, 31
    EXPECT a2, -1
    li a0, 0xaaaaaaaa7fffffff
    sraiw a2, a0, 4
    EXPECT a2, 0x07ffffff
    CASE 12     /* addw, subw and register W shifts (low 5 bits) */
    li a0, 0x80000000
    li a1, 0x80000000
    addw a2, a0, a1
    EXPECT a2, 0
    li a0, 0
    li a1, 1
    subw a2, a0, a1
    EXPECT a2, -1
    li a0, 0x100000000
    subw a2, a0, a1
    EXPECT a2, -1
    li a0, 1
    li a1, 33           /* low 5 bits: 1 */
    sllw a2, a0, a1
    EXPECT a2, 2
    li a0, 0xffffffff80000000
    srlw a2, a0, a1
    EXPECT a2, 0x40000000
    sraw a2, a0, a1
    EXPECT a2, 0xffffffffc0000000
    li a1, 31
    sllw a2, a0, zero
    EXPECT a2, 0xffffffff80000000
    li a0, 1
    sllw a2, a0, a1
    EXPECT a2, 0xffffffff80000000
    CASE 13     /* loads sign- and zero-extend */
    ld a2, 0(s0)
    EXPECT a2, 0x8182838485868788
    lb a2, 0(s0)
    EXPECT a2, 0xffffffffffffff88
    lbu a2, 0(s0)
    EXPECT a2, 0x88
    lh a2, 0(s0)
    EXPECT a2, 0xffffffffffff8788
    lhu a2, 0(s0)
    EXPECT a2, 0x8788
    lw a2, 0(s0)
    EXPECT a2, 0xffffffff85868788
    lwu a2, 0(s0)
    EXPECT a2, 0x85868788
    lw a2, 8(s0)
    EXPECT a2, 0x7f000001
    lb a2, 11(s0)
    EXPECT a2, 0x7f
    CASE 14     /* negative offsets */
    addi s1, s0, 16
    ld a2, -16(s1)
    EXPECT a2, 0x8182838485868788
    lbu a2, -13(s1)
    EXPECT a2, 0x85
    CASE 15     /* stores write exactly their width */
    la s1, scratch
    li a0, -1
    sd a0, 0(s1)
    sd a0, 8(s1)
    li a0, 0x1122334455667788
    sb a0, 0(s1)
    sh a0, 2(s1)
    sw a0, 4(s1)
    sd a0, 8(s1)
    ld a2, 0(s1)
    EXPECT a2, 0x556677887788ff88
    ld a2, 8(s1)
    EXPECT a2, 0x1122334455667788
    CASE 16     /* a load into x0 is still performed, and x0 stays 0 */
    lw zero, 0(s0)
    addi zero, zero, 5
    EXPECT zero, 0
    mv a2, zero
    EXPECT a2, 0
    CASE 17     /* branches: signed and unsigned, taken and not */
    li a0, -1
    li a1, 1
    blt a0, a1, 1f
    j fail
1:  bltu a0, a1, fail
    bge a0, a1, fail
    bgeu a0, a1, 2f
    j fail
2:  beq a0, a0, 3f
    j fail
3:  bne a0, a0, fail
    bge a0, a0, 4f
    j fail
4:  bgeu a1, a1, 5f
    j fail
5:  blt a0, a0, fail
    bltu a1, a1, fail
    CASE 18     /* a backward branch loops */
    li a0, 0
    li a1, 10
6:  addi a0, a0, 3
    addi a1, a1, -1
    bnez a1, 6b
    EXPECT a0, 30
    CASE 19     /* jal writes the return address; jalr clears bit 0 of the target */
    jal ra, 7f
8:  j 9f
7:  la a3, 8b
    bne ra, a3, fail
    jalr zero, 1(ra)    /* odd target: bit 0 ignored */
9:  la a0, 10f
    jalr t0, 0(a0)
11: j 12f
10: la a3, 11b
    bne t0, a3, fail
    jr t0
12: CASE 20     /* jalr with rd == rs1 reads the old value first */
    la a0, 13f
    jalr a0, 0(a0)
14: j 15f
13: la a3, 14b
    bne a0, a3, fail
    jr a0
15: CASE 21     /* jalr with a negative offset */
    la a0, 16f
    addi a0, a0, 8
    jalr ra, -8(a0)
    j 17f
16: ret
17: CASE 22     /* fence and fence.tso are harmless */
    fence
    fence rw, rw
    fence.tso
    fence.i

    PASS

    .data
    .balign 8
data:
    .dword 0x8182838485868788
    .dword 0x000000007f000001
scratch:
    .dword 0, 0
