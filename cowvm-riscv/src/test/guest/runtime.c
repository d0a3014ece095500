/* The little library the C test programs use: write, exit, and memcpy/memset (which the
   compiler may call for structure copies even without a C library). */
#include "runtime.h"

long sys_write(int fd, const void *buf, unsigned long len)
{
    register long a0 __asm__("a0") = fd;
    register long a1 __asm__("a1") = (long) buf;
    register long a2 __asm__("a2") = (long) len;
    register long a7 __asm__("a7") = 64;
    __asm__ volatile("ecall" : "+r"(a0) : "r"(a1), "r"(a2), "r"(a7) : "memory");
    return a0;
}

void sys_exit(int code)
{
    register long a0 __asm__("a0") = code;
    register long a7 __asm__("a7") = 93;
    __asm__ volatile("ecall" : : "r"(a0), "r"(a7) : "memory");
    __builtin_unreachable();
}

void *memcpy(void *dst, const void *src, unsigned long n)
{
    unsigned char *d = dst;
    const unsigned char *s = src;
    while (n--) {
        *d++ = *s++;
    }
    return dst;
}

void *memset(void *dst, int c, unsigned long n)
{
    unsigned char *d = dst;
    while (n--) {
        *d++ = (unsigned char) c;
    }
    return dst;
}

unsigned long str_len(const char *s)
{
    unsigned long n = 0;
    while (s[n]) {
        n++;
    }
    return n;
}

void print(const char *s)
{
    sys_write(1, s, str_len(s));
}

void print_u64(unsigned long v)
{
    char buf[24];
    int i = 23;
    buf[i] = 0;
    do {
        buf[--i] = (char) ('0' + v % 10);
        v /= 10;
    } while (v);
    print(buf + i);
}

void print_hex(unsigned long v)
{
    char buf[19];
    buf[0] = '0';
    buf[1] = 'x';
    for (int i = 0; i < 16; i++) {
        buf[2 + i] = "0123456789abcdef"[(v >> (60 - 4 * i)) & 15];
    }
    buf[18] = 0;
    print(buf);
}

int check_failed(int n)
{
    print("FAIL case ");
    print_u64((unsigned long) n);
    print("\n");
    return n;
}

int parse_int(const char *s)
{
    int v = 0;
    while (*s >= '0' && *s <= '9') {
        v = v * 10 + (*s++ - '0');
    }
    return v;
}

int check_sum(unsigned long sum, unsigned long expected)
{
    print_hex(sum);
    print("\n");
    if (expected != 0 && sum != expected) {
        print("FAIL: expected ");
        print_hex(expected);
        print("\n");
        return 1;
    }
    return 0;
}
