/* The C test programs' library: see runtime.c. */
#ifndef RUNTIME_H
#define RUNTIME_H

long sys_write(int fd, const void *buf, unsigned long len);
void sys_exit(int code) __attribute__((noreturn));
void *memcpy(void *dst, const void *src, unsigned long n);
void *memset(void *dst, int c, unsigned long n);
unsigned long str_len(const char *s);
void print(const char *s);
void print_u64(unsigned long v);
void print_hex(unsigned long v);
int check_failed(int n);
int parse_int(const char *s);
/* Prints the checksum; 1 if it differs from a nonzero expected value, else 0. */
int check_sum(unsigned long sum, unsigned long expected);

/* In main: fail with case n unless cond holds. */
#define CHECK(n, cond) do { if (!(cond)) return check_failed(n); } while (0)

#endif
