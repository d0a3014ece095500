package dev.cowvm.riscv.loader;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds small ELF64 files by hand for the loader's tests: a valid static RISC-V
 * executable by default, every header field settable to something wrong.
 *
 * <p>Layout: the 64-byte header, the program headers at {@code phoff} (64 unless set),
 * then each segment's bytes at the first free offset congruent to its address modulo the
 * page size, as a linker places them. A segment given an explicit offset gets its header
 * only: its bytes are written if they fit in the file, which it does not grow; the same
 * holds for a program header table given an explicit {@code phoff}.
 */
final class ElfBuilder {
    int elfClass = 2;
    int data = 1;
    int identVersion = 1;
    int osAbi = 0;
    int type = 2;
    int machine = 243;
    long version = 1;
    long entry = 0x10000;
    Long phoff;
    int flags = 0x5;
    int phentsize = 56;
    Integer phnum;
    private final List<Segment> segments = new ArrayList<>();

    /** One program header and the bytes it describes. */
    static final class Segment {
        long type;
        int flags;
        Long offset;
        long vaddr;
        Long filesz;
        long memsz;
        long align = 0x1000;
        byte[] bytes = new byte[0];

        Segment offset(long o) {
            offset = o;
            return this;
        }

        Segment filesz(long n) {
            filesz = n;
            return this;
        }

        Segment align(long a) {
            align = a;
            return this;
        }
    }

    /** A valid program: one executable segment at 0x10000 holding a few instructions. */
    static ElfBuilder minimal() {
        ElfBuilder b = new ElfBuilder();
        b.load(0x10000, ProgramHeader.PF_R | ProgramHeader.PF_X, new byte[] {0x13, 0, 0, 0, 0x73, 0, 0, 0}, 8);
        return b;
    }

    Segment load(long vaddr, int segmentFlags, byte[] bytes, long memsz) {
        return segment(ProgramHeader.PT_LOAD, vaddr, segmentFlags, bytes, memsz);
    }

    Segment segment(long segmentType, long vaddr, int segmentFlags, byte[] bytes, long memsz) {
        Segment s = new Segment();
        s.type = segmentType;
        s.vaddr = vaddr;
        s.flags = segmentFlags;
        s.bytes = bytes;
        s.memsz = memsz;
        segments.add(s);
        return s;
    }

    /** A GNU ABI note for Linux 3.2.0 in a PT_NOTE segment (not loaded). */
    ElfBuilder linuxNote() {
        ByteBuffer note = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN);
        note.putInt(4).putInt(16).putInt(1).put(new byte[] {'G', 'N', 'U', 0}).putInt(0).putInt(3).putInt(2).putInt(0);
        segment(ProgramHeader.PT_NOTE, 0, ProgramHeader.PF_R, note.array(), 0).align(4);
        return this;
    }

    byte[] build() {
        int n = phnum != null ? phnum : segments.size();
        long tableAt = phoff != null ? phoff : 64;
        long next = 64 + 56L * segments.size(); // an explicit phoff does not grow the file either
        List<Long> offsets = new ArrayList<>();
        for (Segment s : segments) {
            long at;
            if (s.offset != null) {
                at = s.offset;
            } else {
                at = next;
                long want = s.vaddr & 0xFFF;
                while ((at & 0xFFF) != want) {
                    at++;
                }
            }
            offsets.add(at);
            if (s.offset == null) {
                next = Math.max(next, at + s.bytes.length);
            }
        }
        long size = Math.max(next, 64 + 56L * segments.size());
        ByteBuffer f = ByteBuffer.allocate((int) size).order(ByteOrder.LITTLE_ENDIAN);
        f.put(new byte[] {0x7f, 'E', 'L', 'F', (byte) elfClass, (byte) data, (byte) identVersion, (byte) osAbi});
        f.position(16);
        f.putShort((short) type).putShort((short) machine).putInt((int) version).putLong(entry).putLong(tableAt)
                .putLong(0).putInt(flags).putShort((short) 64).putShort((short) phentsize).putShort((short) n)
                .putShort((short) 64).putShort((short) 0).putShort((short) 0);
        for (int i = 0; i < segments.size(); i++) {
            Segment s = segments.get(i);
            long off = offsets.get(i);
            int at = (int) tableAt + 56 * i;
            if (at >= 0 && at + 56 <= size) {
                f.putInt(at, (int) s.type).putInt(at + 4, s.flags).putLong(at + 8, off).putLong(at + 16, s.vaddr)
                        .putLong(at + 24, s.vaddr).putLong(at + 32, s.filesz != null ? s.filesz : s.bytes.length)
                        .putLong(at + 40, s.memsz).putLong(at + 48, s.align);
            }
            if (off >= 0 && off + s.bytes.length <= size) {
                f.put((int) off, s.bytes);
            }
        }
        return f.array();
    }

    /** The first {@code n} bytes of a file. */
    static byte[] truncate(byte[] file, int n) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(file, 0, n);
        return out.toByteArray();
    }
}
