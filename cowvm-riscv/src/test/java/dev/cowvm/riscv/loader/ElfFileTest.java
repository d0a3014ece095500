package dev.cowvm.riscv.loader;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The committed programs, as built by Debian's cross compilers, read back. */
class ElfFileTest {

    @Test
    void aStaticGlibcProgram() {
        ElfFile hello = Guests.parse("hello.elf");
        assertThat(hello.positionIndependent()).isFalse();
        assertThat(hello.lowestAddress()).as("Linux's default link address").isEqualTo(0x10000);
        assertThat(hello.loadSegments()).hasSize(2);
        assertThat(hello.loadSegments().get(0).protection().label()).isEqualTo("rx");
        assertThat(hello.loadSegments().get(1).protection().label()).isEqualTo("rw");
        assertThat(hello.loadSegments().get(1).memsz()).as("bss").isGreaterThan(hello.loadSegments().get(1).filesz());
        assertThat(hello.tls()).isPresent();
        assertThat(hello.tls().get().memsz()).isGreaterThan(hello.tls().get().filesz());
        assertThat(hello.abiNote()).isPresent();
        assertThat(hello.abiNote().get().osName()).isEqualTo("Linux");
        assertThat(hello.abiNote().get().toString()).startsWith("Linux ");
        assertThat(hello.executableStack()).isFalse();
        assertThat(hello.size()).isEqualTo(Guests.bytes("hello.elf").length);
    }

    @Test
    void xv6ProgramsAreLinkedAtZero() {
        ElfFile xv6 = Guests.parse("xv6hello.elf");
        assertThat(xv6.lowestAddress()).isZero();
        assertThat(xv6.entry()).isZero();
        assertThat(xv6.loadSegments()).extracting(s -> s.protection().label()).containsExactly("rx", "rw");
        assertThat(xv6.loadSegments().get(1).vaddr()).as("data on its own page").isEqualTo(0x1000);
        assertThat(xv6.abiNote()).isEmpty();
        assertThat(xv6.tls()).isEmpty();
    }

    @Test
    void aProgramLinkedWithMinusNHasOneSegmentAtAnUnalignedOffset() {
        ElfFile packed = Guests.parse("packed.elf");
        assertThat(packed.loadSegments()).hasSize(1);
        ProgramHeader only = packed.loadSegments().getFirst();
        assertThat(only.vaddr()).isZero();
        assertThat(only.offset() % 4096).as("the file offset is not page-aligned").isNotZero();
        assertThat(only.protection().label()).isEqualTo("rwx");
    }

    @Test
    void staticPieIsPositionIndependentWithNoInterpreter() {
        ElfFile pie = Guests.parse("pie.elf");
        assertThat(pie.positionIndependent()).isTrue();
        assertThat(pie.programHeaders()).noneMatch(p -> p.type() == ProgramHeader.PT_INTERP);
        assertThat(pie.programHeaders()).anyMatch(p -> p.type() == ProgramHeader.PT_DYNAMIC);
        assertThat(pie.lowestAddress()).isZero();
    }

    @Test
    void aDynamicallyLinkedProgramIsRefusedWithItsInterpreterNamed() {
        LoadResult<ElfFile> r = ElfFile.parse(Guests.bytes("dynamic.elf"));
        assertThat(r.failure()).isEqualTo(LoadFailure.DYNAMICALLY_LINKED);
        assertThat(r.failure().errno()).isEqualTo(8);
        assertThat(r.message()).isEqualTo("dynamically linked (its interpreter is /lib/ld-linux-riscv64-lp64d.so.1):"
                + " cowvm runs static programs only; link it with -static");
    }

    @Test
    void eachProgramsInterfaceIsGuessedWithItsReason() {
        assertThat(Guests.parse("hello.elf").abiGuess())
                .isEqualTo(new AbiGuess(Abi.LINUX, "a GNU ABI note says Linux 4.15.0"));
        assertThat(Guests.parse("xv6hello.elf").abiGuess().abi()).isEqualTo(Abi.XV6);
        assertThat(Guests.parse("xv6hello.elf").abiGuess().reason())
                .isEqualTo("it is linked at 0x0, below 0x10000 where Linux maps nothing; xv6 links its programs at 0");
        assertThat(Guests.parse("packed.elf").abiGuess().abi()).isEqualTo(Abi.XV6);
        assertThat(Guests.parse("pie.elf").abiGuess())
                .isEqualTo(new AbiGuess(Abi.LINUX, "it is position-independent (ET_DYN), which xv6 does not load"));
        assertThat(Guests.parse("bare.elf").abiGuess()).isEqualTo(new AbiGuess(Abi.LINUX,
                "it is linked at 0x10000 with no sign of xv6 (Linux's default address is 0x10000)"));
    }
}
