package dev.cowvm.riscv.loader;

import static dev.cowvm.riscv.loader.LittleEndian.u16;
import static dev.cowvm.riscv.loader.LittleEndian.u32;
import static dev.cowvm.riscv.loader.LittleEndian.u64;
import static dev.cowvm.riscv.loader.LittleEndian.u8;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Reads an ELF64 header and its program headers, checking each field before it is used
 * (System V gABI "ELF Header" and "Program Header"; RISC-V psABI for {@code e_flags}).
 * Every offset is checked against the file's length before it is read, and every sum of
 * two file values is checked for overflow, so no input makes it throw.
 */
final class ElfParser {
    static final int EHDR_SIZE = 64;
    static final int PHDR_SIZE = 56;
    /** Linux's {@code load_elf_phdrs} refuses a table larger than a page. */
    static final int MAX_PHDR_BYTES = 4096;
    /** No paging mode reaches further (Sv57 has 56 bits of user space at most). */
    static final long MAX_ADDRESS = 1L << 56;
    /** Alignments above this are refused as absurd (they only matter for static-pie's bias). */
    static final long MAX_ALIGN = 1L << 30;

    private static final int ET_REL = 1;
    private static final int ET_EXEC = 2;
    private static final int ET_DYN = 3;
    private static final int ET_CORE = 4;
    /** RISC-V psABI: e_flags bit 3 is RVE; bits 1-2 the float ABI (0 soft, 1 single, 2 double, 3 quad). */
    private static final int EF_RISCV_RVE = 0x8;
    private static final int EF_RISCV_FLOAT_ABI_QUAD = 0x6;
    private static final int NT_GNU_ABI_TAG = 1;

    private ElfParser() {
    }

    static LoadResult<ElfFile> parse(byte[] f) {
        if (f.length < 4 || f[0] != 0x7f || f[1] != 'E' || f[2] != 'L' || f[3] != 'F') {
            return bad(notElf(f));
        }
        if (f.length < EHDR_SIZE) {
            return bad("truncated: the file is " + f.length + " bytes, shorter than the " + EHDR_SIZE
                    + "-byte ELF64 header");
        }
        int elfClass = u8(f, 4);
        if (elfClass != 2) {
            return bad(elfClass == 1 ? "a 32-bit ELF file (ELFCLASS32); cowvm runs 64-bit RISC-V programs"
                    : "unknown ELF class " + elfClass + "; cowvm runs 64-bit RISC-V programs (ELFCLASS64)");
        }
        int data = u8(f, 5);
        if (data != 1) {
            return bad(data == 2 ? "a big-endian ELF file (ELFDATA2MSB); RISC-V programs are little-endian"
                    : "unknown ELF data encoding " + data + "; expected little-endian (ELFDATA2LSB)");
        }
        if (u8(f, 6) != 1) {
            return bad("ELF identification version " + u8(f, 6) + ", expected 1 (EV_CURRENT)");
        }
        int machine = u16(f, 18);
        if (machine != ElfFile.EM_RISCV) {
            return bad("built for " + machineName(machine) + " (e_machine " + machine + "), not RISC-V ("
                    + ElfFile.EM_RISCV + ")");
        }
        int type = u16(f, 16);
        LoadResult<ElfFile> typeProblem = checkType(type);
        if (typeProblem != null) {
            return typeProblem;
        }
        int osAbi = u8(f, 7);
        if (osAbi != ElfFile.ELFOSABI_SYSV && osAbi != ElfFile.ELFOSABI_GNU) {
            return bad("built for " + osAbiName(osAbi) + " (OS/ABI " + osAbi
                    + "); cowvm runs xv6 and Linux programs (OS/ABI 0 or 3)");
        }
        if (u32(f, 20) != 1) {
            return bad("ELF version " + u32(f, 20) + ", expected 1 (EV_CURRENT)");
        }
        int flags = (int) u32(f, 48);
        if ((flags & EF_RISCV_RVE) != 0) {
            return bad("built for RVE (e_flags 0x" + Integer.toHexString(flags)
                    + "), the embedded base with 16 registers; cowvm runs RV64GC programs");
        }
        if ((flags & EF_RISCV_FLOAT_ABI_QUAD) == EF_RISCV_FLOAT_ABI_QUAD) {
            return bad("built for the quad-float ABI (e_flags 0x" + Integer.toHexString(flags)
                    + "), which needs the Q extension; cowvm's CPU is RV64GC");
        }
        return parseProgramHeaders(f, type == ET_DYN, osAbi, flags);
    }

    private static LoadResult<ElfFile> parseProgramHeaders(byte[] f, boolean pie, int osAbi, int flags) {
        long entry = u64(f, 24);
        long phoff = u64(f, 32);
        int phentsize = u16(f, 54);
        int phnum = u16(f, 56);
        if (phnum == 0) {
            return bad("no program headers (e_phnum 0): nothing to load");
        }
        if (phentsize != PHDR_SIZE) {
            return bad("program headers of " + phentsize + " bytes (e_phentsize); ELF64 ones are " + PHDR_SIZE);
        }
        if ((long) phnum * PHDR_SIZE > MAX_PHDR_BYTES) {
            return bad(phnum + " program headers (" + (long) phnum * PHDR_SIZE + " bytes) are more than the "
                    + MAX_PHDR_BYTES + " bytes Linux accepts");
        }
        if (phoff < 0 || phoff > f.length - (long) phnum * PHDR_SIZE) {
            return bad(String.format("truncated: the program header table [0x%x, +%d bytes) passes the end of the"
                    + " %d-byte file", phoff, phnum * PHDR_SIZE, f.length));
        }
        List<ProgramHeader> all = new ArrayList<>(phnum);
        List<ProgramHeader> loads = new ArrayList<>();
        ProgramHeader tls = null;
        boolean execStack = false;
        ElfFile.AbiNote note = null;
        for (int i = 0; i < phnum; i++) {
            int at = (int) phoff + i * PHDR_SIZE;
            ProgramHeader ph = new ProgramHeader(i, u32(f, at), (int) u32(f, at + 4), u64(f, at + 8),
                    u64(f, at + 16), u64(f, at + 32), u64(f, at + 40), u64(f, at + 48));
            all.add(ph);
            if (ph.type() == ProgramHeader.PT_INTERP) {
                return LoadResult.err(LoadFailure.DYNAMICALLY_LINKED, "dynamically linked" + interpreter(f, ph)
                        + ": cowvm runs static programs only; link it with -static");
            } else if (ph.type() == ProgramHeader.PT_LOAD) {
                String problem = checkLoad(f, ph);
                if (problem != null) {
                    return bad(ph + ": " + problem);
                }
                if (ph.memsz() > 0) {
                    loads.add(ph);
                }
            } else if (ph.type() == ProgramHeader.PT_TLS) {
                if (tls != null) {
                    return bad(ph + ": a second PT_TLS (the first is program header " + tls.index() + ")");
                }
                String problem = checkTls(ph);
                if (problem != null) {
                    return bad(ph + ": " + problem);
                }
                tls = ph;
            } else if (ph.type() == ProgramHeader.PT_GNU_STACK) {
                execStack = (ph.flags() & ProgramHeader.PF_X) != 0;
            } else if (ph.type() == ProgramHeader.PT_NOTE && note == null) {
                note = abiNote(f, ph);
            }
        }
        if (loads.isEmpty()) {
            return bad("no PT_LOAD segment with bytes in memory: nothing to run");
        }
        loads.sort(Comparator.comparingLong(ProgramHeader::vaddr));
        for (int i = 1; i < loads.size(); i++) {
            ProgramHeader a = loads.get(i - 1);
            ProgramHeader b = loads.get(i);
            if (b.vaddr() < a.end()) {
                return bad(String.format("%s [0x%x, 0x%x) and %s [0x%x, 0x%x) overlap", a, a.vaddr(), a.end(), b,
                        b.vaddr(), b.end()));
            }
        }
        if (!inExecutableSegment(loads, entry)) {
            return bad(String.format("the entry point 0x%x is not inside an executable PT_LOAD segment", entry));
        }
        if (tls != null && !insideSome(loads, tls.vaddr(), tls.filesz())) {
            return bad(String.format("%s: its initial image [0x%x, +0x%x) is not inside a PT_LOAD segment", tls,
                    tls.vaddr(), tls.filesz()));
        }
        return LoadResult.ok(new ElfFile(f, pie, osAbi, flags, entry, phoff, all, loads, tls, execStack, note));
    }

    private static LoadResult<ElfFile> checkType(int type) {
        return switch (type) {
            case ET_EXEC, ET_DYN -> null;
            case ET_REL -> bad("an object file (ET_REL), not an executable: link it first");
            case ET_CORE -> bad("a core dump (ET_CORE), not an executable");
            default -> bad("ELF type " + type + " is not an executable (expected ET_EXEC 2 or ET_DYN 3)");
        };
    }

    /** The problem with a PT_LOAD entry, or null. */
    private static String checkLoad(byte[] f, ProgramHeader ph) {
        if (ph.filesz() < 0 || ph.memsz() < 0 || ph.memsz() > MAX_ADDRESS) {
            return String.format("absurd size: 0x%x bytes in the file, 0x%x in memory", ph.filesz(), ph.memsz());
        }
        if (ph.filesz() > ph.memsz()) {
            return String.format("its size in the file (0x%x) is larger than in memory (0x%x)", ph.filesz(),
                    ph.memsz());
        }
        if (ph.offset() < 0 || ph.offset() > f.length || ph.filesz() > f.length - ph.offset()) {
            return String.format("truncated: its bytes [0x%x, +0x%x) pass the end of the %d-byte file",
                    ph.offset(), ph.filesz(), f.length);
        }
        if (ph.vaddr() < 0 || ph.vaddr() > MAX_ADDRESS - ph.memsz()) {
            return String.format("absurd address: [0x%x, +0x%x) lies beyond any user address space", ph.vaddr(),
                    ph.memsz());
        }
        if (ph.align() > MAX_ALIGN || ph.align() < 0) {
            return String.format("absurd alignment 0x%x", ph.align());
        }
        return null;
    }

    private static String checkTls(ProgramHeader ph) {
        if (ph.filesz() < 0 || ph.memsz() < 0 || ph.filesz() > ph.memsz() || ph.memsz() > MAX_ADDRESS) {
            return String.format("absurd sizes: 0x%x bytes of initial image, 0x%x in all", ph.filesz(), ph.memsz());
        }
        if (ph.align() < 0 || ph.align() > MAX_ALIGN || (ph.align() & (ph.align() - 1)) != 0) {
            return String.format("its alignment 0x%x is not a power of two", ph.align());
        }
        if (ph.vaddr() < 0 || ph.vaddr() > MAX_ADDRESS) {
            return String.format("absurd address 0x%x", ph.vaddr());
        }
        return null;
    }

    private static boolean inExecutableSegment(List<ProgramHeader> loads, long va) {
        for (ProgramHeader s : loads) {
            if ((s.flags() & ProgramHeader.PF_X) != 0 && va >= s.vaddr() && va < s.end()) {
                return true;
            }
        }
        return false;
    }

    private static boolean insideSome(List<ProgramHeader> loads, long va, long length) {
        for (ProgramHeader s : loads) {
            if (va >= s.vaddr() && length <= s.end() - va) {
                return true;
            }
        }
        return false;
    }

    /** The GNU ABI tag among a PT_NOTE segment's notes, or null; a malformed note is ignored, as Linux ignores notes. */
    private static ElfFile.AbiNote abiNote(byte[] f, ProgramHeader ph) {
        if (ph.offset() < 0 || ph.filesz() < 0 || ph.offset() > f.length || ph.filesz() > f.length - ph.offset()) {
            return null;
        }
        long align = ph.align() == 8 ? 8 : 4;
        long at = ph.offset();
        long end = ph.offset() + ph.filesz();
        while (end - at >= 12) {
            long nameSize = u32(f, (int) at);
            long descSize = u32(f, (int) at + 4);
            long noteType = u32(f, (int) at + 8);
            long name = at + 12;
            long desc = roundUp(name + nameSize, align);
            long next = roundUp(desc + descSize, align);
            if (desc > end || desc + descSize > end) {
                return null;
            }
            if (noteType == NT_GNU_ABI_TAG && nameSize == 4 && descSize >= 16 && f[(int) name] == 'G'
                    && f[(int) name + 1] == 'N' && f[(int) name + 2] == 'U' && f[(int) name + 3] == 0) {
                int d = (int) desc;
                return new ElfFile.AbiNote(u32(f, d), u32(f, d + 4), u32(f, d + 8), u32(f, d + 12));
            }
            at = next;
        }
        return null;
    }

    private static long roundUp(long v, long align) {
        return (v + align - 1) & -align;
    }

    /** " (its interpreter is /lib/ld.so)" when the path is readable, else "". */
    private static String interpreter(byte[] f, ProgramHeader ph) {
        if (ph.offset() < 0 || ph.filesz() <= 1 || ph.filesz() > 256 || ph.offset() > f.length - ph.filesz()) {
            return "";
        }
        StringBuilder path = new StringBuilder();
        for (int i = 0; i < ph.filesz() - 1; i++) {
            int c = f[(int) ph.offset() + i] & 0xFF;
            if (c < 0x20 || c > 0x7e) {
                return "";
            }
            path.append((char) c);
        }
        return " (its interpreter is " + path + ")";
    }

    private static String notElf(byte[] f) {
        if (f.length >= 2 && f[0] == '#' && f[1] == '!') {
            return "a script (it starts with #!), not an ELF executable: cowvm runs ELF programs only";
        }
        if (f.length == 0) {
            return "an empty file, not an ELF executable";
        }
        StringBuilder hex = new StringBuilder();
        for (int i = 0; i < Math.min(4, f.length); i++) {
            hex.append(String.format(" %02x", f[i] & 0xFF));
        }
        String start = new String(f, 0, Math.min(4, f.length), StandardCharsets.ISO_8859_1)
                .replaceAll("[^\\x20-\\x7e]", ".");
        return "not an ELF file: it starts with" + hex + " ('" + start + "'), not 7f 45 4c 46 ('.ELF')";
    }

    static String machineName(int machine) {
        return switch (machine) {
            case 0 -> "no machine";
            case 3 -> "x86 (i386)";
            case 8 -> "MIPS";
            case 20 -> "PowerPC";
            case 21 -> "64-bit PowerPC";
            case 22 -> "IBM S/390";
            case 40 -> "ARM";
            case 62 -> "x86-64";
            case 183 -> "AArch64";
            case 258 -> "LoongArch";
            default -> "machine " + machine;
        };
    }

    private static String osAbiName(int osAbi) {
        return switch (osAbi) {
            case 1 -> "HP-UX";
            case 2 -> "NetBSD";
            case 6 -> "Solaris";
            case 9 -> "FreeBSD";
            case 12 -> "OpenBSD";
            case 255 -> "a standalone (embedded) system";
            default -> "another operating system";
        };
    }

    private static LoadResult<ElfFile> bad(String message) {
        return LoadResult.err(LoadFailure.NOT_EXECUTABLE, message);
    }
}
