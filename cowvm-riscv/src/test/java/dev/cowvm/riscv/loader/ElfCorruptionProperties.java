package dev.cowvm.riscv.loader;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cowvm.kernel.Kernel;
import dev.cowvm.kernel.KernelConfig;
import dev.cowvm.kernel.Process;
import dev.cowvm.kernel.Protection;
import dev.cowvm.kernel.Region;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Whatever is done to a valid file, the loader answers with a value: it never throws, the
 * kernel's invariants hold after it, a refusal before the point of no return leaves the
 * process exactly as it was, and a success leaves a runnable layout.
 */
class ElfCorruptionProperties {
    private static final String[] FILES = {"hello.elf", "xv6hello.elf", "packed.elf", "pie.elf", "bare.elf",
        "dynamic.elf"};
    private static final byte[][] BYTES = load();

    private static byte[][] load() {
        byte[][] out = new byte[FILES.length][];
        for (int i = 0; i < FILES.length; i++) {
            out[i] = Guests.bytes(FILES[i]);
        }
        return out;
    }

    /** One change to a file: a byte, an 8-byte field of a header, or the length. */
    record Corruption(int kind, int where, long value) {
        byte[] apply(byte[] f) {
            if (f.length < 64) {
                return f;
            }
            switch (kind) {
                case 0 -> { // any byte of the headers' region
                    int at = where % Math.min(f.length, 1024);
                    f[at] = (byte) value;
                    return f;
                }
                case 1 -> { // a field of a program header: offset, vaddr, paddr, filesz, memsz or align
                    int phoff = (int) LittleEndian.u64(f, 32) & 0xFFFF;
                    int at = phoff + 56 * ((where >>> 3) % 8) + 8 + 8 * (where % 6);
                    if (at >= 0 && at + 8 <= f.length) {
                        LittleEndian.put64(f, at, value);
                    }
                    return f;
                }
                case 2 -> { // a 2- or 4-byte header field: type, machine, phentsize, phnum, a p_type or p_flags
                    int[] fields = {16, 18, 20, 54, 56, 64, 68, 120, 124, 176, 180};
                    int at = fields[where % fields.length];
                    if (at + 2 <= f.length) {
                        f[at] = (byte) value;
                        f[at + 1] = (byte) (value >>> 8);
                    }
                    return f;
                }
                default -> { // truncated
                    return ElfBuilder.truncate(f, where % (f.length + 1));
                }
            }
        }
    }

    @Provide
    Arbitrary<Corruption> corruptions() {
        Arbitrary<Long> values = Arbitraries.oneOf(Arbitraries.longs(), Arbitraries.longs().between(0, 0x10_0000),
                Arbitraries.of(0L, 1L, -1L, 1L << 38, (1L << 38) - 4096, 0x10000L, 0x7fff_ffffL, 1L << 63));
        return Combinators.combine(Arbitraries.integers().between(0, 3), Arbitraries.integers().between(0, 1 << 20),
                values).as(Corruption::new);
    }

    @Property(tries = 400)
    void corruptedFilesNeverThrowAndLeaveTheKernelSound(@ForAll("fileIndex") int file,
            @ForAll("corruptionLists") List<Corruption> changes) {
        byte[] f = BYTES[file].clone();
        for (Corruption c : changes) {
            f = c.apply(f);
        }
        try (Kernel kernel = new Kernel(KernelConfig.defaults().withMemory(4L << 20))) {
            Process p = kernel.spawn().orElseThrow();
            long old = p.map(0x4000_0000L, 4096, Protection.RW, "old").orElseThrow();
            p.write(old, new byte[] {42}).orElseThrow();
            List<Region> before = p.regions();

            LoadResult<LoadedProgram> r = ElfLoader.load(kernel, p, f, ExecRequest.of("/p", "p", "arg"));

            kernel.checkInvariants();
            Statistics.collect(r.isOk() ? "loaded" : r.failure().name());
            switch (r) {
                case LoadResult.Ok<LoadedProgram>(LoadedProgram prog) -> {
                    assertThat(prog.stackPointer() % 16).isZero();
                    assertThat(p.regionAt(prog.stackPointer()).orElseThrow().name()).isEqualTo(ElfLoader.STACK);
                    assertThat(p.regionAt(prog.entry()).orElseThrow().protection().execute()).isTrue();
                    assertThat(p.brk()).isEqualTo(prog.brk());
                }
                case LoadResult.Err<LoadedProgram> err -> {
                    assertThat(err.message()).isNotBlank();
                    if (!err.imageReplaced()) {
                        assertThat(p.regions()).isEqualTo(before);
                        byte[] b = new byte[1];
                        p.copyIn(old, b, 0, 1).orElseThrow();
                        assertThat(b[0]).isEqualTo((byte) 42);
                    }
                }
            }
        }
    }

    @Property(tries = 300)
    void handMadeFilesWithArbitraryHeadersNeverThrow(@ForAll("segments") List<long[]> segments,
            @ForAll("entries") long entry, @ForAll("types") int type) {
        ElfBuilder b = new ElfBuilder();
        b.type = type;
        b.entry = entry;
        for (long[] s : segments) {
            b.load(s[0], (int) s[1], new byte[(int) s[2]], s[3]).align(s[4]);
        }
        try (Kernel kernel = new Kernel(KernelConfig.defaults().withMemory(4L << 20))) {
            Process p = kernel.spawn().orElseThrow();
            LoadResult<LoadedProgram> r = ElfLoader.load(kernel, p, b.build(), ExecRequest.of("h", "h"));
            Statistics.collect(r.isOk() ? "loaded" : r.failure().name());
            kernel.checkInvariants();
            if (r.isOk()) {
                assertThat(p.regionAt(r.orElseThrow().entry()).orElseThrow().protection().execute()).isTrue();
            }
        }
    }

    @Provide
    Arbitrary<Integer> fileIndex() {
        return Arbitraries.integers().between(0, FILES.length - 1);
    }

    @Provide
    Arbitrary<List<Corruption>> corruptionLists() {
        return corruptions().list().ofMinSize(1).ofMaxSize(4);
    }

    @Provide
    Arbitrary<List<long[]>> segments() {
        Arbitrary<Long> address = Arbitraries.oneOf(Arbitraries.longs().between(0, 0x40_0000),
                Arbitraries.of(0L, 0x10000L, 0x3f_ffff_f000L, 1L << 38, 0x2a_aaaa_a000L, -4096L));
        Arbitrary<long[]> segment = Combinators.combine(address, Arbitraries.integers().between(0, 7),
                Arbitraries.integers().between(0, 9000), Arbitraries.longs().between(0, 0x20_0000),
                Arbitraries.of(0L, 1L, 8L, 0x1000L, 0x10000L, 3L)).as((a, fl, fs, ms, al) ->
                        new long[] {a, fl, fs, Math.max(ms, fs), al});
        return segment.list().ofMinSize(1).ofMaxSize(4);
    }

    @Provide
    Arbitrary<Long> entries() {
        return Arbitraries.oneOf(Arbitraries.longs().between(0, 0x40_0000), Arbitraries.of(0x10000L, 0L));
    }

    @Provide
    Arbitrary<Integer> types() {
        return Arbitraries.of(2, 2, 2, 3);
    }
}
