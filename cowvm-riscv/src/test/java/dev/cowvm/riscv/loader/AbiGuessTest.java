package dev.cowvm.riscv.loader;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/** The rule, one piece of evidence at a time, strongest first. */
class AbiGuessTest {

    private static AbiGuess guess(ElfBuilder b) {
        return ElfFile.parse(b.build()).orElseThrow().abiGuess();
    }

    private static ElfBuilder at(long address) {
        ElfBuilder b = new ElfBuilder();
        b.load(address, ProgramHeader.PF_R | ProgramHeader.PF_X, new byte[8], 8);
        b.entry = address;
        return b;
    }

    @Test
    void theGnuOsAbiByteWinsOverTheLinkAddress() {
        ElfBuilder b = at(0);
        b.osAbi = 3;
        assertThat(guess(b)).isEqualTo(new AbiGuess(Abi.LINUX, "the ELF OS/ABI byte is GNU/Linux (3)"));
    }

    @Test
    void aLinuxAbiNoteWinsOverTheLinkAddress() {
        assertThat(guess(at(0).linuxNote())).isEqualTo(new AbiGuess(Abi.LINUX, "a GNU ABI note says Linux 3.2.0"));
    }

    @Test
    void aBuildIdNoteOrAnotherSystemsNoteSaysNothing() {
        ElfBuilder buildId = at(0);
        ByteBuffer note = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        note.putInt(4).putInt(8).putInt(3).put(new byte[] {'G', 'N', 'U', 0}).putLong(0x1234);
        buildId.segment(ProgramHeader.PT_NOTE, 0, ProgramHeader.PF_R, note.array(), 0).align(4);
        assertThat(guess(buildId).abi()).isEqualTo(Abi.XV6);

        ElfBuilder hurd = at(0);
        ByteBuffer tag = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN);
        tag.putInt(4).putInt(16).putInt(1).put(new byte[] {'G', 'N', 'U', 0}).putInt(1).putInt(0).putInt(5).putInt(0);
        hurd.segment(ProgramHeader.PT_NOTE, 0, ProgramHeader.PF_R, tag.array(), 0).align(4);
        ElfFile elf = ElfFile.parse(hurd.build()).orElseThrow();
        assertThat(elf.abiNote().orElseThrow().osName()).isEqualTo("Hurd");
        assertThat(elf.abiGuess().abi()).isEqualTo(Abi.XV6);
    }

    @Test
    void positionIndependentMeansLinux() {
        ElfBuilder b = at(0);
        b.type = 3;
        assertThat(guess(b).abi()).isEqualTo(Abi.LINUX);
    }

    @Test
    void belowLinuxsLowestAddressMeansXv6AndAtOrAboveItLinux() {
        assertThat(guess(at(0xF000)).abi()).isEqualTo(Abi.XV6);
        assertThat(guess(at(0x10000)).abi()).isEqualTo(Abi.LINUX);
        assertThat(guess(at(0x4000_0000)).reason()).contains("linked at 0x40000000 with no sign of xv6");
    }

    @Test
    void labelsParseBack() {
        assertThat(Abi.parse("xv6")).isEqualTo(Abi.XV6);
        assertThat(Abi.parse("linux")).isEqualTo(Abi.LINUX);
        assertThat(Abi.LINUX.label()).isEqualTo("linux");
    }
}
