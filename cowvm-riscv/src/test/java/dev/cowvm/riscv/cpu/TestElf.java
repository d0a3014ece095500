package dev.cowvm.riscv.cpu;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A minimal ELF64 loader for the tests: a static RISC-V executable (ET_EXEC) is mapped into
 * a {@link FlatMemory} segment by segment, with a stack below {@link #STACK_TOP}. The real
 * loader, with its validation, belongs to the kernel side; this one trusts its input.
 */
final class TestElf {
    /** One past the highest stack address: the top of Sv39's lower half, minus a guard. */
    static final long STACK_TOP = 0x3F_FFFF_F000L;
    static final long STACK_SIZE = 1 << 20;

    private TestElf() {
    }

    /**
     * Loads the file, maps a stack, and returns the entry point.
     */
    static long load(byte[] file, TestMemory mem) {
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        if (b.getInt(0) != 0x464C457F || file[4] != 2 || file[5] != 1) {
            throw new IllegalArgumentException("not a little-endian ELF64 file");
        }
        if (b.getShort(16) != 2 || b.getShort(18) != 243) {
            throw new IllegalArgumentException("not a RISC-V executable (ET_EXEC, EM_RISCV)");
        }
        long entry = b.getLong(24);
        long phoff = b.getLong(32);
        int phentsize = b.getShort(54) & 0xFFFF;
        int phnum = b.getShort(56) & 0xFFFF;
        for (int i = 0; i < phnum; i++) {
            int ph = (int) (phoff + (long) i * phentsize);
            if (b.getInt(ph) != 1) { // PT_LOAD
                continue;
            }
            int flags = b.getInt(ph + 4);
            long offset = b.getLong(ph + 8);
            long vaddr = b.getLong(ph + 16);
            long filesz = b.getLong(ph + 32);
            long memsz = b.getLong(ph + 40);
            int perms = ((flags & 4) != 0 ? TestMemory.R : 0) | ((flags & 2) != 0 ? TestMemory.W : 0)
                    | ((flags & 1) != 0 ? TestMemory.X : 0);
            mem.map(vaddr, memsz, perms);
            byte[] bytes = new byte[(int) filesz];
            System.arraycopy(file, (int) offset, bytes, 0, bytes.length);
            mem.poke(vaddr, bytes);
        }
        mem.map(STACK_TOP - STACK_SIZE, STACK_SIZE, TestMemory.R | TestMemory.W);
        return entry;
    }

    /**
     * Writes argc, argv (with its strings), an empty envp and an empty auxiliary vector
     * at the top of the stack, as Linux lays them out, and returns the stack pointer.
     */
    static long initialStack(TestMemory mem, String... args) {
        long top = STACK_TOP - 16;
        long[] pointers = new long[args.length];
        for (int i = args.length - 1; i >= 0; i--) {
            byte[] s = (args[i] + "\0").getBytes(java.nio.charset.StandardCharsets.UTF_8);
            top -= s.length;
            mem.poke(top, s);
            pointers[i] = top;
        }
        int words = 1 + args.length + 1 + 1 + 2; // argc, argv..., NULL, envp NULL, AT_NULL pair
        long sp = (top - 8L * words) & -16L;
        ByteBuffer b = ByteBuffer.allocate(8 * words).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(args.length);
        for (long p : pointers) {
            b.putLong(p);
        }
        mem.poke(sp, b.array());
        return sp;
    }
}
