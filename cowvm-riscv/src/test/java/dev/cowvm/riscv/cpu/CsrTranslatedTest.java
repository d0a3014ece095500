package dev.cowvm.riscv.cpu;

/** Every test of {@link CsrTest} again, with each block translated the first time it is reached. */
class CsrTranslatedTest extends CsrTest {
    @Override
    int translateAfter() {
        return 1;
    }
}
