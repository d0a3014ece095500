package dev.cowvm.riscv.cpu;

import java.io.ByteArrayOutputStream;

/**
 * A hart over a {@link FlatMemory} with a code page at {@link #CODE} (read and execute)
 * and a data page at {@link #DATA} (read and write), for running a few instructions at a
 * time in unit tests. Code is given as 32-bit words and 16-bit parcels in order.
 */
final class TestMachine {
    static final long CODE = 0x10000;
    static final long DATA = 0x80000;

    final FlatMemory memory = new FlatMemory();
    final Hart hart;

    /** A machine that only interprets. */
    TestMachine() {
        this(0);
    }

    /**
     * @param translateAfter the hart's translation threshold: 0 interprets only, 1 translates
     *                       every block the first time it is reached
     */
    TestMachine(int translateAfter) {
        memory.map(CODE, 4096, FlatMemory.R | FlatMemory.X);
        memory.map(DATA, 4096, FlatMemory.R | FlatMemory.W);
        hart = new Hart(memory);
        hart.setTranslation(translateAfter);
        hart.setPc(CODE);
    }

    /** Instructions from {@link #CODE}: ints are 4-byte instructions, shorts 2-byte parcels. */
    TestMachine code(Number... instructions) {
        return codeAt(CODE, instructions);
    }

    TestMachine codeAt(long address, Number... instructions) {
        memory.poke(address, bytes(instructions));
        return this;
    }

    static byte[] bytes(Number... instructions) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Number n : instructions) {
            int v = n.intValue();
            out.write(v);
            out.write(v >>> 8);
            if (n instanceof Integer) {
                out.write(v >>> 16);
                out.write(v >>> 24);
            }
        }
        return out.toByteArray();
    }

    TestMachine x(int reg, long value) {
        hart.setX(reg, value);
        return this;
    }

    /** Runs until a trap (an ebreak ends most snippets) or 1000 instructions. */
    int run() {
        return hart.run(1000);
    }

    long x(int reg) {
        return hart.x(reg);
    }

    long load64(long va) {
        return java.nio.ByteBuffer.wrap(memory.peek(va, 8)).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
    }

    static short c(int parcel) {
        return (short) parcel;
    }
}
