package dev.cowvm.riscv.cpu;

/** Every test of {@link HartTest} again, with each block translated the first time it is reached. */
class HartTranslatedTest extends HartTest {
    @Override
    int translateAfter() {
        return 1;
    }
}
