/*
 * A bare-metal program from the riscv64-unknown-elf compiler, with no C library
 * and no ABI note, linked at that compiler's default address: the ABI guess
 * must fall back to Linux. It exits 5 through Linux's exit (93).
 */
void _start(void)
{
    register long a0 __asm__("a0") = 5;
    register long a7 __asm__("a7") = 93;
    __asm__ volatile("ecall" : : "r"(a0), "r"(a7));
    for (;;) {
    }
}
