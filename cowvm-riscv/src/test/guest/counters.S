/* The user-level counters: cycle, time and instret are readable and never go back; a
   read with csrrs/csrrc and rs1 = x0 is not a write, so it is legal on these read-only
   CSRs. (Their exact rates are the machine's: the Java tests check cowvm's.) */
#include "test.h"

    START
    CASE 1
    rdinstret a0
    rdinstret a1
    bltu a1, a0, fail
    beq a1, a0, fail
    CASE 2
    rdcycle a0
    li t0, 1000
1:  addi t0, t0, -1
    bnez t0, 1b
    rdcycle a1
    bltu a1, a0, fail
    CASE 3
    rdtime a0
    rdtime a1
    bltu a1, a0, fail
    CASE 4      /* csrrc/csrrs with x0 and the immediate forms with 0 read without writing */
    csrrc a0, instret, zero
    csrrsi a1, cycle, 0
    csrrci a2, time, 0
    beqz a0, fail
    PASS
