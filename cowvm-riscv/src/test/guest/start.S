/* Start-up for the C test programs: no C library, so set the global pointer, call
   main(argc, argv) with the arguments the kernel left at sp, and exit with its result. */
    .text
    .globl _start
_start:
    .option push
    .option norelax
    la gp, __global_pointer$
    .option pop
    ld a0, 0(sp)
    addi a1, sp, 8
    andi sp, sp, -16
    call main
    li a7, 93
    ecall
