/*
 * Macros shared by the assembly test programs.
 *
 * A program is a list of numbered cases. CASE n puts n in gp; a failing EXPECT jumps
 * to fail, which writes "FAIL case n" to stdout and exits with n (so n stays below 256
 * in each program). PASS writes "PASS" and exits with 0. Only the Linux system calls
 * write (64) and exit (93) are used, so the programs run on qemu-riscv64 and on cowvm's
 * test harness alike.
 *
 * Registers: gp holds the case number (the programs are linked without relaxation,
 * so gp is free), t6 the expected value; tests use the others.
 */
#define SYS_write 64
#define SYS_exit 93

.macro START
    .text
    .globl _start
_start:
.endm

.macro CASE n
    li gp, \n
.endm

/* Integer register equals a constant. */
.macro EXPECT reg, val
    li t6, \val
    bne \reg, t6, fail
.endm

/* Double register's bits equal a constant (clobbers t5). */
.macro EXPECTD freg, bits
    fmv.x.d t5, \freg
    li t6, \bits
    bne t5, t6, fail
.endm

/* Single register's whole 64 bits (boxed) equal a constant (clobbers t5). */
.macro EXPECTS freg, bits
    fmv.x.d t5, \freg
    li t6, (0xffffffff00000000 | \bits)
    bne t5, t6, fail
.endm

/* fflags equal a constant, then cleared (clobbers t5). */
.macro EXPECT_FLAGS bits
    frflags t5
    li t6, \bits
    bne t5, t6, fail
    fsflags x0
.endm

/* Load a double / single constant by its bits (clobbers t5). */
.macro LD_D freg, bits
    li t5, \bits
    fmv.d.x \freg, t5
.endm

.macro LD_S freg, bits
    li t5, \bits
    fmv.w.x \freg, t5
.endm

.macro PASS
    la a1, pass_msg
    li a2, 5
    li a0, 1
    li a7, SYS_write
    ecall
    li a0, 0
    li a7, SYS_exit
    ecall
fail:
    /* "FAIL case " then the decimal case number and a newline. */
    la a1, fail_msg
    li a2, 10
    li a0, 1
    li a7, SYS_write
    ecall
    addi sp, sp, -32
    addi a1, sp, 31
    li t0, 10
    sb t0, 0(a1)
    mv t1, gp
1:
    remu t2, t1, t0
    addi t2, t2, '0'
    addi a1, a1, -1
    sb t2, 0(a1)
    divu t1, t1, t0
    bnez t1, 1b
    addi a2, sp, 32
    sub a2, a2, a1
    li a0, 1
    li a7, SYS_write
    ecall
    mv a0, gp
    li a7, SYS_exit
    ecall
    .section .rodata
pass_msg:
    .ascii "PASS\n"
fail_msg:
    .ascii "FAIL case "
    .text
.endm
