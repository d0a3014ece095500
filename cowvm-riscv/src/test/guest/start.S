/* Start-up for the C test programs: no C library, so set the global pointer, call
   main, and exit with its result. The stack pointer is the kernel's. */
    .text
    .globl _start
_start:
    .option push
    .option norelax
    la gp, __global_pointer$
    .option pop
    andi sp, sp, -16
    call main
    li a7, 93
    ecall
