package dev.cowvm.kernel;

import dev.cowvm.observe.ProcessStatus;
import dev.cowvm.observe.ForkMode;
import static dev.cowvm.kernel.Machines.PAGE;
import static dev.cowvm.kernel.Machines.ascii;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cowvm.mmu.Access;
import dev.cowvm.observe.Counter;
import dev.cowvm.observe.KernelEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Running out of frames ends cleanly, and never costs another process a byte. */
class OutOfMemoryTest {

    @Test
    void aForkBombEndsWithRefusedForksAndEveryoneIntact() {
        Kernel kernel = Machines.kernel(256 * PAGE);
        Process init = kernel.spawn().orElseThrow();
        long buf = init.map(0, 8 * PAGE, Protection.RW, "buf").orElseThrow();
        init.write(buf, ascii("root of the bomb"));
        List<Process> all = new ArrayList<>(List.of(init));
        int refused = 0;
        while (refused < 10) {
            for (Process p : new ArrayList<>(all)) {
                var child = kernel.fork(p);
                if (child.isOk()) {
                    all.add(child.orElseThrow());
                } else {
                    refused++;
                }
            }
            kernel.checkInvariants();
        }
        assertThat(kernel.stats().get(Counter.FAILED_FORKS)).isEqualTo(refused);
        assertThat(all).allMatch(Process::isAlive);
        for (Process p : all) {
            assertThat(ascii(p.read(buf, 16).orElseThrow())).isEqualTo("root of the bomb");
        }
        // Now everyone writes: copies run the pool dry and the writers that find it empty die.
        for (Process p : all) {
            p.write(buf, ascii("mine"));
        }
        assertThat(kernel.stats().get(Counter.OOM_KILLS)).isPositive();
        for (Process p : all) {
            if (p.isAlive()) {
                assertThat(ascii(p.read(buf, 16).orElseThrow())).isEqualTo("mine of the bomb");
            } else {
                assertThat(p.status()).isEqualTo(ProcessStatus.OOM);
                assertThat(p.deathReason()).startsWith("out of memory: write at");
            }
        }
        kernel.checkInvariants();
        for (Process p : all) {
            if (p.isAlive()) {
                kernel.exit(p, 0);
            }
        }
        assertThat(kernel.stats().get(Counter.FRAMES_IN_USE)).isZero();
        kernel.checkInvariants();
    }

    @Test
    void aRunawayHeapIsKilledAndGivesEverythingBack() {
        Kernel kernel = Machines.kernel(64 * PAGE);
        Process bystander = kernel.spawn().orElseThrow();
        long b = bystander.map(0, PAGE, Protection.RW, "b").orElseThrow();
        bystander.write(b, ascii("still here"));
        Process hog = kernel.spawn().orElseThrow();

        boolean alive = true;
        while (alive) {
            long old = hog.sbrk(PAGE).orElseThrow();
            alive = hog.touch(old, PAGE, Access.WRITE).isOk();
        }

        assertThat(hog.status()).isEqualTo(ProcessStatus.OOM);
        assertThat(kernel.stats().get(Counter.OOM_KILLS)).isEqualTo(1);
        assertThat(kernel.stats().get(Counter.FRAMES_IN_USE)).isEqualTo(1 + 1 + 2); // bystander: its page, its root, 2 lower tables
        assertThat(ascii(bystander.read(b, 10).orElseThrow())).isEqualTo("still here");
        kernel.checkInvariants();
    }

    @Test
    void aRefusedForkChangesNothingAtAll() {
        Kernel kernel = Machines.kernel(16 * PAGE);
        Process p = kernel.spawn().orElseThrow();
        long buf = p.map(0, 12 * PAGE, Protection.RW, "buf").orElseThrow();
        p.touch(buf, 12 * PAGE, Access.WRITE); // 12 pages + 3 tables = 15 of 16 frames
        List<PageMapping> before = p.mappings();
        List<KernelEvent> events = new ArrayList<>();
        kernel.addListener(events::add);

        assertThat(kernel.fork(p).failure()).isEqualTo(Failure.NO_MEMORY);

        assertThat(p.mappings()).isEqualTo(before);
        assertThat(kernel.processes()).containsExactly(p);
        assertThat(kernel.stats().get(Counter.FRAMES_IN_USE)).isEqualTo(15);
        assertThat(events).singleElement().isEqualTo(new KernelEvent.ForkFailed(1, 3, 1));
        assertThat(kernel.spawn().isOk()).isTrue(); // the last frame is still there
        assertThat(kernel.spawn().failure()).isEqualTo(Failure.NO_MEMORY);
        kernel.checkInvariants();
    }

    @Test
    void copyModeForkNeedsFramesForEveryPage() {
        Kernel kernel = new Kernel(KernelConfig.defaults().withMemory(32 * PAGE).withForkMode(ForkMode.COPY));
        Process p = kernel.spawn().orElseThrow();
        long buf = p.map(0, 16 * PAGE, Protection.RW, "buf").orElseThrow();
        p.touch(buf, 16 * PAGE, Access.WRITE);
        assertThat(kernel.fork(p).failure()).isEqualTo(Failure.NO_MEMORY);
        assertThat(kernel.fork(p, ForkMode.COW).isOk()).isTrue();
        kernel.checkInvariants();
    }

    @Test
    void theHostLimitLooksLikeAnEmptyPoolNotACrash() {
        Kernel kernel = new Kernel(KernelConfig.defaults().withMemory(1L << 40).withHostMemoryLimit(32 * PAGE));
        Process p = kernel.spawn().orElseThrow();
        long buf = p.map(0, 64 * PAGE, Protection.RW, "buf").orElseThrow();
        assertThat(p.touch(buf, 64 * PAGE, Access.WRITE).failure()).isEqualTo(Failure.OOM);
        assertThat(p.status()).isEqualTo(ProcessStatus.OOM);
        kernel.checkInvariants();
    }
}
