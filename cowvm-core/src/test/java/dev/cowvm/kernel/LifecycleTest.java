package dev.cowvm.kernel;

import dev.cowvm.observe.ProcessStatus;
import static dev.cowvm.kernel.Machines.PAGE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cowvm.observe.Counter;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** spawn, fork, exec, exit, wait, kill; pids and the process tree. */
class LifecycleTest {
    private final Kernel kernel = Machines.kernel();

    @Test
    void pidsCountUpAndTheTreeIsKept() {
        Process init = kernel.spawn().orElseThrow();
        Process a = kernel.fork(init).orElseThrow();
        Process b = kernel.fork(a).orElseThrow();
        assertThat(init.pid()).isEqualTo(1);
        assertThat(a.pid()).isEqualTo(2);
        assertThat(b.pid()).isEqualTo(3);
        assertThat(init.parent()).isEmpty();
        assertThat(b.parent()).containsSame(a);
        assertThat(init.children()).containsExactly(a);
        assertThat(kernel.processes()).containsExactly(init, a, b);
        assertThat(kernel.process(3)).contains(b);
    }

    @Test
    void exitReleasesMemoryAtOnceAndLeavesAZombieUntilWaitedFor() {
        Process init = kernel.spawn().orElseThrow();
        Process child = kernel.fork(init).orElseThrow();
        long buf = child.map(0, 16 * PAGE, Protection.RW, "buf").orElseThrow();
        child.fill(buf, 16 * PAGE, (byte) 1);
        long inUse = kernel.stats().get(Counter.FRAMES_IN_USE);

        kernel.exit(child, 7);

        assertThat(kernel.stats().get(Counter.FRAMES_IN_USE)).isEqualTo(inUse - 16 - 3);
        assertThat(child.isZombie()).isTrue();
        assertThat(child.exitCode()).isEqualTo(7);
        assertThat(kernel.processes()).contains(child);
        assertThat(kernel.wait(init, child).orElseThrow()).isEqualTo(ProcessStatus.EXITED);
        assertThat(child.isReaped()).isTrue();
        assertThat(kernel.processes()).containsExactly(init);
        assertThat(init.children()).isEmpty();
        kernel.checkInvariants();
    }

    @Test
    void waitNeverBlocksAndRefusesStrangers() {
        Process init = kernel.spawn().orElseThrow();
        Process child = kernel.fork(init).orElseThrow();
        Process other = kernel.spawn().orElseThrow();
        assertThat(kernel.wait(init, child).failure()).isEqualTo(Failure.WOULD_BLOCK);
        assertThat(kernel.waitAny(init).failure()).isEqualTo(Failure.WOULD_BLOCK);
        assertThat(kernel.waitAny(other).failure()).isEqualTo(Failure.NO_CHILD);
        Result<ProcessStatus> stranger = kernel.wait(other, child);
        assertThat(stranger.failure()).isEqualTo(Failure.NO_CHILD);
        assertThat(stranger.message()).contains("not a child of process 3");
        assertThat(child.isAlive()).isTrue();
    }

    @Test
    void killEndsAProcessAndKillingTheDeadDoesNothing() {
        Process init = kernel.spawn().orElseThrow();
        Process child = kernel.fork(init).orElseThrow();
        kernel.kill(child);
        kernel.kill(child);
        assertThat(child.status()).isEqualTo(ProcessStatus.KILLED);
        assertThat(child.exitCode()).isEqualTo(137);
        assertThat(kernel.stats().get(Counter.KILLS)).isEqualTo(1);
        assertThat(kernel.waitAny(init).orElseThrow().pid()).isEqualTo(child.pid());
    }

    @Test
    void orphansAreAdoptedByTheFirstProcess() {
        Process init = kernel.spawn().orElseThrow();
        Process mid = kernel.fork(init).orElseThrow();
        Process leaf = kernel.fork(mid).orElseThrow();
        Process zombie = kernel.fork(mid).orElseThrow();
        kernel.exit(zombie, 1);

        kernel.exit(mid, 0);

        assertThat(leaf.parent()).containsSame(init);
        assertThat(zombie.parent()).containsSame(init);
        assertThat(init.children()).containsExactly(mid, leaf, zombie);
        assertThat(kernel.wait(init, zombie).orElseThrow()).isEqualTo(ProcessStatus.EXITED);
    }

    @Test
    void withoutInitOrphansHaveNoParentAndAreReapedWhenTheyEnd() {
        Process init = kernel.spawn().orElseThrow();
        Process child = kernel.fork(init).orElseThrow();
        kernel.exit(init, 0);
        assertThat(init.isReaped()).isTrue();
        assertThat(child.parent()).isEmpty();
        kernel.exit(child, 0);
        assertThat(child.isReaped()).isTrue();
        assertThat(kernel.processes()).isEmpty();
        assertThat(kernel.stats().get(Counter.FRAMES_IN_USE)).isZero();
        kernel.checkInvariants();
    }

    @Test
    void setInitChoosesTheAdopterOrNobody() {
        kernel.setInit(null);
        Process first = kernel.spawn().orElseThrow();
        Process mid = kernel.fork(first).orElseThrow();
        Process zombie = kernel.fork(mid).orElseThrow();
        Process leaf = kernel.fork(mid).orElseThrow();
        kernel.exit(zombie, 0);

        kernel.exit(mid, 0);

        assertThat(zombie.isReaped()).as("an ended orphan is reaped at once").isTrue();
        assertThat(leaf.parent()).isEmpty();
        assertThat(first.children()).containsExactly(mid);
        kernel.exit(leaf, 0);
        assertThat(leaf.isReaped()).isTrue();

        kernel.setInit(first);
        Process mid2 = kernel.fork(first).orElseThrow();
        Process leaf2 = kernel.fork(mid2).orElseThrow();
        kernel.exit(mid2, 0);
        assertThat(leaf2.parent()).containsSame(first);
        kernel.checkInvariants();
    }

    @Test
    void execGivesAFreshImageAndKeepsThePid() {
        Process p = kernel.spawn().orElseThrow();
        long buf = p.map(0, 4 * PAGE, Protection.RW, "buf").orElseThrow();
        p.fill(buf, 4 * PAGE, (byte) 1);
        p.sbrk(PAGE);
        kernel.exec(p);
        assertThat(p.pid()).isEqualTo(1);
        assertThat(p.regions()).isEmpty();
        assertThat(p.brk()).isEqualTo(AddressLayout.HEAP_BASE);
        assertThat(kernel.stats().get(Counter.FRAMES_IN_USE)).isEqualTo(1);
        assertThat(p.map(0, PAGE, Protection.RW, "new").orElseThrow()).isEqualTo(buf);
        kernel.checkInvariants();
    }

    @Test
    void usingAProcessThatEndedIsAMisuse() {
        Process p = kernel.spawn().orElseThrow();
        kernel.exit(p, 0);
        assertThatThrownBy(() -> kernel.fork(p)).isInstanceOf(IllegalStateException.class)
                .hasMessage("process 1 is not running (exited)");
        assertThatThrownBy(() -> p.map(0, PAGE, Protection.RW, "x")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> kernel.exec(p)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> kernel.exit(p, 1)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aProcessOfAnotherKernelIsRefused() {
        Process foreign = Machines.kernel().spawn().orElseThrow();
        assertThatThrownBy(() -> kernel.fork(foreign)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not belong to this kernel");
    }

    @Test
    void twoKernelsShareNothing() {
        Kernel other = Machines.kernel();
        Process a = kernel.spawn().orElseThrow();
        Process b = other.spawn().orElseThrow();
        long va = a.map(0, PAGE, Protection.RW, "x").orElseThrow();
        b.map(0, PAGE, Protection.RW, "x").orElseThrow();
        a.write(va, Machines.ascii("mine"));
        assertThat(b.read(va, 4).orElseThrow()).containsOnly(0);
        assertThat(Optional.of(b.pid())).contains(1);
    }
}
