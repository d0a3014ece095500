/*
 * rt.h: the little a freestanding benchmark program needs, for either system-call
 * interface, chosen when it is built:
 *
 *   -DABI_LINUX  Linux riscv64 (include/uapi/asm-generic/unistd.h): write 64,
 *                exit_group 94; the kernel starts a program with argc at sp and
 *                argv at sp + 8.
 *   -DABI_XV6    xv6-riscv (kernel/syscall.h): fork 1, exit 2, wait 3, pipe 4,
 *                read 5, sbrk 12, write 16; exec starts a program with argc in a0
 *                and argv in a1.
 *
 * Both run the same code between _start and exit, so their instruction counts
 * differ only by the start-up's two loads and the system calls. Numbers are
 * printed in decimal or hexadecimal; nothing here allocates.
 */
#ifndef COWVM_BENCH_RT_H
#define COWVM_BENCH_RT_H

#include <stddef.h>
#include <stdint.h>

#if defined(ABI_LINUX)
#define SYS_WRITE 64
#define SYS_EXIT 94
#elif defined(ABI_XV6)
#define SYS_FORK 1
#define SYS_EXIT 2
#define SYS_WAIT 3
#define SYS_PIPE 4
#define SYS_READ 5
#define SYS_SBRK 12
#define SYS_WRITE 16
#else
#error "build with -DABI_LINUX or -DABI_XV6"
#endif

static inline long rt_syscall(long number, long a0, long a1, long a2)
{
    register long x10 __asm__("a0") = a0;
    register long x11 __asm__("a1") = a1;
    register long x12 __asm__("a2") = a2;
    register long x17 __asm__("a7") = number;
    __asm__ volatile("ecall" : "+r"(x10) : "r"(x11), "r"(x12), "r"(x17) : "memory");
    return x10;
}

__attribute__((noreturn)) static void rt_exit(int status)
{
    for (;;) {
        rt_syscall(SYS_EXIT, status, 0, 0);
    }
}

static size_t rt_strlen(const char *s)
{
    size_t n = 0;
    while (s[n] != '\0') {
        n++;
    }
    return n;
}

__attribute__((unused)) static void put(const char *s)
{
    size_t n = rt_strlen(s);
    while (n > 0) {
        long w = rt_syscall(SYS_WRITE, 1, (long) s, (long) n);
        if (w <= 0) {
            rt_exit(120);
        }
        s += w;
        n -= (size_t) w;
    }
}

__attribute__((unused)) static void put_u64(uint64_t v)
{
    char buf[21];
    int i = 20;
    buf[i] = '\0';
    do {
        buf[--i] = (char) ('0' + v % 10);
        v /= 10;
    } while (v != 0);
    put(buf + i);
}

__attribute__((unused)) static void put_hex(uint64_t v)
{
    char buf[19] = "0x";
    for (int i = 0; i < 16; i++) {
        buf[2 + i] = "0123456789abcdef"[(v >> (60 - 4 * i)) & 15];
    }
    buf[18] = '\0';
    put(buf);
}

/* gcc may call these for copies and clears even in freestanding code. */
void *memset(void *d, int c, size_t n)
{
    unsigned char *p = d;
    while (n-- > 0) {
        *p++ = (unsigned char) c;
    }
    return d;
}

void *memcpy(void *d, const void *s, size_t n)
{
    unsigned char *p = d;
    const unsigned char *q = s;
    while (n-- > 0) {
        *p++ = *q++;
    }
    return d;
}

int main(int argc, char **argv);

/* Called by _start with argc and argv; main's result is the exit status. */
__attribute__((noreturn, used)) static void rt_start(long argc, char **argv)
{
    rt_exit(main((int) argc, argv));
}

/*
 * _start: gp for the linker's gp-relative accesses (set with relaxation off, or
 * the assembler would relax the load of gp against itself), argc and argv where
 * the interface puts them, a 16-byte aligned stack.
 */
__asm__(".section .text._start, \"ax\"\n"
        ".globl _start\n"
        "_start:\n"
        ".option push\n"
        ".option norelax\n"
        "    lla gp, __global_pointer$\n"
        ".option pop\n"
#if defined(ABI_LINUX)
        "    ld a0, 0(sp)\n"
        "    addi a1, sp, 8\n"
#endif
        "    andi sp, sp, -16\n"
        "    call rt_start\n"
        ".previous\n");

/* xorshift64: a fast, fixed sequence of test data. */
__attribute__((unused)) static uint64_t xorshift64(uint64_t *state)
{
    uint64_t x = *state;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    *state = x;
    return x;
}

#endif
