/*
 * hello.c: the smallest glibc program, for start-up. From the first
 * instruction to exit_group it runs glibc's static start-up (the auxiliary
 * vector, TLS from PT_TLS, IRELATIVE relocations, stdio); its instruction
 * count is compared with qemu-riscv64's.
 */
#include <stdio.h>

int main(void)
{
    puts("hello, world");
    return 0;
}
