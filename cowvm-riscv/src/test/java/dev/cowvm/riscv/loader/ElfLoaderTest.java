package dev.cowvm.riscv.loader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cowvm.kernel.Kernel;
import dev.cowvm.kernel.KernelConfig;
import dev.cowvm.kernel.Process;
import dev.cowvm.kernel.Protection;
import dev.cowvm.kernel.Region;
import dev.cowvm.mmu.PagingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Loading the committed programs and hand-made files into a process, and reading back what it sees. */
class ElfLoaderTest {
    private static final long PAGE = 4096;
    private final Kernel kernel = new Kernel(KernelConfig.defaults().withMemory(64L << 20));
    private final Process p = kernel.spawn().orElseThrow();

    @AfterEach
    void invariantsHold() {
        kernel.checkInvariants();
        kernel.close();
    }

    private byte[] mem(Process process, long va, int n) {
        byte[] b = new byte[n];
        process.copyIn(va, b, 0, n).orElseThrow();
        return b;
    }

    private long u64(long va) {
        byte[] b = mem(p, va, 8);
        return LittleEndian.u64(b, 0);
    }

    private String cString(long va) {
        StringBuilder s = new StringBuilder();
        for (long at = va;; at++) {
            int c = mem(p, at, 1)[0] & 0xFF;
            if (c == 0) {
                return s.toString();
            }
            s.append((char) c);
        }
    }

    private static String regions(Process process) {
        List<String> out = new ArrayList<>();
        for (Region r : process.regions()) {
            out.add(String.format("%s 0x%x-0x%x %s", r.name(), r.start(), r.end(), r.protection().label()));
        }
        return String.join("\n", out);
    }

    private void assertSegmentsLoaded(ElfFile elf, byte[] file, long bias) {
        for (ProgramHeader s : elf.loadSegments()) {
            byte[] expected = Arrays.copyOfRange(file, (int) s.offset(), (int) (s.offset() + s.filesz()));
            assertThat(mem(p, bias + s.vaddr(), (int) s.filesz())).as("file bytes of %s", s).isEqualTo(expected);
            int bss = (int) (s.memsz() - s.filesz());
            assertThat(mem(p, bias + s.vaddr() + s.filesz(), bss)).as("bss of %s", s).isEqualTo(new byte[bss]);
        }
    }

    @Test
    void aStaticGlibcProgramIsLaidOutAsLinuxLaysItOut() {
        byte[] file = Guests.bytes("hello.elf");
        ElfFile elf = ElfFile.parse(file).orElseThrow();
        ExecRequest request = ExecRequest.of("/bin/hello", "hello", "world").withEnv(List.of("HOME=/", "TERM=dumb"));
        LoadedProgram prog = ElfLoader.load(kernel, p, elf, request).orElseThrow();

        assertThat(prog.abi()).isEqualTo(Abi.LINUX);
        assertThat(prog.abiReason()).contains("GNU ABI note");
        assertThat(prog.entry()).isEqualTo(elf.entry());
        assertThat(prog.loadBias()).isZero();
        ProgramHeader data = elf.loadSegments().get(1);
        long imageEnd = (data.end() + PAGE - 1) & -PAGE;
        long firstPureBssPage = (data.vaddr() + data.filesz() + PAGE - 1) & -PAGE;
        assertThat(p.mapping(firstPureBssPage)).as("bss beyond the file's last page is never touched").isEmpty();
        assertSegmentsLoaded(elf, file, 0);

        assertThat(prog.brk()).isEqualTo(imageEnd);
        assertThat(p.brk()).isEqualTo(imageEnd);
        assertThat(p.heapStart()).isEqualTo(imageEnd);
        long top = 1L << 38;
        long bottom = top - (8L << 20);
        assertThat(prog.stackTop()).isEqualTo(top);
        assertThat(prog.stackBottom()).isEqualTo(bottom);
        ProgramHeader text = elf.loadSegments().get(0);
        assertThat(regions(p)).isEqualTo(String.join("\n",
                String.format("/bin/hello 0x10000-0x%x rx", (text.end() + PAGE - 1) & -PAGE),
                String.format("/bin/hello 0x%x-0x%x rw", data.vaddr() & -PAGE, imageEnd),
                String.format("[guard] 0x%x-0x%x none", bottom - PAGE, bottom),
                String.format("[stack] 0x%x-0x%x rw", bottom, top)));

        long sp = prog.stackPointer();
        assertThat(sp % 16).isZero();
        assertThat(prog.a0()).isZero();
        assertThat(prog.a1()).isZero();
        assertThat(u64(sp)).as("argc").isEqualTo(2);
        assertThat(prog.argv()).isEqualTo(sp + 8);
        assertThat(cString(u64(sp + 8))).isEqualTo("hello");
        assertThat(cString(u64(sp + 16))).isEqualTo("world");
        assertThat(u64(sp + 24)).isZero();
        assertThat(prog.envp()).isEqualTo(sp + 32);
        assertThat(cString(u64(sp + 32))).isEqualTo("HOME=/");
        assertThat(cString(u64(sp + 40))).isEqualTo("TERM=dumb");
        assertThat(u64(sp + 48)).isZero();
        assertThat(prog.auxv()).isEqualTo(sp + 56);
        List<AuxEntry> aux = new ArrayList<>();
        for (long at = prog.auxv();; at += 16) {
            aux.add(new AuxEntry(u64(at), u64(at + 8)));
            if (u64(at) == AuxEntry.AT_NULL) {
                break;
            }
        }
        assertThat(aux).isEqualTo(prog.auxVector());
        assertThat(aux).extracting(AuxEntry::name).containsExactly("AT_HWCAP", "AT_PAGESZ", "AT_CLKTCK", "AT_PHDR",
                "AT_PHENT", "AT_PHNUM", "AT_BASE", "AT_FLAGS", "AT_ENTRY", "AT_UID", "AT_EUID", "AT_GID", "AT_EGID",
                "AT_SECURE", "AT_RANDOM", "AT_EXECFN", "AT_NULL");
        assertThat(prog.aux(AuxEntry.AT_HWCAP)).contains(0x112dL);
        assertThat(prog.aux(AuxEntry.AT_PAGESZ)).contains(4096L);
        assertThat(prog.aux(AuxEntry.AT_CLKTCK)).contains(100L);
        assertThat(prog.aux(AuxEntry.AT_ENTRY)).contains(prog.entry());
        assertThat(prog.aux(AuxEntry.AT_PHENT)).contains(56L);
        assertThat(prog.aux(AuxEntry.AT_PHNUM)).contains((long) elf.programHeaders().size());
        long phdr = prog.aux(AuxEntry.AT_PHDR).orElseThrow();
        assertThat(phdr).as("the headers inside the first segment").isEqualTo(0x10000 + elf.programHeaderOffset());
        int tableSize = 56 * elf.programHeaders().size();
        assertThat(mem(p, phdr, tableSize)).isEqualTo(Arrays.copyOfRange(file, (int) elf.programHeaderOffset(),
                (int) elf.programHeaderOffset() + tableSize));
        assertThat(mem(p, prog.aux(AuxEntry.AT_RANDOM).orElseThrow(), 16)).isEqualTo(request.random());
        assertThat(cString(prog.aux(AuxEntry.AT_EXECFN).orElseThrow())).isEqualTo("/bin/hello");
        assertThat(u64(top - 8)).as("the stack's last word").isZero();
        assertThat(prog.tls()).contains(new LoadedProgram.Tls(elf.tls().get().vaddr(), elf.tls().get().filesz(),
                elf.tls().get().memsz(), elf.tls().get().align()));
    }

    @Test
    void anXv6ProgramGetsArgcInA0AndArgvInA1WithTheStringsAbove() {
        byte[] file = Guests.bytes("xv6hello.elf");
        ElfFile elf = ElfFile.parse(file).orElseThrow();
        LoadedProgram prog = ElfLoader.load(kernel, p, elf, ExecRequest.of("xv6hello", "xv6hello", "a", "bc"))
                .orElseThrow();
        assertThat(prog.abi()).isEqualTo(Abi.XV6);
        assertSegmentsLoaded(elf, file, 0);
        long imageEnd = (elf.highestAddress() + PAGE - 1) & -PAGE;
        assertThat(regions(p)).isEqualTo(String.join("\n",
                "xv6hello 0x0-0x1000 rx",
                String.format("xv6hello 0x1000-0x%x rw", imageEnd),
                String.format("[guard] 0x%x-0x%x none", imageEnd, imageEnd + PAGE),
                String.format("[stack] 0x%x-0x%x rw", imageEnd + PAGE, imageEnd + 2 * PAGE)));
        assertThat(prog.stackTop()).isEqualTo(imageEnd + 2 * PAGE);
        assertThat(prog.brk()).as("xv6's heap starts at the stack's top").isEqualTo(prog.stackTop());
        assertThat(p.brk()).isEqualTo(prog.stackTop());
        assertThat(prog.a0()).as("argc").isEqualTo(3);
        assertThat(prog.a1()).isEqualTo(prog.stackPointer());
        assertThat(prog.argv()).isEqualTo(prog.stackPointer());
        assertThat(prog.stackPointer() % 16).isZero();
        long sp = prog.stackPointer();
        List<String> args = new ArrayList<>();
        List<Long> at = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            at.add(u64(sp + 8L * i));
            args.add(cString(u64(sp + 8L * i)));
        }
        assertThat(args).containsExactly("xv6hello", "a", "bc");
        assertThat(u64(sp + 24)).isZero();
        assertThat(at).allMatch(a -> a % 16 == 0).isSortedAccordingTo(Collections.reverseOrder());
        assertThat(at.getFirst()).as("argv[0] pushed first, at the top").isEqualTo(prog.stackTop() - 16);
        assertThat(prog.envp()).isZero();
        assertThat(prog.auxVector()).isEmpty();
    }

    @Test
    void aSegmentAtAnUnalignedFileOffsetIsCopiedToAddressZero() {
        byte[] file = Guests.bytes("packed.elf");
        ElfFile elf = ElfFile.parse(file).orElseThrow();
        LoadedProgram prog = ElfLoader.load(kernel, p, elf, ExecRequest.of("/forktest", "forktest")).orElseThrow();
        assertSegmentsLoaded(elf, file, 0);
        assertThat(p.regions().getFirst()).isEqualTo(new Region(0, PAGE, Protection.RWX, "/forktest"));
        assertThat(prog.entry()).isEqualTo(elf.entry());
    }

    @Test
    void staticPieIsMovedToTwoThirdsOfTheWindow() {
        byte[] file = Guests.bytes("pie.elf");
        ElfFile elf = ElfFile.parse(file).orElseThrow();
        LoadedProgram prog = ElfLoader.load(kernel, p, elf, ExecRequest.of("pie", "pie")).orElseThrow();
        long bias = 0x2a_aaaa_a000L;
        assertThat(prog.loadBias()).isEqualTo(bias);
        assertThat(prog.entry()).isEqualTo(bias + elf.entry());
        assertThat(prog.aux(AuxEntry.AT_ENTRY)).contains(bias + elf.entry());
        assertThat(prog.aux(AuxEntry.AT_PHDR)).as("inside the first segment").contains(bias + 0x40);
        assertThat(prog.brk()).isEqualTo((bias + elf.highestAddress() + PAGE - 1) & -PAGE);
        assertSegmentsLoaded(elf, file, bias);
        assertThat(p.regionAt(bias).orElseThrow().protection().execute()).isTrue();
    }

    @Test
    void aBareMetalProgramStartsAsLinux() {
        LoadedProgram prog = ElfLoader.load(kernel, p, Guests.bytes("bare.elf"), ExecRequest.of("bare", "bare"))
                .orElseThrow();
        assertThat(prog.abi()).isEqualTo(Abi.LINUX);
        assertThat(prog.aux(AuxEntry.AT_PHDR)).contains(0x10040L);
    }

    @Test
    void theInterfaceCanBeChosenAndTheStackSized() {
        LoadedProgram prog = ElfLoader.load(kernel, p, Guests.bytes("xv6hello.elf"),
                ExecRequest.of("x", "x").withAbi(Abi.LINUX).withStackSize(64 * 1024)).orElseThrow();
        assertThat(prog.abi()).isEqualTo(Abi.LINUX);
        assertThat(prog.abiReason()).isEqualTo("chosen");
        assertThat(p.regionAt(prog.stackPointer()).orElseThrow()).isEqualTo(
                new Region((1L << 38) - 64 * 1024, 1L << 38, Protection.RW, ElfLoader.STACK));
        assertThat(prog.aux(AuxEntry.AT_PHDR)).as("xv6hello's headers are in no segment: copied to the stack")
                .hasValueSatisfying(a -> assertThat(a).isBetween(prog.stackPointer(), prog.stackTop()));
    }

    @Test
    void programHeadersNoSegmentLoadsAreCopiedToTheStack() {
        ElfBuilder b = ElfBuilder.minimal();
        b.segment(ProgramHeader.PT_GNU_STACK, 0, ProgramHeader.PF_R | ProgramHeader.PF_W, new byte[0], 0);
        byte[] file = b.build();
        LoadedProgram prog = ElfLoader.load(kernel, p, file, ExecRequest.of("m", "m")).orElseThrow();
        long phdr = prog.aux(AuxEntry.AT_PHDR).orElseThrow();
        assertThat(phdr % 8).isZero();
        assertThat(phdr).isGreaterThan(prog.aux(AuxEntry.AT_RANDOM).orElseThrow());
        assertThat(mem(p, phdr, 112)).isEqualTo(Arrays.copyOfRange(file, 64, 176));
    }

    @Test
    void anExecutableStackIsGivenWhenPtGnuStackAsksForIt() {
        ElfBuilder b = ElfBuilder.minimal();
        b.segment(ProgramHeader.PT_GNU_STACK, 0, ProgramHeader.PF_R | ProgramHeader.PF_W | ProgramHeader.PF_X,
                new byte[0], 0);
        LoadedProgram prog = ElfLoader.load(kernel, p, b.build(), ExecRequest.of("m", "m")).orElseThrow();
        assertThat(p.regionAt(prog.stackPointer()).orElseThrow().protection()).isEqualTo(Protection.RWX);
    }

    @Test
    void segmentsSharingAPageGetTheUnionOfTheirProtections() {
        ElfBuilder b = ElfBuilder.minimal();
        b.load(0x10800, ProgramHeader.PF_R | ProgramHeader.PF_W, "data".getBytes(StandardCharsets.US_ASCII), 0x1000);
        ElfLoader.load(kernel, p, b.build(), ExecRequest.of("s", "s")).orElseThrow();
        assertThat(regions(p)).startsWith("s 0x10000-0x11000 rwx\ns 0x11000-0x12000 rw\n");
        assertThat(mem(p, 0x10800, 4)).isEqualTo("data".getBytes(StandardCharsets.US_ASCII));
        assertThat(mem(p, 0x10000, 8)).isEqualTo(new byte[] {0x13, 0, 0, 0, 0x73, 0, 0, 0});
    }

    @Test
    void aSegmentWithNoFileBytesIsOnlyMapped() {
        ElfBuilder b = ElfBuilder.minimal();
        b.load(0x20000, ProgramHeader.PF_R | ProgramHeader.PF_W, new byte[0], 3 * PAGE);
        long before = kernel.stats().get(dev.cowvm.observe.Counter.FRAMES_ALLOCATED);
        ElfLoader.load(kernel, p, b.build(), ExecRequest.of("b", "b")).orElseThrow();
        assertThat(p.regionAt(0x22000).orElseThrow().protection()).isEqualTo(Protection.RW);
        assertThat(p.mapping(0x20000)).isEmpty();
        assertThat(p.mapping(0x22000)).isEmpty();
        assertThat(kernel.stats().get(dev.cowvm.observe.Counter.FRAMES_ALLOCATED) - before)
                .as("the text page, the stack's top page and their page tables").isLessThan(10);
    }

    @Test
    void theBssTailIsClearedEvenWhereFreedFramesKeepTheirContents() {
        try (Kernel leaky = new Kernel(KernelConfig.defaults().withMemory(1L << 20)
                .withZeroPolicy(dev.cowvm.phys.ZeroPolicy.NONE))) {
            Process dirty = leaky.spawn().orElseThrow();
            long buf = dirty.map(0, 200 * PAGE, Protection.RW, "dirt").orElseThrow();
            dirty.fill(buf, 200 * PAGE, (byte) 0xAA).orElseThrow();
            leaky.exit(dirty, 0);
            Process q = leaky.spawn().orElseThrow();
            ElfBuilder b = ElfBuilder.minimal();
            b.load(0x20000, ProgramHeader.PF_R | ProgramHeader.PF_W, new byte[] {1, 2, 3}, 0x2000);
            ElfLoader.load(leaky, q, b.build(), ExecRequest.of("z", "z")).orElseThrow();
            byte[] tail = mem(q, 0x20003, (int) PAGE - 3);
            assertThat(tail).containsOnly(0);
            leaky.checkInvariants();
        }
    }

    @Test
    void loadingAgainReplacesTheImageAndForkSharesIt() {
        ElfLoader.load(kernel, p, Guests.bytes("hello.elf"), ExecRequest.of("hello", "hello")).orElseThrow();
        long used = kernel.stats().get(dev.cowvm.observe.Counter.FRAMES_IN_USE);
        LoadedProgram prog = ElfLoader.load(kernel, p, Guests.bytes("xv6hello.elf"), ExecRequest.of("x", "x"))
                .orElseThrow();
        assertThat(p.regions()).extracting(Region::name).containsExactly("x", "x", "[guard]", "[stack]");
        assertThat(kernel.stats().get(dev.cowvm.observe.Counter.FRAMES_IN_USE)).isLessThan(used);
        Process child = kernel.fork(p).orElseThrow();
        assertThat(mem(child, prog.entry(), 16)).isEqualTo(mem(p, prog.entry(), 16));
        assertThat(child.brk()).isEqualTo(prog.brk());
        assertThat(child.heapStart()).isEqualTo(prog.brk());
    }

    @Test
    void aRefusedLoadLeavesTheOldImageAlone() {
        long old = p.map(0x4000_0000L, PAGE, Protection.RW, "old").orElseThrow();
        p.write(old, new byte[] {42}).orElseThrow();
        List<Region> before = p.regions();
        String[] tooMany = new String[32];
        Arrays.fill(tooMany, "x");
        List<LoadResult<LoadedProgram>> refusals = List.of(
                ElfLoader.load(kernel, p, Guests.bytes("xv6hello.elf"), ExecRequest.of("x", tooMany)),
                ElfLoader.load(kernel, p, Guests.bytes("xv6hello.elf"), ExecRequest.of("x", "x".repeat(3000), "y".repeat(1200))),
                ElfLoader.load(kernel, p, Guests.bytes("hello.elf"),
                        ExecRequest.of("h", "h").withStackSize(64 * 1024).withEnv(List.of("X=" + "x".repeat(20_000)))),
                ElfLoader.load(kernel, p, Guests.bytes("dynamic.elf"), ExecRequest.of("d", "d")),
                ElfLoader.load(kernel, p, new byte[] {1, 2, 3}, ExecRequest.of("d", "d")));
        assertThat(refusals).extracting(LoadResult::failure).containsExactly(LoadFailure.ARGUMENTS_TOO_LONG,
                LoadFailure.ARGUMENTS_TOO_LONG, LoadFailure.ARGUMENTS_TOO_LONG, LoadFailure.DYNAMICALLY_LINKED,
                LoadFailure.NOT_EXECUTABLE);
        assertThat(refusals.get(0).message()).isEqualTo("32 arguments; xv6 takes at most 31");
        assertThat(refusals.get(1).message()).isEqualTo("the arguments do not fit in the 4096-byte stack");
        assertThat(refusals.get(2).message()).contains("more than a quarter of the 65536-byte stack");
        assertThat(refusals).allMatch(r -> !((LoadResult.Err<LoadedProgram>) r).imageReplaced());
        assertThat(p.regions()).isEqualTo(before);
        assertThat(mem(p, old, 1)).containsExactly(42);
        assertThat(p.isAlive()).isTrue();
    }

    @Test
    void thirtyOneArgumentsFitXv6() {
        String[] args = new String[31];
        Arrays.fill(args, "arg");
        LoadedProgram prog = ElfLoader.load(kernel, p, Guests.bytes("xv6hello.elf"), ExecRequest.of("x", args))
                .orElseThrow();
        assertThat(prog.a0()).isEqualTo(31);
    }

    @Test
    void tooLittleMemoryIsRefusedBeforeAnythingChanges() {
        try (Kernel small = new Kernel(KernelConfig.defaults().withMemory(64 * PAGE))) {
            Process q = small.spawn().orElseThrow();
            q.map(0x4000_0000L, PAGE, Protection.RW, "old").orElseThrow();
            LoadResult<LoadedProgram> r = ElfLoader.load(small, q, Guests.bytes("hello.elf"), ExecRequest.of("h", "h"));
            assertThat(r.failure()).isEqualTo(LoadFailure.NO_MEMORY);
            assertThat(r.failure().errno()).isEqualTo(12);
            assertThat(r.message()).matches("loading takes \\d+ frames and \\d+ are free");
            assertThat(q.regions()).extracting(Region::name).containsExactly("old");
            small.checkInvariants();
        }
    }

    @Test
    void theFrameEstimateIsEnoughAndNotMuchMore() {
        long freeBefore = kernel.freeFrames();
        ElfLoader.load(kernel, p, Guests.bytes("hello.elf"), ExecRequest.of("h", "h")).orElseThrow();
        long taken = freeBefore - kernel.freeFrames();
        ElfFile elf = Guests.parse("hello.elf");
        List<long[]> written = new ArrayList<>();
        for (ProgramHeader s : elf.loadSegments()) {
            written.add(new long[] {s.vaddr() & -PAGE, (s.vaddr() + s.filesz() + PAGE - 1) & -PAGE});
        }
        written.add(new long[] {(1L << 38) - PAGE, 1L << 38});
        long estimate = ImagePlan.framesNeeded(written, PagingMode.SV39);
        assertThat(taken).isLessThanOrEqualTo(estimate);
        assertThat(estimate - taken).isLessThanOrEqualTo(2);
    }

    @Test
    void segmentsOutsideUserSpaceOrOverTheStackAreRefused() {
        ElfBuilder high = ElfBuilder.minimal();
        high.load(0x3f_ffff_f000L, ProgramHeader.PF_R, new byte[0], 0x2000);
        LoadResult<LoadedProgram> r = ElfLoader.load(kernel, p, high.build(), ExecRequest.of("h", "h"));
        assertThat(r.failure()).isEqualTo(LoadFailure.NOT_EXECUTABLE);
        assertThat(r.message()).isEqualTo("program header 1 (PT_LOAD): [0x3ffffff000, +0x2000) lies outside user"
                + " space [0, 0x4000000000) of Sv39");

        ElfBuilder onStack = ElfBuilder.minimal();
        onStack.load(0x3f_ffff_0000L, ProgramHeader.PF_R, new byte[0], 0x1000);
        r = ElfLoader.load(kernel, p, onStack.build(), ExecRequest.of("h", "h"));
        assertThat(r.message()).contains("leaves no room for the guard page, a 8388608-byte stack below 0x4000000000");

        ElfBuilder xv6Top = new ElfBuilder();
        xv6Top.load(0x3f_ffff_e000L, ProgramHeader.PF_R | ProgramHeader.PF_X, new byte[8], 8);
        xv6Top.entry = 0x3f_ffff_e000L;
        r = ElfLoader.load(kernel, p, xv6Top.build(), ExecRequest.of("h", "h").withAbi(Abi.XV6));
        assertThat(r.message()).contains("no room for the guard page and a 4096-byte stack above the image");
        assertThat(p.regions()).isEmpty();
    }

    @Test
    void underSv48AnImageAboveTheLinuxStackLoads() {
        try (Kernel big = new Kernel(KernelConfig.defaults().withPagingMode(PagingMode.SV48))) {
            Process q = big.spawn().orElseThrow();
            ElfBuilder b = new ElfBuilder();
            b.load(1L << 40, ProgramHeader.PF_R | ProgramHeader.PF_X, new byte[8], 8);
            b.entry = 1L << 40;
            LoadedProgram prog = ElfLoader.load(big, q, b.build(), ExecRequest.of("h", "h")).orElseThrow();
            assertThat(prog.stackTop()).isEqualTo(1L << 38);
            assertThat(prog.brk()).isEqualTo((1L << 40) + PAGE);
            big.checkInvariants();
        }
    }

    @Test
    void theRegionNameCannotPassForOneOfTheKernels() {
        assertThat(ElfLoader.regionName("[stack]")).isEqualTo("./[stack]");
        assertThat(ElfLoader.regionName("")).isEqualTo("program");
        assertThat(ElfLoader.regionName("/bin/sh")).isEqualTo("/bin/sh");
    }

    @Test
    void requestsRefuseWhatNoCStringHolds() {
        assertThatThrownBy(() -> ExecRequest.of("a\0b", "x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("index 1");
        assertThatThrownBy(() -> ExecRequest.of("p", "\u20ac")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ExecRequest.of("p").withRandom(new byte[15]))
                .hasMessageContaining("exactly 16 bytes");
        assertThatThrownBy(() -> ExecRequest.of("p").withStackSize(1000)).hasMessageContaining("multiple of 4096");
    }
}
