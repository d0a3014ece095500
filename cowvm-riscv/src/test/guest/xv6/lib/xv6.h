/*
 * xv6.h: the system-call interface of xv6-riscv, as our guest programs see it,
 * and the prototypes of our small user library (lib/).
 *
 * The numbers and layouts below are facts of xv6-riscv, taken from its
 * kernel/syscall.h, kernel/stat.h, kernel/fcntl.h, kernel/fs.h, kernel/file.h
 * and kernel/param.h (github.com/mit-pdos/xv6-riscv). The code is our own.
 */
#ifndef COWVM_GUEST_XV6_H
#define COWVM_GUEST_XV6_H

/* System-call numbers: a7 holds one of these at ecall (kernel/syscall.h). */
#define SYS_fork    1
#define SYS_exit    2
#define SYS_wait    3
#define SYS_pipe    4
#define SYS_read    5
#define SYS_kill    6
#define SYS_exec    7
#define SYS_fstat   8
#define SYS_chdir   9
#define SYS_dup    10
#define SYS_getpid 11
#define SYS_sbrk   12
#define SYS_sleep  13
#define SYS_uptime 14
#define SYS_open   15
#define SYS_write  16
#define SYS_mknod  17
#define SYS_unlink 18
#define SYS_link   19
#define SYS_mkdir  20
#define SYS_close  21

/* open() flags (kernel/fcntl.h). There is no O_APPEND and no lseek. */
#define O_RDONLY 0x000
#define O_WRONLY 0x001
#define O_RDWR   0x002
#define O_CREATE 0x200
#define O_TRUNC  0x400

/* The rest is C. */
#ifndef __ASSEMBLER__

typedef unsigned char uchar;
typedef unsigned short ushort;
typedef unsigned int uint;
typedef unsigned long uint64;
typedef __builtin_va_list va_list;
#define va_start(ap, last) __builtin_va_start(ap, last)
#define va_arg(ap, type) __builtin_va_arg(ap, type)
#define va_end(ap) __builtin_va_end(ap)

#define NULL ((void *)0)

/* struct stat's type field (kernel/stat.h). */
#define T_DIR    1
#define T_FILE   2
#define T_DEVICE 3

/* fstat() fills these 24 bytes: 4 + 4 + 2 + 2, then size at offset 16. */
struct stat {
  int dev;
  uint ino;
  short type;
  short nlink;
  uint64 size;
};
_Static_assert(sizeof(struct stat) == 24, "xv6's struct stat is 24 bytes");

/* A directory is an array of these 16-byte entries; inum 0 marks a free slot
 * and a name of exactly DIRSIZ bytes has no terminating NUL (kernel/fs.h). */
#define DIRSIZ 14
struct dirent {
  ushort inum;
  char name[DIRSIZ];
};
_Static_assert(sizeof(struct dirent) == 16, "xv6's directory entry is 16 bytes");

/* The console's major device number (kernel/file.h). */
#define CONSOLE 1

/* Limits of xv6 that our programs can observe (kernel/param.h, kernel/riscv.h). */
#define NPROC   64         /* process table slots */
#define NOFILE  16         /* open files per process */
#define MAXARG  32         /* exec arguments */
#define MAXPATH 128        /* path length, NUL included */
#define PGSIZE  4096
#define MAXVA   (1UL << 38) /* one bit below Sv39's limit; nothing user-visible at or above */

/* The system calls (lib/syscalls.S). Each returns -1 on error. */
int fork(void);
void exit(int status) __attribute__((noreturn));
int wait(int *status);          /* status may be 0: then it is not stored */
int pipe(int fds[2]);
int read(int fd, void *buf, int n);
int kill(int pid);
int exec(const char *path, char **argv);
int fstat(int fd, struct stat *st);
int chdir(const char *path);
int dup(int fd);
int getpid(void);
char *sbrk(int increment);      /* returns the old break */
int sleep(int ticks);
int uptime(void);
int open(const char *path, int flags);
int write(int fd, const void *buf, int n);
int mknod(const char *path, short major, short minor);
int unlink(const char *path);
int link(const char *existing, const char *new_path);
int mkdir(const char *path);
int close(int fd);

/* lib/string.c */
uint strlen(const char *s);
char *strcpy(char *dst, const char *src);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, uint n);
char *strchr(const char *s, char c);
void *memset(void *dst, int c, uint n);
void *memmove(void *dst, const void *src, uint n);
void *memcpy(void *dst, const void *src, uint n);
int memcmp(const void *a, const void *b, uint n);
int atoi(const char *s);
int readline(int fd, char *buf, int max);
int stat(const char *path, struct stat *st);

/* lib/printf.c: %d %i %u %x %p %s %c %%, with l/ll, a width and '-' or '0'. */
void printf(const char *fmt, ...);
void fprintf(int fd, const char *fmt, ...);
void vfprintf(int fd, const char *fmt, va_list ap);
int snprintf(char *dst, int size, const char *fmt, ...);
int vsnprintf(char *dst, int size, const char *fmt, va_list ap);

/* lib/malloc.c */
void *malloc(uint n);
void free(void *p);

/* lib/check.c: how our test programs report. Each case prints one line; the
 * first failing case's number becomes the exit status. */
void check_begin(const char *program);
void check(int ok, int case_number, const char *what, ...);
void check_note(const char *fmt, ...);
int check_end(void);

#endif /* __ASSEMBLER__ */
#endif
