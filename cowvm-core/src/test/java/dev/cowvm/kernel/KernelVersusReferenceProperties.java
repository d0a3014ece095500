package dev.cowvm.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cowvm.mmu.Access;
import dev.cowvm.mmu.Mmu;
import dev.cowvm.mmu.PagingMode;
import dev.cowvm.observe.Counter;
import dev.cowvm.observe.ForkMode;
import dev.cowvm.observe.ProcessStatus;
import dev.cowvm.observe.Stats;
import dev.cowvm.phys.ZeroPolicy;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random programs run on the real kernel and on {@link ReferenceKernel}, step by step: every
 * byte read must match, every process must live or die alike, regions and breaks must
 * agree, and {@code checkInvariants()} must hold after every step. Accesses come three
 * ways: as the process (ranges that kill on a fault), through the MMU (loads, stores and
 * instruction fetches of every width, aligned, misaligned and crossing pages, with the
 * kernel's default trap handling), and as a system call's copy (a bad address fails and the
 * process lives). At the end every byte of every live process is read back and compared,
 * then everyone exits and every frame must be back in the pool. jqwik shrinks a failure
 * to a minimal program.
 */
class KernelVersusReferenceProperties {
    private static final int PAGE = 4096;
    private static final long WINDOW = 0x4000_0000L;
    private static final int SLOTS = 48;
    private static final int MAX_LIVE = 8;

    sealed interface Op permits Spawn, Fork, Exec, Exit, Kill, WaitAny, MapAt, MapAnywhere, Unmap, Protect, Sbrk,
            Write, Read, Touch, Word, Copy {
    }

    record Spawn() implements Op {}
    record Fork(int who) implements Op {}
    record Exec(int who) implements Op {}
    record Exit(int who) implements Op {}
    record Kill(int who) implements Op {}
    record WaitAny(int who) implements Op {}
    record MapAt(int who, int slot, int pages, Protection prot) implements Op {}
    record MapAnywhere(int who, int pages, Protection prot) implements Op {}
    record Unmap(int who, int slot, int pages) implements Op {}
    record Protect(int who, int slot, int pages, Protection prot) implements Op {}
    record Sbrk(int who, int bytes) implements Op {}
    record Write(int who, int target, int offset, int length, byte seed) implements Op {}
    record Read(int who, int target, int offset, int length) implements Op {}
    record Touch(int who, int target, int offset, int pages, boolean write) implements Op {}
    /** A load, store or fetch of 1, 2, 4 or 8 bytes through the MMU. */
    record Word(int who, int target, int offset, int width, Access access, long value) implements Op {}
    /** A system call's copy into the process (out) or from it (in). */
    record Copy(int who, int target, int offset, int length, boolean out, byte seed) implements Op {}

    @Property(tries = 1500, edgeCases = EdgeCasesMode.NONE)
    void kernelMatchesReference(@ForAll("programs") List<Op> program, @ForAll ForkMode mode,
                                @ForAll("safePolicies") ZeroPolicy policy, @ForAll PagingMode paging) {
        Run run = new Run(KernelConfig.defaults().withMemory(16L << 20).withForkMode(mode).withZeroPolicy(policy)
                .withTlbEntries(8).withPagingMode(paging), false);
        run.execute(program);
        Stats stats = run.kernel.stats();
        Statistics.label("word accesses across a page").collect(run.crossings > 0);
        Statistics.label("misaligned word accesses").collect(run.misaligned > 0);
        Statistics.label("instruction fetches").collect(run.fetches > 0);
        Statistics.label("failed system-call copies").collect(run.failedCopies > 0);
        Statistics.label("paging").collect(paging);
        Statistics.label("copy-on-write copies").collect(stats.get(Counter.COW_COPY_FAULTS) > 0);
        Statistics.label("copy-on-write reuses").collect(stats.get(Counter.COW_REUSE_FAULTS) > 0);
        Statistics.label("zero-page maps").collect(stats.get(Counter.ZERO_PAGE_MAPS) > 0);
        Statistics.label("segmentation faults").collect(stats.get(Counter.SEGFAULTS) > 0);
        Statistics.label("forks").collect(stats.get(Counter.FORKS) > 0);
        Statistics.label("configuration").collect(mode, policy);
        // The generator must reach every mechanism often, or this property proves little.
        for (String label : List.of("copy-on-write copies", "copy-on-write reuses", "zero-page maps",
                "segmentation faults", "forks", "word accesses across a page", "misaligned word accesses",
                "instruction fetches", "failed system-call copies")) {
            Statistics.label(label).coverage(c -> c.check(true).percentage(pct -> pct > 10));
        }
        Statistics.label("paging").coverage(c -> {
            for (PagingMode m : PagingMode.values()) {
                c.check(m).percentage(pct -> pct > 30);
            }
        });
        Statistics.label("configuration").coverage(c -> {
            for (ForkMode m : ForkMode.values()) {
                for (ZeroPolicy z : List.of(ZeroPolicy.ON_ALLOC, ZeroPolicy.ON_FREE)) {
                    c.check(m, z).percentage(pct -> pct > 15);
                }
            }
        });
    }

    @Property(tries = 500, edgeCases = EdgeCasesMode.NONE)
    void outOfMemoryKillsOnlyTheFaultingProcess(@ForAll("programs") List<Op> program, @ForAll ForkMode mode,
                                                @ForAll("safePolicies") ZeroPolicy policy) {
        Run run = new Run(KernelConfig.defaults().withMemory(16L * PAGE).withForkMode(mode).withZeroPolicy(policy)
                .withTlbEntries(4), true);
        run.execute(program);
        Statistics.label("out-of-memory kills").collect(run.kernel.stats().get(Counter.OOM_KILLS) > 0);
        Statistics.label("out-of-memory kills").coverage(c -> c.check(true).percentage(pct -> pct > 10));
    }

    @Provide
    Arbitrary<ZeroPolicy> safePolicies() {
        return Arbitraries.of(ZeroPolicy.ON_ALLOC, ZeroPolicy.ON_FREE);
    }

    @Provide
    Arbitrary<List<Op>> programs() {
        Arbitrary<Integer> who = Arbitraries.integers().between(0, 7);
        Arbitrary<Integer> slot = Arbitraries.integers().between(0, SLOTS - 1);
        Arbitrary<Integer> pages = Arbitraries.integers().between(1, 8);
        Arbitrary<Protection> prot = Arbitraries.frequency(
                net.jqwik.api.Tuple.of(8, Protection.RW), net.jqwik.api.Tuple.of(2, Protection.R),
                net.jqwik.api.Tuple.of(1, Protection.RX), net.jqwik.api.Tuple.of(2, Protection.RWX),
                net.jqwik.api.Tuple.of(1, Protection.NONE));
        Arbitrary<Integer> target = Arbitraries.integers().between(0, 15);
        Arbitrary<Integer> offset = Arbitraries.integers().between(0, 9 * PAGE);
        Arbitrary<Integer> length = Arbitraries.integers().between(0, 3 * PAGE);
        Arbitrary<Op> op = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Arbitraries.just(new Spawn())),
                net.jqwik.api.Tuple.of(6, who.map(Fork::new)),
                net.jqwik.api.Tuple.of(2, who.map(Exec::new)),
                net.jqwik.api.Tuple.of(2, who.map(Exit::new)),
                net.jqwik.api.Tuple.of(1, who.map(Kill::new)),
                net.jqwik.api.Tuple.of(2, who.map(WaitAny::new)),
                net.jqwik.api.Tuple.of(8, Combinators.combine(who, slot, pages, prot).as(MapAt::new)),
                net.jqwik.api.Tuple.of(3, Combinators.combine(who, pages, prot).as(MapAnywhere::new)),
                net.jqwik.api.Tuple.of(3, Combinators.combine(who, slot, pages).as(Unmap::new)),
                net.jqwik.api.Tuple.of(4, Combinators.combine(who, slot, pages, prot).as(Protect::new)),
                net.jqwik.api.Tuple.of(3, Combinators.combine(who, Arbitraries.integers().between(-6 * PAGE, 8 * PAGE))
                        .as(Sbrk::new)),
                net.jqwik.api.Tuple.of(16, Combinators.combine(who, target, offset, length, Arbitraries.bytes())
                        .as(Write::new)),
                net.jqwik.api.Tuple.of(12, Combinators.combine(who, target, offset, length).as(Read::new)),
                net.jqwik.api.Tuple.of(8, Combinators.combine(who, target, offset, pages, Arbitraries.of(true, false))
                        .as(Touch::new)),
                net.jqwik.api.Tuple.of(16, Combinators.combine(who, target, wordOffset(), Arbitraries.of(1, 2, 4, 8),
                        Arbitraries.of(Access.READ, Access.WRITE, Access.WRITE, Access.EXECUTE), Arbitraries.longs())
                        .as(Word::new)),
                net.jqwik.api.Tuple.of(12, Combinators.combine(who, target, offset, length, Arbitraries.of(true, false),
                        Arbitraries.bytes()).as(Copy::new)));
        // Every program starts with a parent and a child sharing eight written pages, so that
        // the random part spends its steps on sharing and breaking it, not on getting there.
        return op.list().ofMinSize(5).ofMaxSize(80).map(ops -> {
            List<Op> program = new ArrayList<>();
            program.add(new Spawn());
            program.add(new MapAnywhere(0, 8, Protection.RW));
            program.add(new Touch(0, 0, 0, 8, true));
            program.add(new Fork(0));
            program.addAll(ops);
            return program;
        });
    }

    /** Offsets that are aligned, misaligned, and at the very end of a page, about equally often. */
    private static Arbitrary<Integer> wordOffset() {
        Arbitrary<Integer> page = Arbitraries.integers().between(0, 8);
        return Arbitraries.oneOf(
                page.map(p -> p * PAGE + 8 * (p * 37 % 512)),
                Combinators.combine(page, Arbitraries.integers().between(0, PAGE - 1)).as((p, o) -> p * PAGE + o),
                Combinators.combine(page, Arbitraries.integers().between(1, 7)).as((p, k) -> p * PAGE + PAGE - k));
    }

    /** One program on both kernels. */
    private static final class Run {
        final Kernel kernel;
        final ReferenceKernel model = new ReferenceKernel();
        final boolean oomExpected;
        int crossings;
        int misaligned;
        int fetches;
        int failedCopies;

        Run(KernelConfig config, boolean oomExpected) {
            this.kernel = new Kernel(config);
            this.oomExpected = oomExpected;
        }

        void execute(List<Op> program) {
            for (Op op : program) {
                step(op);
                compareProcesses();
                kernel.checkInvariants();
            }
            compareAllBytes();
            for (ReferenceKernel.Proc p : live()) {
                kernel.exit(real(p), 0);
                model.end(p, ProcessStatus.EXITED);
            }
            kernel.checkInvariants();
            assertThat(kernel.stats().get(Counter.FRAMES_IN_USE)).isZero();
        }

        List<ReferenceKernel.Proc> live() {
            return model.all.stream().filter(ReferenceKernel.Proc::alive).toList();
        }

        ReferenceKernel.Proc pick(int who) {
            List<ReferenceKernel.Proc> live = live();
            return live.isEmpty() ? null : live.get(who % live.size());
        }

        Process real(ReferenceKernel.Proc p) {
            return kernel.process(p.id).orElseThrow(() -> new AssertionError("kernel lost process " + p.id));
        }

        void step(Op op) {
            if (op instanceof Spawn) {
                if (live().size() < MAX_LIVE) {
                    Result<Process> p = kernel.spawn();
                    if (p.isOk()) {
                        assertThat(p.orElseThrow().pid()).isEqualTo(model.spawn().id);
                    } else {
                        assertThat(oomExpected).as("spawn failed without memory pressure").isTrue();
                    }
                }
                return;
            }
            ReferenceKernel.Proc m = pick(whoOf(op));
            if (m == null) {
                return;
            }
            Process p = real(m);
            if (isAccess(op) && m.regions.isEmpty() && targetOf(op) != 15) {
                return; // only the rare wild access may hit a process with nothing mapped
            }
            switch (op) {
                case Fork f -> {
                    if (live().size() < MAX_LIVE) {
                        Result<Process> c = kernel.fork(p);
                        if (c.isOk()) {
                            assertThat(c.orElseThrow().pid()).isEqualTo(model.fork(m).id);
                        } else {
                            assertThat(oomExpected).as("fork failed without memory pressure").isTrue();
                        }
                    }
                }
                case Exec e -> {
                    kernel.exec(p);
                    model.exec(m);
                }
                case Exit e -> {
                    kernel.exit(p, 3);
                    model.end(m, ProcessStatus.EXITED);
                }
                case Kill k -> {
                    kernel.kill(p);
                    model.end(m, ProcessStatus.KILLED);
                }
                case WaitAny w -> {
                    ReferenceKernel.Proc reaped = model.waitAny(m);
                    Result<Process> got = kernel.waitAny(p);
                    assertThat(got.isOk() ? Optional.of(got.orElseThrow().pid()) : Optional.empty())
                            .isEqualTo(Optional.ofNullable(reaped).map(r -> r.id));
                    if (!got.isOk()) {
                        assertThat(got.failure()).isEqualTo(m.children.isEmpty() ? Failure.NO_CHILD : Failure.WOULD_BLOCK);
                    }
                }
                case MapAt a -> mapAt(m, p, a);
                case MapAnywhere a -> {
                    long start = p.map(0, (long) a.pages() * PAGE, a.prot(), "any").orElseThrow();
                    model.map(m, start, (long) a.pages() * PAGE, a.prot(), "any");
                }
                case Unmap u -> {
                    long start = WINDOW + (long) u.slot() * PAGE;
                    assertThat(p.unmap(start, (long) u.pages() * PAGE).isOk()).isTrue();
                    model.unmap(m, start, start + (long) u.pages() * PAGE);
                }
                case Protect pr -> protect(m, p, pr);
                case Sbrk s -> {
                    long expected = model.sbrk(m, s.bytes(), p.pagingMode().userLimit());
                    Result<Long> got = p.sbrk(s.bytes());
                    assertThat(got.isOk() ? got.orElseThrow() : -1L).isEqualTo(expected);
                }
                case Write w -> {
                    long va = address(m, w.target(), w.offset());
                    byte[] data = new byte[w.length()];
                    for (int i = 0; i < data.length; i++) {
                        data[i] = (byte) (w.seed() * 31 + i * 7 + m.id);
                    }
                    boolean ok = p.write(va, data).isOk();
                    if (!oomGuard(m, p)) {
                        assertThat(ok).as("write at 0x%x", va).isEqualTo(model.write(m, va, data));
                    }
                }
                case Read r -> {
                    long va = address(m, r.target(), r.offset());
                    Result<byte[]> result = p.read(va, r.length());
                    byte[] got = result.isOk() ? result.orElseThrow() : null;
                    if (!oomGuard(m, p)) {
                        byte[] expected = model.read(m, va, r.length());
                        assertSameBytes(String.format("read of %d bytes at 0x%x by %d", r.length(), va, m.id), got, expected);
                    }
                }
                case Touch t -> {
                    long va = address(m, t.target(), t.offset());
                    Access access = t.write() ? Access.WRITE : Access.READ;
                    boolean ok = p.touch(va, (long) t.pages() * PAGE, access).isOk();
                    if (!oomGuard(m, p)) {
                        assertThat(ok).isEqualTo(model.touch(m, va, (long) t.pages() * PAGE, access));
                    }
                }
                case Word w -> word(m, p, w);
                case Copy c -> copy(m, p, c);
                default -> throw new AssertionError(op);
            }
        }

        /** One access through the MMU, handled as a CPU without a signal handler would. */
        void word(ReferenceKernel.Proc m, Process p, Word w) {
            long va = address(m, w.target(), w.offset()) & (w.access() == Access.EXECUTE ? -2L : -1L);
            int width = w.access() == Access.EXECUTE ? (w.width() <= 2 ? 2 : 4) : w.width();
            if ((va & (width - 1)) != 0) {
                misaligned++;
            }
            if ((va & (PAGE - 1)) + width > PAGE) {
                crossings++;
            }
            Mmu mmu = p.mmu();
            long mask = width == 8 ? -1L : (1L << (8 * width)) - 1;
            long got = switch (w.access()) {
                case READ -> switch (width) {
                    case 1 -> mmu.load8(va);
                    case 2 -> mmu.load16(va);
                    case 4 -> mmu.load32(va) & 0xFFFF_FFFFL;
                    default -> mmu.load64(va);
                };
                case EXECUTE -> {
                    fetches++;
                    yield width == 2 ? mmu.fetch16(va) : mmu.fetch32(va) & 0xFFFF_FFFFL;
                }
                case WRITE -> {
                    switch (width) {
                        case 1 -> mmu.store8(va, (int) w.value());
                        case 2 -> mmu.store16(va, (int) w.value());
                        case 4 -> mmu.store32(va, (int) w.value());
                        default -> mmu.store64(va, w.value());
                    }
                    yield w.value() & mask;
                }
            };
            boolean trapped = Machines.trap(p);
            if (oomGuard(m, p)) {
                return;
            }
            Long expected = model.word(m, va, width, w.access(), w.value() & mask);
            assertThat(trapped).as("%s of %d bytes at 0x%x by %d trapped", w.access(), width, va, m.id)
                    .isEqualTo(expected == null);
            if (!trapped) {
                assertThat(got).as("%s of %d bytes at 0x%x by %d", w.access(), width, va, m.id).isEqualTo(expected);
            }
        }

        /** A system call's copy: a bad address fails with EFAULT and the process lives. */
        void copy(ReferenceKernel.Proc m, Process p, Copy c) {
            if (oomExpected) {
                return; // a copy that runs out of frames stops part-way, where the model cannot follow
            }
            long va = address(m, c.target(), c.offset());
            byte[] data = new byte[c.length()];
            for (int i = 0; i < data.length; i++) {
                data[i] = (byte) (c.seed() * 17 + i * 3);
            }
            byte[] into = new byte[c.length()];
            Result<Void> got = c.out() ? p.copyOut(va, data, 0, data.length) : p.copyIn(va, into, 0, into.length);
            byte[] expected = model.copy(m, va, c.length(), c.out() ? data : null);
            assertThat(got.isOk()).as("copy %s of %d bytes at 0x%x by %d", c.out() ? "out" : "in", c.length(), va, m.id)
                    .isEqualTo(expected != null);
            assertThat(p.isAlive()).isTrue();
            if (!got.isOk()) {
                failedCopies++;
                assertThat(got.failure()).isEqualTo(Failure.FAULT);
            } else if (!c.out()) {
                assertSameBytes("copy in", into, expected);
            }
        }

        /** If the kernel killed the process for lack of memory, the model follows. */
        boolean oomGuard(ReferenceKernel.Proc m, Process p) {
            if (p.status() == ProcessStatus.OOM) {
                assertThat(oomExpected).as("out of memory without memory pressure").isTrue();
                model.end(m, ProcessStatus.OOM);
                return true;
            }
            return false;
        }

        void mapAt(ReferenceKernel.Proc m, Process p, MapAt a) {
            long start = WINDOW + (long) a.slot() * PAGE;
            long end = start + (long) a.pages() * PAGE;
            boolean clash = m.regions.stream().anyMatch(r -> r.end() > start && r.start() < end);
            if (clash) {
                List<Region> before = p.regions();
                Result<Long> r = p.map(start, end - start, a.prot(), "r" + a.slot());
                assertThat(r.failure()).isEqualTo(Failure.EXISTS);
                assertThat(r.message()).contains("overlaps");
                assertThat(p.regions()).isEqualTo(before);
            } else {
                assertThat(p.map(start, end - start, a.prot(), "r" + a.slot()).orElseThrow()).isEqualTo(start);
                model.map(m, start, end - start, a.prot(), "r" + a.slot());
            }
        }

        void protect(ReferenceKernel.Proc m, Process p, Protect pr) {
            long start = WINDOW + (long) pr.slot() * PAGE;
            long end = start + (long) pr.pages() * PAGE;
            boolean covered = true;
            for (long a = start; a < end; a += PAGE) {
                covered &= ReferenceKernel.find(m, a) != null;
            }
            Result<Void> r = p.protect(start, end - start, pr.prot());
            if (covered) {
                assertThat(r.isOk()).isTrue();
                model.protect(m, start, end, pr.prot());
            } else {
                assertThat(r.failure()).isEqualTo(Failure.NO_MEMORY);
                assertThat(r.message()).contains("not entirely mapped");
            }
        }

        /**
         * An address in one of the process's regions (now and then a little before or past
         * it), or, for target 15, anywhere in the window.
         */
        long address(ReferenceKernel.Proc m, int target, int offset) {
            if (target == 15 || m.regions.isEmpty()) {
                return WINDOW + offset;
            }
            Region r = m.regions.get(target % m.regions.size());
            long t = Math.floorMod(offset, r.length() + PAGE / 4);
            if (t < r.length()) {
                return r.start() + t;
            }
            long outside = t - r.length(); // below PAGE / 4: just before the region or just past it
            return outside < PAGE / 8 ? r.start() - 1 - outside : r.end() + outside - PAGE / 8;
        }

        void compareProcesses() {
            for (ReferenceKernel.Proc m : model.all) {
                if (m.reaped) {
                    assertThat(kernel.process(m.id)).as("process %d should be reaped", m.id).isEmpty();
                    continue;
                }
                Process p = real(m);
                assertThat(p.status()).as("status of %d", m.id).isEqualTo(m.status);
                assertThat(p.parent().map(Process::pid))
                        .as("parent of %d", m.id).isEqualTo(Optional.ofNullable(m.parent).map(q -> q.id));
                if (m.alive()) {
                    assertThat(p.regions()).as("regions of %d", m.id).isEqualTo(normalize(m.regions));
                    assertThat(p.brk()).isEqualTo(m.brk);
                }
            }
        }

        void compareAllBytes() {
            for (ReferenceKernel.Proc m : live()) {
                Process p = real(m);
                for (Region r : normalize(m.regions)) {
                    if (!r.protection().read()) {
                        continue;
                    }
                    Result<byte[]> result = p.read(r.start(), (int) r.length());
                    byte[] got = result.isOk() ? result.orElseThrow() : null;
                    if (oomGuard(m, p)) {
                        break;
                    }
                    assertSameBytes("contents of " + r + " in " + m.id, got, model.read(m, r.start(), (int) r.length()));
                }
            }
            compareProcesses();
            kernel.checkInvariants();
        }

        /** Like assertEquals on arrays, but names the first differing offset instead of dumping both. */
        static void assertSameBytes(String what, byte[] got, byte[] expected) {
            if (got == null || expected == null) {
                assertThat(got == null).as("%s: kernel faulted = %b, reference faulted = %b", what, got == null,
                        expected == null).isEqualTo(expected == null);
                return;
            }
            int i = java.util.Arrays.mismatch(got, expected);
            assertThat(i).as("%s: first difference at offset %d (kernel %s, reference %s)", what, i,
                    i < 0 || i >= got.length ? "-" : got[i], i < 0 || i >= expected.length ? "-" : expected[i]).isEqualTo(-1);
        }

        static List<Region> normalize(List<Region> regions) {
            List<Region> sorted = new ArrayList<>(regions);
            sorted.sort(Comparator.comparingLong(Region::start));
            List<Region> out = new ArrayList<>();
            for (Region r : sorted) {
                if (!out.isEmpty()) {
                    Region last = out.getLast();
                    if (last.end() == r.start() && last.protection().equals(r.protection()) && last.name().equals(r.name())) {
                        out.set(out.size() - 1, new Region(last.start(), r.end(), r.protection(), r.name()));
                        continue;
                    }
                }
                out.add(r);
            }
            return out;
        }

        static boolean isAccess(Op op) {
            return op instanceof Write || op instanceof Read || op instanceof Touch || op instanceof Word
                    || op instanceof Copy;
        }

        static int targetOf(Op op) {
            return switch (op) {
                case Write w -> w.target();
                case Read r -> r.target();
                case Touch t -> t.target();
                case Word w -> w.target();
                case Copy c -> c.target();
                default -> -1;
            };
        }

        static int whoOf(Op op) {
            return switch (op) {
                case Fork f -> f.who();
                case Exec e -> e.who();
                case Exit e -> e.who();
                case Kill k -> k.who();
                case WaitAny w -> w.who();
                case MapAt a -> a.who();
                case MapAnywhere a -> a.who();
                case Unmap u -> u.who();
                case Protect p -> p.who();
                case Sbrk s -> s.who();
                case Write w -> w.who();
                case Read r -> r.who();
                case Touch t -> t.who();
                case Word w -> w.who();
                case Copy c -> c.who();
                case Spawn s -> 0;
            };
        }
    }
}
