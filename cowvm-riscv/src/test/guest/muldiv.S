/* M extension: products and their high halves, division and remainder including
   division by zero and signed overflow (the M chapter's table), and the W forms. */
#include "test.h"

    START
    CASE 1      /* mul keeps the low 64 bits */
    li a0, 0x123456789abcdef0
    li a1, 0x0fedcba987654321
    mul a2, a0, a1
    EXPECT a2, 0x2236d88fe5618cf0
    CASE 2      /* mulh, mulhu, mulhsu with -1 and 2 */
    li a0, -1
    li a1, 2
    mulh a2, a0, a1
    EXPECT a2, -1
    mulhu a2, a0, a1
    EXPECT a2, 1
    mulhsu a2, a0, a1       /* -1 * 2 = -2: high half all ones */
    EXPECT a2, -1
    mulhsu a2, a1, a0       /* 2 * (2^64 - 1) = 2^65 - 2: high half 1 */
    EXPECT a2, 1
    CASE 3      /* the most negative number squared */
    li a0, 0x8000000000000000
    mulh a2, a0, a0
    EXPECT a2, 0x4000000000000000
    mulhu a2, a0, a0
    EXPECT a2, 0x4000000000000000
    mulhsu a2, a0, a0       /* -2^63 * 2^63 = -2^126 */
    EXPECT a2, 0xc000000000000000
    mul a2, a0, a0
    EXPECT a2, 0
    CASE 4      /* large unsigned products */
    li a0, 0xffffffffffffffff
    mulhu a2, a0, a0
    EXPECT a2, 0xfffffffffffffffe
    mul a2, a0, a0
    EXPECT a2, 1
    li a1, 0x7fffffffffffffff
    mulhsu a2, a1, a0       /* (2^63-1)(2^64-1) */
    EXPECT a2, 0x7ffffffffffffffe
    mulh a2, a1, a1
    EXPECT a2, 0x3fffffffffffffff
    CASE 5      /* division truncates toward zero */
    li a0, -7
    li a1, 2
    div a2, a0, a1
    EXPECT a2, -3
    rem a2, a0, a1
    EXPECT a2, -1
    li a1, -2
    li a0, 7
    div a2, a0, a1
    EXPECT a2, -3
    rem a2, a0, a1
    EXPECT a2, 1
    CASE 6      /* unsigned division */
    li a0, -7
    li a1, 2
    divu a2, a0, a1
    EXPECT a2, 0x7ffffffffffffffc
    remu a2, a0, a1
    EXPECT a2, 1
    CASE 7      /* division by zero: quotient all ones, remainder the dividend */
    li a0, 1234
    div a2, a0, zero
    EXPECT a2, -1
    divu a2, a0, zero
    EXPECT a2, -1
    rem a2, a0, zero
    EXPECT a2, 1234
    remu a2, a0, zero
    EXPECT a2, 1234
    li a0, -1234
    rem a2, a0, zero
    EXPECT a2, -1234
    CASE 8      /* signed overflow: -2^63 / -1 */
    li a0, 0x8000000000000000
    li a1, -1
    div a2, a0, a1
    EXPECT a2, 0x8000000000000000
    rem a2, a0, a1
    EXPECT a2, 0
    divu a2, a0, a1
    EXPECT a2, 0
    remu a2, a0, a1
    EXPECT a2, 0x8000000000000000
    CASE 9      /* mulw: low 32 bits of the product, sign-extended */
    li a0, 0x0000000100010000
    li a1, 0x0000000000010000
    mulw a2, a0, a1
    EXPECT a2, 0
    li a0, 0x7fffffff
    li a1, 2
    mulw a2, a0, a1
    EXPECT a2, -2
    li a0, 0xffffffff00008000
    li a1, 0x10000
    mulw a2, a0, a1
    EXPECT a2, 0xffffffff80000000
    CASE 10     /* divw/remw use only the low 32 bits */
    li a0, 0x12345678fffffff9  /* low word -7 */
    li a1, 0xabcdef0000000002  /* low word 2 */
    divw a2, a0, a1
    EXPECT a2, -3
    remw a2, a0, a1
    EXPECT a2, -1
    divuw a2, a0, a1
    EXPECT a2, 0x7ffffffc
    remuw a2, a0, a1
    EXPECT a2, 1
    CASE 11     /* W division by zero */
    li a0, 0x1234567880000000
    li a1, 0xffffffff00000000  /* low word 0 */
    divw a2, a0, a1
    EXPECT a2, -1
    divuw a2, a0, a1
    EXPECT a2, -1
    remw a2, a0, a1
    EXPECT a2, 0xffffffff80000000
    remuw a2, a0, a1
    EXPECT a2, 0xffffffff80000000
    CASE 12     /* W overflow: -2^31 / -1 */
    li a0, 0x80000000
    li a1, -1
    divw a2, a0, a1
    EXPECT a2, 0xffffffff80000000
    remw a2, a0, a1
    EXPECT a2, 0
    divuw a2, a0, a1
    EXPECT a2, 0
    remuw a2, a0, a1
    EXPECT a2, 0xffffffff80000000
    CASE 13     /* divuw of a value with bit 31 set sign-extends its result */
    li a0, 0xfffffffe
    li a1, 1
    divuw a2, a0, a1
    EXPECT a2, 0xfffffffffffffffe
    CASE 14     /* rd = x0 */
    div zero, a0, zero
    EXPECT zero, 0

    PASS
