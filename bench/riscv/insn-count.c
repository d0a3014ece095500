/*
 * insn-count.c: a plugin for Debian's qemu-riscv64 (QEMU 7.2) that counts the guest
 * instructions a process executes, for the benchmarks' instruction figures. Debian's
 * qemu-user is built with plugin support but ships no plugins, so this is ours:
 *
 *   gcc -shared -fPIC -O2 -o insn-count.so insn-count.c
 *   qemu-riscv64 -d nochain -plugin ./insn-count.so[,out=FILE][,syscalls=on] PROGRAM ARGS...
 *
 * At exit it writes "insns N" (to FILE, appended, or else to standard error). With
 * syscalls=on it also writes "syscall NUMBER at N" as each system call starts, N the
 * instructions so far, the ecall included: the same place cowvm's machine reports with
 * Machine.instructionsNow() in its trace, so the two sequences can be compared call by
 * call (dev.cowvm.bench.LinuxPrograms --trace prints cowvm's). Every
 * instruction is counted as it starts, by an inline add that the translator puts in
 * front of it (an ecall, which traps, counts as one). With -d nochain the count equals
 * the number of blocks -singlestep -d exec,nochain logs (20,434 for hello.elf of the
 * Linux test programs); with chaining, QEMU 7.2 counted 38 more there, so measure with
 * -d nochain. A forked child counts from the fork on (the clone that returned 0 in
 * it), so the lines of a parent and its children add up to all the instructions they
 * executed; a process that execs is no longer counted (the new program runs in a qemu
 * of its own).
 *
 * The plugin interface is QEMU's include/qemu/qemu-plugin.h at version 1 (QEMU 7.2);
 * these are the declarations this file uses, as that header gives them.
 */
#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

typedef uint64_t qemu_plugin_id_t;
typedef struct qemu_info_t qemu_info_t;
struct qemu_plugin_tb;
struct qemu_plugin_insn;
enum qemu_plugin_op { QEMU_PLUGIN_INLINE_ADD_U64 };
typedef void (*qemu_plugin_vcpu_tb_trans_cb_t)(qemu_plugin_id_t id, struct qemu_plugin_tb *tb);
typedef void (*qemu_plugin_udata_cb_t)(qemu_plugin_id_t id, void *userdata);
typedef void (*qemu_plugin_vcpu_syscall_ret_cb_t)(qemu_plugin_id_t id, unsigned int vcpu_idx, int64_t num,
                                                  int64_t ret);
typedef void (*qemu_plugin_vcpu_syscall_cb_t)(qemu_plugin_id_t id, unsigned int vcpu_index, int64_t num,
                                              uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5,
                                              uint64_t a6, uint64_t a7, uint64_t a8);

void qemu_plugin_register_vcpu_tb_trans_cb(qemu_plugin_id_t id, qemu_plugin_vcpu_tb_trans_cb_t cb);
size_t qemu_plugin_tb_n_insns(const struct qemu_plugin_tb *tb);
struct qemu_plugin_insn *qemu_plugin_tb_get_insn(const struct qemu_plugin_tb *tb, size_t idx);
void qemu_plugin_register_vcpu_insn_exec_inline(struct qemu_plugin_insn *insn, enum qemu_plugin_op op,
                                                void *ptr, uint64_t imm);
void qemu_plugin_register_atexit_cb(qemu_plugin_id_t id, qemu_plugin_udata_cb_t cb, void *userdata);
void qemu_plugin_register_vcpu_syscall_ret_cb(qemu_plugin_id_t id, qemu_plugin_vcpu_syscall_ret_cb_t cb);
void qemu_plugin_register_vcpu_syscall_cb(qemu_plugin_id_t id, qemu_plugin_vcpu_syscall_cb_t cb);

#define EXPORTED __attribute__((visibility("default")))

EXPORTED int qemu_plugin_version = 1;

/* Linux riscv64's clone (include/uapi/asm-generic/unistd.h). */
#define SYS_CLONE 220

/* One guest CPU in user mode: a single counter; the adds are not atomic. */
static uint64_t count;
/* The count when this process was forked (0 for the first one). */
static uint64_t base;
static char out[4096];
static int syscalls;

/* Appends a line to FILE, or else writes it to standard error. */
static void emit(const char *line, int n)
{
    int fd = out[0] != '\0' ? open(out, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644) : 2;
    if (fd >= 0) {
        if (write(fd, line, (size_t) n) != n) {
            /* nowhere left to say so */
        }
        if (fd != 2) {
            close(fd);
        }
    }
}

static void on_translate(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
    (void) id;
    size_t n = qemu_plugin_tb_n_insns(tb);
    for (size_t i = 0; i < n; i++) {
        qemu_plugin_register_vcpu_insn_exec_inline(qemu_plugin_tb_get_insn(tb, i), QEMU_PLUGIN_INLINE_ADD_U64,
                                                   &count, 1);
    }
}

/* In a child, clone returns 0: what was counted before belongs to the parent. */
static void on_syscall_return(qemu_plugin_id_t id, unsigned int vcpu, int64_t number, int64_t result)
{
    (void) id;
    (void) vcpu;
    if (number == SYS_CLONE && result == 0) {
        base = count;
    }
}

static void on_syscall(qemu_plugin_id_t id, unsigned int vcpu, int64_t number, uint64_t a1, uint64_t a2,
                       uint64_t a3, uint64_t a4, uint64_t a5, uint64_t a6, uint64_t a7, uint64_t a8)
{
    (void) id;
    (void) vcpu;
    (void) a1;
    (void) a2;
    (void) a3;
    (void) a4;
    (void) a5;
    (void) a6;
    (void) a7;
    (void) a8;
    char line[64];
    int n = snprintf(line, sizeof line, "syscall %lld at %llu\n", (long long) number,
                     (unsigned long long) (count - base));
    emit(line, n);
}

static void on_exit(qemu_plugin_id_t id, void *userdata)
{
    (void) id;
    (void) userdata;
    char line[64];
    int n = snprintf(line, sizeof line, "insns %llu\n", (unsigned long long) (count - base));
    emit(line, n);
}

EXPORTED int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info, int argc, char **argv)
{
    (void) info;
    for (int i = 0; i < argc; i++) {
        if (strncmp(argv[i], "out=", 4) == 0 && strlen(argv[i] + 4) < sizeof out) {
            strcpy(out, argv[i] + 4);
        } else if (strcmp(argv[i], "syscalls=on") == 0) {
            syscalls = 1;
        } else {
            fprintf(stderr, "insn-count: unknown argument %s (out=FILE, syscalls=on)\n", argv[i]);
            return -1;
        }
    }
    qemu_plugin_register_vcpu_tb_trans_cb(id, on_translate);
    qemu_plugin_register_vcpu_syscall_ret_cb(id, on_syscall_return);
    if (syscalls) {
        qemu_plugin_register_vcpu_syscall_cb(id, on_syscall);
    }
    qemu_plugin_register_atexit_cb(id, on_exit, NULL);
    return 0;
}
