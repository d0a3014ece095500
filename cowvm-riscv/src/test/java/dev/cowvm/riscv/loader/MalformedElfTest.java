package dev.cowvm.riscv.loader;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Every way a file can be refused: the failure, and a message that names the problem. */
class MalformedElfTest {

    private static void refused(byte[] file, LoadFailure failure, String message) {
        LoadResult<ElfFile> r = ElfFile.parse(file);
        assertThat(r.failure()).as(r.message()).isEqualTo(failure);
        assertThat(r.message()).contains(message);
    }

    private static void refused(Consumer<ElfBuilder> change, String message) {
        ElfBuilder b = ElfBuilder.minimal();
        change.accept(b);
        refused(b.build(), LoadFailure.NOT_EXECUTABLE, message);
    }

    @Test
    void theMinimalFileIsValid() {
        ElfFile elf = ElfFile.parse(ElfBuilder.minimal().build()).orElseThrow();
        assertThat(elf.entry()).isEqualTo(0x10000);
        assertThat(elf.loadSegments()).hasSize(1);
    }

    @Test
    void filesThatAreNotElfAtAll() {
        refused(new byte[0], LoadFailure.NOT_EXECUTABLE, "an empty file");
        refused("#!/bin/sh\necho hi\n".getBytes(StandardCharsets.US_ASCII), LoadFailure.NOT_EXECUTABLE,
                "a script (it starts with #!)");
        refused(new byte[] {'M', 'Z', (byte) 0x90, 0}, LoadFailure.NOT_EXECUTABLE,
                "it starts with 4d 5a 90 00 ('MZ..'), not 7f 45 4c 46");
        refused(new byte[] {0x7f, 'E'}, LoadFailure.NOT_EXECUTABLE, "not an ELF file");
    }

    @Test
    void aTruncatedHeader() {
        refused(ElfBuilder.truncate(ElfBuilder.minimal().build(), 40), LoadFailure.NOT_EXECUTABLE,
                "the file is 40 bytes, shorter than the 64-byte ELF64 header");
    }

    @Test
    void theWrongClassEndiannessOrVersion() {
        refused(b -> b.elfClass = 1, "a 32-bit ELF file (ELFCLASS32)");
        refused(b -> b.elfClass = 7, "unknown ELF class 7");
        refused(b -> b.data = 2, "big-endian");
        refused(b -> b.data = 0, "unknown ELF data encoding 0");
        refused(b -> b.identVersion = 0, "identification version 0");
        refused(b -> b.version = 2, "ELF version 2, expected 1");
    }

    @Test
    void anotherMachineOrOperatingSystem() {
        refused(b -> b.machine = 62, "built for x86-64 (e_machine 62), not RISC-V (243)");
        refused(b -> b.machine = 183, "built for AArch64");
        refused(b -> b.machine = 9999, "built for machine 9999");
        refused(b -> b.osAbi = 9, "built for FreeBSD (OS/ABI 9)");
        refused(b -> b.osAbi = 97, "another operating system");
        refused(b -> b.flags = 0x8 | 0x5, "RVE");
        refused(b -> b.flags = 0x7, "quad-float ABI");
    }

    @Test
    void notAnExecutable() {
        refused(b -> b.type = 1, "an object file (ET_REL), not an executable: link it first");
        refused(b -> b.type = 4, "a core dump (ET_CORE)");
        refused(b -> b.type = 0, "ELF type 0 is not an executable");
    }

    @Test
    void badProgramHeaderTables() {
        refused(b -> b.phnum = 0, "no program headers");
        refused(b -> b.phentsize = 32, "program headers of 32 bytes (e_phentsize); ELF64 ones are 56");
        refused(b -> b.phnum = 74, "74 program headers (4144 bytes) are more than the 4096 bytes Linux accepts");
        refused(b -> b.phoff = 0x7fff_0000L, "truncated: the program header table [0x7fff0000, +56 bytes)");
        refused(b -> b.phoff = -8L, "truncated: the program header table");
    }

    @Test
    void aDynamicallyLinkedProgramIsToldToLinkStatically() {
        ElfBuilder b = ElfBuilder.minimal();
        b.segment(ProgramHeader.PT_INTERP, 0, ProgramHeader.PF_R,
                "/lib/ld-linux-riscv64-lp64d.so.1\0".getBytes(StandardCharsets.US_ASCII), 0).align(1);
        refused(b.build(), LoadFailure.DYNAMICALLY_LINKED,
                "dynamically linked (its interpreter is /lib/ld-linux-riscv64-lp64d.so.1): cowvm runs static"
                        + " programs only; link it with -static");
        ElfBuilder unreadable = ElfBuilder.minimal();
        unreadable.segment(ProgramHeader.PT_INTERP, 0, 0, new byte[] {1, 2, 3}, 0).offset(1 << 20).filesz(3);
        refused(unreadable.build(), LoadFailure.DYNAMICALLY_LINKED, "dynamically linked: cowvm runs static");
    }

    @Test
    void segmentsWhoseSizesOrPlacesMakeNoSense() {
        refused(b -> b.load(0x20000, ProgramHeader.PF_R, new byte[16], 8),
                "program header 1 (PT_LOAD): its size in the file (0x10) is larger than in memory (0x8)");
        refused(b -> b.load(0x20000, ProgramHeader.PF_R, new byte[16], 16).offset(1 << 20),
                "program header 1 (PT_LOAD): truncated: its bytes [0x100000, +0x10) pass the end of the");
        refused(b -> b.load(0x20000, ProgramHeader.PF_R, new byte[16], 1 << 21).filesz(1 << 20),
                "truncated: its bytes");
        refused(b -> b.load(0x20000, ProgramHeader.PF_R, new byte[0], 1L << 60), "absurd size");
        refused(b -> b.load(0x20000, ProgramHeader.PF_R, new byte[0], -1L), "absurd size");
        refused(b -> b.load(1L << 57, ProgramHeader.PF_R, new byte[0], 4096), "absurd address");
        refused(b -> b.load(0x20000, ProgramHeader.PF_R, new byte[0], 4096).align(1L << 40), "absurd alignment");
    }

    @Test
    void overlappingSegments() {
        refused(b -> b.load(0x10004, ProgramHeader.PF_R, new byte[0], 0x100),
                "program header 0 (PT_LOAD) [0x10000, 0x10008) and program header 1 (PT_LOAD) [0x10004, 0x10104)"
                        + " overlap");
        refused(b -> b.load(0x8000, ProgramHeader.PF_R, new byte[0], 0x100000), "overlap");
    }

    @Test
    void nothingToRunOrAnEntryOutsideTheCode() {
        ElfBuilder empty = new ElfBuilder();
        empty.segment(ProgramHeader.PT_NOTE, 0, 0, new byte[4], 0);
        refused(empty.build(), LoadFailure.NOT_EXECUTABLE, "no PT_LOAD segment");
        ElfBuilder onlyEmptyLoad = new ElfBuilder();
        onlyEmptyLoad.load(0x10000, ProgramHeader.PF_R | ProgramHeader.PF_X, new byte[0], 0);
        refused(onlyEmptyLoad.build(), LoadFailure.NOT_EXECUTABLE, "no PT_LOAD segment with bytes in memory");
        refused(b -> b.entry = 0x10008, "the entry point 0x10008 is not inside an executable PT_LOAD segment");
        refused(b -> {
            b.load(0x20000, ProgramHeader.PF_R | ProgramHeader.PF_W, new byte[8], 8);
            b.entry = 0x20000;
        }, "the entry point 0x20000 is not inside an executable");
    }

    @Test
    void badThreadLocalStorage() {
        refused(b -> {
            b.segment(ProgramHeader.PT_TLS, 0x10000, ProgramHeader.PF_R, new byte[4], 8);
            b.segment(ProgramHeader.PT_TLS, 0x10000, ProgramHeader.PF_R, new byte[4], 8);
        }, "program header 2 (PT_TLS): a second PT_TLS (the first is program header 1)");
        refused(b -> b.segment(ProgramHeader.PT_TLS, 0x10000, ProgramHeader.PF_R, new byte[8], 4),
                "absurd sizes");
        refused(b -> b.segment(ProgramHeader.PT_TLS, 0x10000, ProgramHeader.PF_R, new byte[4], 8).align(3),
                "its alignment 0x3 is not a power of two");
        refused(b -> b.segment(ProgramHeader.PT_TLS, 0x50000, ProgramHeader.PF_R, new byte[4], 8),
                "its initial image [0x50000, +0x4) is not inside a PT_LOAD segment");
        refused(b -> b.segment(ProgramHeader.PT_TLS, -4096, ProgramHeader.PF_R, new byte[0], 8), "absurd address");
    }

    @Test
    void unknownAndIgnoredProgramHeadersDoNotMatter() {
        ElfBuilder b = ElfBuilder.minimal();
        b.segment(0x6474_e550L, 0, 0, new byte[0], 0);
        b.segment(0x7000_0003L, 0, 0, new byte[0], 0);
        b.segment(ProgramHeader.PT_NOTE, 0, 0, new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, 0x7f, 0, 0, 0, 0,
            1, 0, 0, 0}, 0).align(4);
        ElfFile elf = ElfFile.parse(b.build()).orElseThrow();
        assertThat(elf.programHeaders()).hasSize(4);
        assertThat(elf.abiNote()).as("a malformed note is ignored").isEmpty();
        assertThat(elf.programHeaders().get(1).typeName()).isEqualTo("type 0x6474e550");
    }
}
