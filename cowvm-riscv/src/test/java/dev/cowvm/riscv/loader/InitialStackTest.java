package dev.cowvm.riscv.loader;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The stack images, address by address, worked out by hand from the rules in InitialStack's comment. */
class InitialStackTest {

    private static long word(InitialStack.Image image, long va) {
        return LittleEndian.u64(image.bytes(), (int) (va - image.sp()));
    }

    private static String string(InitialStack.Image image, long va) {
        StringBuilder s = new StringBuilder();
        for (int i = (int) (va - image.sp()); image.bytes()[i] != 0; i++) {
            s.append((char) (image.bytes()[i] & 0xFF));
        }
        return s.toString();
    }

    @Test
    void xv6PushesEachStringAlignedThenThePointers() {
        InitialStack.Image image = InitialStack.xv6(0x3000, 0x2000, List.of("ab", "c")).orElseThrow();
        // "ab\0" from 0x3000 is 0x2ffd, aligned down 0x2ff0; "c\0" 0x2fee -> 0x2fe0; 3 pointers 0x2fc8 -> 0x2fc0.
        assertThat(image.sp()).isEqualTo(0x2fc0);
        assertThat(image.argv()).isEqualTo(0x2fc0);
        assertThat(image.argc()).isEqualTo(2);
        assertThat(word(image, 0x2fc0)).isEqualTo(0x2ff0);
        assertThat(word(image, 0x2fc8)).isEqualTo(0x2fe0);
        assertThat(word(image, 0x2fd0)).isZero();
        assertThat(string(image, 0x2ff0)).isEqualTo("ab");
        assertThat(string(image, 0x2fe0)).isEqualTo("c");
        assertThat(image.bytes()).hasSize(0x40);
        assertThat(image.aux()).isEmpty();
    }

    @Test
    void xv6WithNoArgumentsStillHasTheNullPointer() {
        InitialStack.Image image = InitialStack.xv6(0x3000, 0x2000, List.of()).orElseThrow();
        assertThat(image.sp()).isEqualTo(0x2ff0);
        assertThat(word(image, 0x2ff0)).isZero();
    }

    @Test
    void xv6RefusesWhatDoesNotFitExactlyAtTheBoundary() {
        // One string of 4080 bytes plus NUL: 0x3000-4081 = 0x200f -> 0x2000, then the pointers go below the base.
        assertThat(InitialStack.xv6(0x3000, 0x2000, List.of("x".repeat(4080))).failure())
                .isEqualTo(LoadFailure.ARGUMENTS_TOO_LONG);
        // 4063 bytes: the string at 0x2020, two pointers at 0x2010: fits.
        assertThat(InitialStack.xv6(0x3000, 0x2000, List.of("x".repeat(4063))).orElseThrow().sp()).isEqualTo(0x2010);
    }

    @Test
    void linuxPutsStringsAtTheTopAndTheVectorsBelow() {
        byte[] random = new byte[16];
        for (int i = 0; i < 16; i++) {
            random[i] = (byte) (i + 1);
        }
        InitialStack.LinuxFacts facts = new InitialStack.LinuxFacts(0x10100, 0x10040, 7, null, 0x112d, 5, 6);
        InitialStack.Image image = InitialStack.linux(0x10000, 0, "/p", List.of("p"), List.of("A=1"), random, facts)
                .orElseThrow();
        // 8 zero bytes from 0x10000: 0xfff8; "/p\0" 0xfff5; "A=1\0" 0xfff1; "p\0" 0xffef; random 0xffdf.
        // 17 aux pairs (272 bytes) and 5 words below: (0xffdf - 0x138) & ~15 = 0xfea0.
        assertThat(image.sp()).isEqualTo(0xfea0);
        assertThat(word(image, 0xfea0)).as("argc").isEqualTo(1);
        assertThat(image.argv()).isEqualTo(0xfea8);
        assertThat(word(image, 0xfea8)).isEqualTo(0xffef);
        assertThat(word(image, 0xfeb0)).isZero();
        assertThat(image.envp()).isEqualTo(0xfeb8);
        assertThat(word(image, 0xfeb8)).isEqualTo(0xfff1);
        assertThat(word(image, 0xfec0)).isZero();
        assertThat(image.auxv()).isEqualTo(0xfec8);
        assertThat(string(image, 0xffef)).isEqualTo("p");
        assertThat(string(image, 0xfff1)).isEqualTo("A=1");
        assertThat(string(image, 0xfff5)).isEqualTo("/p");
        assertThat(word(image, 0xfff8)).isZero();
        assertThat(image.bytes()[0xffdf - 0xfea0]).isEqualTo((byte) 1);
        assertThat(image.aux()).hasSize(17);
        for (int i = 0; i < 17; i++) {
            assertThat(word(image, 0xfec8 + 16L * i)).isEqualTo(image.aux().get(i).type());
            assertThat(word(image, 0xfec8 + 16L * i + 8)).isEqualTo(image.aux().get(i).value());
        }
        assertThat(image.aux()).contains(new AuxEntry(AuxEntry.AT_RANDOM, 0xffdf), new AuxEntry(AuxEntry.AT_EXECFN,
                0xfff5), new AuxEntry(AuxEntry.AT_PHDR, 0x10040), new AuxEntry(AuxEntry.AT_UID, 5),
                new AuxEntry(AuxEntry.AT_EGID, 6), new AuxEntry(AuxEntry.AT_ENTRY, 0x10100),
                new AuxEntry(AuxEntry.AT_PHNUM, 7));
    }

    @Test
    void linuxRefusesTooMuchOrTooLong() {
        InitialStack.LinuxFacts facts = new InitialStack.LinuxFacts(0, 0, 1, null, 0, 0, 0);
        byte[] random = new byte[16];
        LoadResult<InitialStack.Image> quarter = InitialStack.linux(0x40000, 0, "p", List.of("x".repeat(0x10000)),
                List.of(), random, facts);
        assertThat(quarter.failure()).isEqualTo(LoadFailure.ARGUMENTS_TOO_LONG);
        assertThat(quarter.message()).contains("more than a quarter of the 262144-byte stack");
        LoadResult<InitialStack.Image> string = InitialStack.linux(1L << 30, 0, "p", List.of("x".repeat(32 * 4096)),
                List.of(), random, facts);
        assertThat(string.message()).isEqualTo("an argument of 131072 bytes is longer than 131072");
        LoadResult<InitialStack.Image> env = InitialStack.linux(1L << 30, 0, "p", List.of(),
                List.of("x".repeat(32 * 4096)), random, facts);
        assertThat(env.message()).startsWith("an environment string of 131072 bytes");
    }
}
