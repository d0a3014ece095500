# Start-up and system calls for the xv6-ABI test programs: exec leaves argc in
# a0 and argv in a1; a7 holds the system call's number (xv6: write 16, exit 2).
        .file "xv6start.S"
        .section .text.start
        .globl _start
_start:
        call main
        li a7, 2
        ecall
1:      j 1b

        .text
        .globl xv6_write
xv6_write:
        li a7, 16
        ecall
        ret
