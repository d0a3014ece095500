# The 21 xv6 system calls. The kernel takes the call's number in a7 and its
# arguments in a0..a5, and returns the result in a0 (-1 on error), so each
# stub only loads a7 and traps: the C arguments are already in place.

#include "xv6.h"

# Each stub has a section of its own so the linker drops the unused ones.
        .macro  stub name, number
        .section .text.\name, "ax", @progbits
        .globl  \name
        .type   \name, @function
\name:
        li      a7, \number
        ecall
        ret
        .size   \name, . - \name
        .endm

        stub    fork,   SYS_fork
        stub    exit,   SYS_exit
        stub    wait,   SYS_wait
        stub    pipe,   SYS_pipe
        stub    read,   SYS_read
        stub    kill,   SYS_kill
        stub    exec,   SYS_exec
        stub    fstat,  SYS_fstat
        stub    chdir,  SYS_chdir
        stub    dup,    SYS_dup
        stub    getpid, SYS_getpid
        stub    sbrk,   SYS_sbrk
        stub    sleep,  SYS_sleep
        stub    uptime, SYS_uptime
        stub    open,   SYS_open
        stub    write,  SYS_write
        stub    mknod,  SYS_mknod
        stub    unlink, SYS_unlink
        stub    link,   SYS_link
        stub    mkdir,  SYS_mkdir
        stub    close,  SYS_close
