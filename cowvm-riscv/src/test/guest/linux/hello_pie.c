/*
 * hello_pie.c: hello world as a static PIE: ET_DYN with no interpreter, loaded
 * at an address of the loader's choosing.
 *
 * Debian 12's riscv64 glibc ships no rcrt1.o, the start-up file a glibc static
 * PIE needs (it relocates the program before anything else runs), so hello.c
 * cannot be linked as one. This program needs no C library and no relocation:
 * its own _start, system calls through ecall, and only pc-relative
 * references, which hold wherever it is loaded. The build script says how it
 * is linked (ld -static -pie --no-dynamic-linker).
 *
 * Linux riscv64 system-call numbers (include/uapi/asm-generic/unistd.h):
 * write 64, exit_group 94.
 */
static long sys3(long number, long a0, long a1, long a2)
{
    register long x10 __asm__("a0") = a0;
    register long x11 __asm__("a1") = a1;
    register long x12 __asm__("a2") = a2;
    register long x17 __asm__("a7") = number;
    __asm__ volatile("ecall" : "+r"(x10) : "r"(x11), "r"(x12), "r"(x17) : "memory");
    return x10;
}

__attribute__((noreturn, used)) static void start(void)
{
    static const char text[] = "hello, world\n";
    long status = sys3(64, 1, (long) text, sizeof text - 1) == sizeof text - 1 ? 0 : 1;
    for (;;) {
        sys3(94, status, 0, 0);
    }
}

/* The kernel enters at _start with sp at argc; start() needs none of it. */
__asm__(".globl _start\n"
        "_start:\n"
        "    andi sp, sp, -16\n"
        "    call start\n");
