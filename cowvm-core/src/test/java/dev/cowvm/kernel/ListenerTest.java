package dev.cowvm.kernel;

import static dev.cowvm.kernel.Machines.PAGE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cowvm.observe.Counter;
import dev.cowvm.observe.KernelEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A listener observes the kernel; it can never unwind it in the middle of an operation. */
class ListenerTest {
    @Test
    void aListenerThatThrowsIsUnsubscribedAndTheOperationCompletes() {
        Kernel kernel = Machines.kernel();
        Process p = kernel.spawn().orElseThrow();
        long heap = p.map(0, 4 * PAGE, Protection.RW, "heap").orElseThrow();
        List<KernelEvent> seen = new ArrayList<>();
        kernel.addListener(seen::add);
        kernel.addListener(event -> {
            if (event instanceof KernelEvent.FrameAllocated) {
                throw new IllegalStateException("stop here");
            }
        });
        assertThat(p.fill(heap, 4 * PAGE, (byte) 7).isOk()).isTrue();
        assertThat(p.read(heap + 3 * PAGE, 1).orElseThrow()).containsExactly(7);
        assertThat(kernel.stats().get(Counter.ZERO_FILL_FAULTS)).isEqualTo(4);
        assertThat(seen.stream().filter(KernelEvent.PageFault.class::isInstance)).hasSize(4);
        assertThat(kernel.warnings()).singleElement().asString()
                .contains("a listener failed on a frame-alloc event and was unsubscribed")
                .contains("stop here");
        kernel.checkInvariants();
    }

    @Test
    void aListenerOfOneTypeSeesOnlyThatType() {
        Kernel kernel = Machines.kernel();
        List<KernelEvent.Forked> forks = new ArrayList<>();
        var listener = kernel.addListener(KernelEvent.Forked.class, forks::add);
        Process p = kernel.spawn().orElseThrow();
        kernel.fork(p).orElseThrow();
        kernel.removeListener(listener);
        kernel.fork(p).orElseThrow();
        assertThat(forks).singleElement().satisfies(f -> assertThat(f.parent()).isEqualTo(p.pid()));
    }
}
