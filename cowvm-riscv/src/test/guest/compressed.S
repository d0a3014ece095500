/* C extension: every RV64C encoding with its immediates at their extremes, the HINT
   encodings (which must do nothing), and branches and jumps over their full range. */
#include "test.h"

    START
    .option push
    .option rvc
    la sp, stack_top
    CASE 1      /* c.addi4spn: rd' = sp + nzuimm, up to 1020 */
    c.addi4spn s0, sp, 4
    sub a0, s0, sp
    EXPECT a0, 4
    c.addi4spn a5, sp, 1020
    sub a0, a5, sp
    EXPECT a0, 1020
    CASE 2      /* c.li, c.addi and c.addiw with imm -32 and 31 */
    c.li a0, -32
    EXPECT a0, -32
    c.li a0, 31
    c.addi a0, -32
    EXPECT a0, -1
    c.addi a0, 31
    EXPECT a0, 30
    li a0, 0x7fffffff
    c.addiw a0, 1
    EXPECT a0, 0xffffffff80000000
    li a0, 0x100000005
    c.addiw a0, 0
    EXPECT a0, 5
    CASE 3      /* c.lui: a sign-extended 6-bit immediate in bits 17:12 */
    c.lui a0, 1
    EXPECT a0, 0x1000
    c.lui a0, 0x1f
    EXPECT a0, 0x1f000
    c.lui a0, 0xfffe0       /* nzimm = -32 */
    EXPECT a0, 0xfffffffffffe0000
    c.lui a0, 0xfffff       /* nzimm = -1 */
    EXPECT a0, 0xfffffffffffff000
    CASE 4      /* c.addi16sp: multiples of 16 from -512 to 496 */
    mv s1, sp
    c.addi16sp sp, -512
    sub a0, s1, sp
    EXPECT a0, 512
    c.addi16sp sp, 496
    c.addi16sp sp, 16
    sub a0, s1, sp
    EXPECT a0, 0
    CASE 5      /* c.slli, c.srli, c.srai with 6-bit shift amounts */
    li a0, 1
    c.slli a0, 63
    EXPECT a0, 0x8000000000000000
    mv a1, a0
    c.srli a1, 63
    EXPECT a1, 1
    c.srai a0, 63
    EXPECT a0, -1
    li a0, 0x8000000000000000
    c.srai a0, 1
    EXPECT a0, 0xc000000000000000
    c.srli a0, 32
    EXPECT a0, 0xc0000000
    li t0, 0x0123456789abcdef
    c.slli t0, 4
    EXPECT t0, 0x123456789abcdef0
    CASE 6      /* c.andi with a negative immediate */
    li a0, 0x1234
    c.andi a0, -16
    EXPECT a0, 0x1230
    c.andi a0, 0x1f
    EXPECT a0, 0x10
    CASE 7      /* the register-register group */
    li a0, 10
    li a1, 3
    mv a2, a0
    c.sub a2, a1
    EXPECT a2, 7
    mv a2, a0
    c.xor a2, a1
    EXPECT a2, 9
    mv a2, a0
    c.or a2, a1
    EXPECT a2, 11
    mv a2, a0
    c.and a2, a1
    EXPECT a2, 2
    li a2, 0x80000000
    li a3, 1
    c.subw a2, a3
    EXPECT a2, 0x7fffffff
    c.addw a2, a3
    EXPECT a2, 0xffffffff80000000
    CASE 8      /* c.mv and c.add on all registers, including x1 and x31 */
    li t6, 77
    c.mv ra, t6
    li t6, 77
    bne ra, t6, fail
    c.add ra, ra
    EXPECT ra, 154
    li t5, 5
    c.mv t4, t5
    c.add t4, t5
    EXPECT t4, 10
    CASE 9      /* loads and stores relative to sp, at their largest offsets */
    li a0, 0x1122334455667788
    c.sdsp a0, 504(sp)
    c.ldsp a1, 504(sp)
    EXPECT a1, 0x1122334455667788
    c.swsp a0, 252(sp)
    c.lwsp a1, 252(sp)
    EXPECT a1, 0x55667788
    li a0, 0x80000000
    c.swsp a0, 0(sp)
    c.lwsp a1, 0(sp)
    EXPECT a1, 0xffffffff80000000
    li a0, 0x3ff8000000000000
    fmv.d.x fa0, a0
    c.fsdsp fa0, 496(sp)
    c.fldsp fa1, 496(sp)
    EXPECTD fa1, 0x3ff8000000000000
    ld a1, 496(sp)
    EXPECT a1, 0x3ff8000000000000
    CASE 10     /* loads and stores relative to rs1', at their largest offsets */
    mv s0, sp
    li a0, 0x0102030405060708
    c.sd a0, 248(s0)
    c.ld a1, 248(s0)
    EXPECT a1, 0x0102030405060708
    c.sw a0, 124(s0)
    c.lw a2, 124(s0)
    EXPECT a2, 0x05060708
    li a0, -2
    c.sw a0, 4(s0)
    c.lw a2, 4(s0)
    EXPECT a2, -2
    c.fsd fa0, 240(s0)
    c.fld fa2, 240(s0)
    EXPECTD fa2, 0x3ff8000000000000
    CASE 11     /* c.j forward and backward over long distances */
    c.j 1f
    j fail
    .skip 2000
2:  c.j 3f
1:  c.j 2b
    j fail
3:  CASE 12     /* c.beqz and c.bnez over their full range */
    li s1, 0
    c.beqz s1, 4f
    j fail
    .skip 240
4:  c.bnez s1, fail
    li s1, 1
    c.bnez s1, 5f
    j fail
6:  c.j 7f
    .skip 200
5:  c.bnez s1, 6b
    j fail
7:  CASE 13     /* c.jr and c.jalr */
    la a0, 8f
    c.jr a0
    j fail
8:  la a0, 9f
    c.jalr a0
10: j 11f
9:  la a3, 10b
    bne ra, a3, fail
    c.jr ra
11: CASE 14     /* c.jalr through ra itself: the target is read before ra is written */
    la ra, 12f
    c.jalr ra
13: j 14f
12: la a3, 13b
    bne ra, a3, fail
    ret
14: CASE 15     /* HINTs do nothing: c.nop with imm, c.addi rd with 0, c.li/c.lui/c.mv/
                   c.add/c.slli to x0, c.srli/c.srai by 0 */
    li a0, 123
    .2byte 0x0005       /* c.nop 1 */
    .2byte 0x0501       /* c.addi a0, 0 */
    .2byte 0x4015       /* c.li x0, 5 */
    .2byte 0x6005       /* c.lui x0, 1 */
    .2byte 0x802a       /* c.mv x0, a0 */
    .2byte 0x902a       /* c.add x0, a0 */
    .2byte 0x0012       /* c.slli x0, 4 */
    .2byte 0x8101       /* c.srli a0, 0 */
    EXPECT a0, 123
    EXPECT zero, 0
    mv s0, a0
    .2byte 0x8401       /* c.srai s0, 0 */
    EXPECT s0, 123
    CASE 16     /* c.nop */
    c.nop
    .option pop

    PASS

    .data
    .balign 16
stack:
    .fill 1024, 1, 0
stack_top:
    .fill 1024, 1, 0
