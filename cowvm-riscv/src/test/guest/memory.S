/* Memory: misaligned loads and stores of every width at every offset, accesses that
   cross a page boundary, a 4-byte instruction whose halves lie in two pages, and
   self-modifying code made executable with fence.i. */
#include "test.h"

    START
    la s0, bytes
    CASE 1      /* misaligned loads: every width at offsets 1..7 */
    ld a0, 1(s0)
    EXPECT a0, 0x0807060504030201
    ld a0, 7(s0)
    EXPECT a0, 0x0e0d0c0b0a090807
    lw a0, 3(s0)
    EXPECT a0, 0x06050403
    lwu a0, 13(s0)
    EXPECT a0, 0x100f0e0d
    lh a0, 5(s0)
    EXPECT a0, 0x0605
    lhu a0, 15(s0)
    EXPECT a0, 0x100f
    lw a0, 0x7d(s0)     /* bytes 0x7d..0x80 */
    EXPECT a0, 0xffffffff80202020
    lh a0, 0x7f(s0)
    EXPECT a0, 0xffffffffffff8020
    CASE 2      /* misaligned stores */
    la s1, scratch
    sd zero, 0(s1)
    sd zero, 8(s1)
    li a0, 0x1122334455667788
    sd a0, 3(s1)
    ld a1, 0(s1)
    EXPECT a1, 0x4455667788000000
    ld a1, 8(s1)
    EXPECT a1, 0x0000000000112233
    sw a0, 9(s1)
    ld a1, 8(s1)
    EXPECT a1, 0x0000005566778833
    sh a0, 15(s1)
    ld a1, 8(s1)
    EXPECT a1, 0x8800005566778833
    lbu a1, 16(s1)
    EXPECT a1, 0x77
    CASE 3      /* misaligned floating-point loads and stores */
    li a0, 0x400921fb54442d18
    fmv.d.x fa0, a0
    fsd fa0, 1(s1)
    fld fa1, 1(s1)
    EXPECTD fa1, 0x400921fb54442d18
    fsw fa0, 6(s1)
    flw fa1, 6(s1)
    EXPECTS fa1, 0x54442d18
    CASE 4      /* data crossing a page boundary, every width */
    la s2, page_end
    li a0, 0x0102030405060708
    sd a0, -4(s2)
    ld a1, -4(s2)
    EXPECT a1, 0x0102030405060708
    lw a1, -4(s2)
    EXPECT a1, 0x05060708
    lw a1, -2(s2)
    EXPECT a1, 0x03040506
    lh a1, -1(s2)
    EXPECT a1, 0x0405
    lwu a1, -1(s2)
    EXPECT a1, 0x02030405
    li a0, 0xa1a2a3a4
    sw a0, -3(s2)
    ld a1, -4(s2)
    EXPECT a1, 0x010203a1a2a3a408
    li a0, 0xbeef
    sh a0, -1(s2)
    lhu a1, -1(s2)
    EXPECT a1, 0xbeef
    li a0, 0x3ff0000000000000
    fmv.d.x fa0, a0
    fsd fa0, -5(s2)
    fld fa1, -5(s2)
    EXPECTD fa1, 0x3ff0000000000000
    CASE 5      /* a 4-byte instruction crossing a page boundary, run many times */
    li a0, 0
    li a1, 100
1:  call crossing
    addi a1, a1, -1
    bnez a1, 1b
    EXPECT a0, 300
    CASE 6      /* self-modifying code: patch an immediate, fence.i, call again */
    call smc_fn
    EXPECT a0, 1
    la s3, smc_fn
    li t0, 0x00200513           /* addi a0, zero, 2 */
    sw t0, 0(s3)
    fence.i
    call smc_fn
    EXPECT a0, 2
    li a2, 2                    /* patch again, 50 times, with growing values */
2:  addi a2, a2, 1
    slli t0, a2, 20
    li t1, 0x00000513           /* addi a0, zero, imm */
    or t0, t0, t1
    sw t0, 0(s3)
    fence.i
    call smc_fn
    bne a0, a2, fail
    li t1, 52
    bne a2, t1, 2b
    CASE 7      /* code that patches an instruction ahead of itself in its own page */
    call smc_self
    EXPECT a0, 42
    call smc_self
    EXPECT a0, 42
    CASE 8      /* code copied into a page of its own, then run */
    la s4, smc_copy_area
    la s5, template
    lw t0, 0(s5)
    sw t0, 0(s4)
    lw t0, 4(s5)
    sw t0, 4(s4)
    fence.i
    jalr s4
    EXPECT a0, 7

    PASS

/* Three instructions, the last of which is 4 bytes long and starts 2 bytes before the
   end of a page: a0 += 3 per call. */
    .balign 4096
    .skip 4096 - 6
crossing:
    .option push
    .option norvc
    addi a0, a0, 1
    addi a0, a0, 1      /* starts 2 bytes before the page boundary */
    .option pop
    addi a0, a0, 1
    ret

template:
    li a0, 7
    ret

    .section .smc, "awx"
    .balign 4096
    .option push
    .option norvc
smc_fn:
    addi a0, zero, 1
    ret
smc_self:
    la t0, 1f
    li t1, 0x02a00513           /* addi a0, zero, 42 */
    sw t1, 0(t0)
    fence.i
1:  addi a0, zero, 0        /* becomes addi a0, zero, 42 */
    li t1, 0x00000513           /* restore it */
    sw t1, 0(t0)
    fence.i
    ret
    .balign 4096
smc_copy_area:
    .fill 16, 1, 0
    .option pop

    .data
    .balign 16
bytes:
    .byte 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16
    .byte 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
    .fill 128 - 32, 1, 0x20
    .byte 0x80, 0x81, 0x82, 0x83
    .balign 16
scratch:
    .fill 32, 1, 0
    .balign 4096
    .skip 4096 - 64
    .fill 64, 1, 0
page_end:
    .fill 64, 1, 0
