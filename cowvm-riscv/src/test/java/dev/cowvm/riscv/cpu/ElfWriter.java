package dev.cowvm.riscv.cpu;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Writes the smallest static RISC-V ELF64 executable Linux and qemu-riscv64 accept: the
 * ELF header, two program headers (PT_LOAD code R+X, PT_LOAD data R+W), and the two
 * segments at file offsets congruent to their addresses modulo the page size. No
 * sections are needed to run.
 */
final class ElfWriter {
    static final long CODE = 0x10000;
    static final long DATA = 0x40000;
    private static final int PAGE = 4096;

    private ElfWriter() {
    }

    /**
     * @param code    the instructions, placed at {@link #CODE}, which is also the entry
     * @param data    initial data, placed at {@link #DATA}
     * @param dataSize bytes of the data segment in memory (zero beyond {@code data})
     */
    static byte[] executable(byte[] code, byte[] data, int dataSize) {
        if (CODE + code.length > DATA) {
            throw new IllegalArgumentException("code of " + code.length + " bytes runs into the data segment");
        }
        int codeOffset = PAGE;
        int dataOffset = codeOffset + roundUp(code.length);
        ByteBuffer b = ByteBuffer.allocate(dataOffset + roundUp(data.length)).order(ByteOrder.LITTLE_ENDIAN);
        // e_ident: magic, ELFCLASS64, ELFDATA2LSB, EV_CURRENT, ELFOSABI_SYSV
        b.put(new byte[] {0x7F, 'E', 'L', 'F', 2, 1, 1, 0});
        b.position(16);
        b.putShort((short) 2);      // e_type ET_EXEC
        b.putShort((short) 243);    // e_machine EM_RISCV
        b.putInt(1);                // e_version
        b.putLong(CODE);            // e_entry
        b.putLong(64);              // e_phoff
        b.putLong(0);               // e_shoff
        b.putInt(0x5);              // e_flags: EF_RISCV_RVC | EF_RISCV_FLOAT_ABI_DOUBLE
        b.putShort((short) 64);     // e_ehsize
        b.putShort((short) 56);     // e_phentsize
        b.putShort((short) 2);      // e_phnum
        b.putShort((short) 64);     // e_shentsize
        b.putShort((short) 0);      // e_shnum
        b.putShort((short) 0);      // e_shstrndx
        programHeader(b, 5, codeOffset, CODE, code.length, code.length);
        programHeader(b, 6, dataOffset, DATA, data.length, Math.max(dataSize, data.length));
        b.position(codeOffset);
        b.put(code);
        b.position(dataOffset);
        b.put(data);
        return b.array();
    }

    private static void programHeader(ByteBuffer b, int flags, long offset, long vaddr, long filesz, long memsz) {
        b.putInt(1);        // PT_LOAD
        b.putInt(flags);    // PF_R 4 | PF_W 2 | PF_X 1
        b.putLong(offset);
        b.putLong(vaddr);
        b.putLong(vaddr);
        b.putLong(filesz);
        b.putLong(memsz);
        b.putLong(PAGE);
    }

    private static int roundUp(int n) {
        return (n + PAGE - 1) & -PAGE;
    }
}
