package dev.cowvm.riscv.loader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The committed test programs of {@code src/test/guest/loader}, built by its {@code build.sh}. */
final class Guests {
    /** Where the sources, the build script and the built programs live (tests run in the module's directory). */
    static final Path DIR = Path.of("src/test/guest/loader");
    /** Every program build.sh makes. */
    static final String[] PROGRAMS = {"hello.elf", "dynamic.elf", "pie.elf", "xv6hello.elf", "packed.elf", "bare.elf"};

    private Guests() {
    }

    static byte[] bytes(String name) {
        try {
            return Files.readAllBytes(DIR.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ElfFile parse(String name) {
        return ElfFile.parse(bytes(name)).orElseThrow();
    }
}
