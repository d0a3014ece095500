# Process entry. xv6's exec starts a program at its ELF entry with
#   a0 = argc, a1 = argv (which equals sp), the argument strings above it,
# so main(argc, argv) can be called with the registers as they are. A program
# that returns from main ends with main's result as its exit status.

        .section .text.start, "ax", @progbits
        .globl  _start
        .type   _start, @function
_start:
        call    main
        call    exit            # a0 still holds main's result
1:      j       1b              # exit does not return
        .size   _start, . - _start
