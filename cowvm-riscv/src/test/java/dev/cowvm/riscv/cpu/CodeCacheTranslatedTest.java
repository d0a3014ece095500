package dev.cowvm.riscv.cpu;

/** Every test of {@link CodeCacheTest} again, with each block translated the first time it is reached. */
class CodeCacheTranslatedTest extends CodeCacheTest {
    @Override
    int translateAfter() {
        return 1;
    }
}
