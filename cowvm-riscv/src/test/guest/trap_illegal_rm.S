/* Ends in a trap: the Java tests check the cause and value, and that qemu-riscv64
   delivers the matching signal. */
    .text
    .globl _start
_start:
    .word 0x02005053
    li a0, 0
    li a7, 93
    ecall
    .data
    .balign 8
data:
    .dword 0x13, 0x13
