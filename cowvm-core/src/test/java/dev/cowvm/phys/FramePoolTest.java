package dev.cowvm.phys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FramePoolTest {
    private static final int PAGE = PhysicalMemory.PAGE_SIZE;

    private static FramePool pool(int frames, ZeroPolicy policy) {
        return new FramePool(new PhysicalMemory(frames), policy, Integer.MAX_VALUE);
    }

    /** Byte {@code o} of frame {@code f}. */
    private static byte get(FramePool pool, int f, int o) {
        return pool.memory().segment().get(PhysicalMemory.BYTE, PhysicalMemory.address(f) + o);
    }

    private static void set(FramePool pool, int f, int o, int value) {
        pool.memory().segment().set(PhysicalMemory.BYTE, PhysicalMemory.address(f) + o, (byte) value);
    }

    @Test
    void aHugeMachineCostsNothingUntilFramesAreUsed() {
        PhysicalMemory memory = new PhysicalMemory(16 << 20); // 64 GiB
        FramePool pool = new FramePool(memory, ZeroPolicy.ON_ALLOC, Integer.MAX_VALUE);
        assertThat(memory.residentBytes(16 << 20)).as("host memory before any frame is used").isZero();
        assertThat(pool.highWater()).isEqualTo(1);
        assertThat(pool.available()).isEqualTo(16 << 20);
        assertThat(pool.state(16 << 20)).isEqualTo(FrameState.FREE_ZEROED);
        int f = pool.allocate(FramePurpose.ZEROED_DATA, 1);
        assertThat(f).isEqualTo(1);
        set(pool, 16 << 20, 100, 1); // the very last frame
        set(pool, f, 0, 1);
        assertThat(memory.residentBytes(16 << 20)).as("exactly the two pages touched").isEqualTo(2L * PAGE);
        memory.close();
        assertThat(memory.residentBytes(16 << 20)).as("given back").isZero();
        assertThatThrownBy(() -> get(pool, f, 0)).as("unmapped: a use is refused, not a crash")
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void freedFramesKeepTheirBytesAndComeBackLastInFirstOut() {
        FramePool pool = pool(8, ZeroPolicy.ON_ALLOC);
        int a = pool.allocate(FramePurpose.ZEROED_DATA, 1);
        int b = pool.allocate(FramePurpose.ZEROED_DATA, 1);
        set(pool, a, 0, 42);
        pool.unshare(a);
        pool.unshare(b);
        assertThat(pool.state(a)).isEqualTo(FrameState.FREE_STALE);
        assertThat(get(pool, a, 0)).isEqualTo((byte) 42);
        assertThat(pool.owner(a)).isEqualTo(1);
        assertThat(pool.allocate(FramePurpose.COPY_TARGET, 2)).isEqualTo(b);
        assertThat(pool.allocate(FramePurpose.COPY_TARGET, 2)).isEqualTo(a);
        assertThat(get(pool, a, 0)).isEqualTo((byte) 42); // a copy target is not zeroed
    }

    @Test
    void eachPolicyZeroesWhenItSays() {
        for (ZeroPolicy policy : ZeroPolicy.values()) {
            FramePool pool = pool(4, policy);
            int f = pool.allocate(FramePurpose.ZEROED_DATA, 1);
            set(pool, f, 5, 9);
            pool.unshare(f);
            assertThat(get(pool, f, 5)).as("after free under %s", policy)
                    .isEqualTo(policy == ZeroPolicy.ON_FREE ? (byte) 0 : (byte) 9);
            pool.allocate(FramePurpose.ZEROED_DATA, 2);
            assertThat(get(pool, f, 5)).as("after alloc under %s", policy)
                    .isEqualTo(policy == ZeroPolicy.NONE ? (byte) 9 : (byte) 0);
            pool.unshare(f);
            set(pool, f, 5, 9);
            if (policy != ZeroPolicy.ON_FREE) {
                assertThat(pool.allocate(FramePurpose.PAGE_TABLE, 3)).isEqualTo(f);
                assertThat(get(pool, f, 5)).as("page tables are always zeroed").isZero();
            }
        }
    }

    @Test
    void anEmptyPoolSaysSoWithoutThrowing() {
        FramePool pool = pool(3, ZeroPolicy.ON_ALLOC);
        List<Integer> got = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            got.add(pool.allocate(FramePurpose.ZEROED_DATA, 1));
        }
        assertThat(got).containsExactly(1, 2, 3);
        assertThat(pool.available()).isZero();
        assertThat(pool.allocate(FramePurpose.ZEROED_DATA, 1)).isEqualTo(FramePool.NO_FRAME);
        assertThat(pool.inUse()).isEqualTo(3);
        assertThat(pool.peakInUse()).isEqualTo(3);
    }

    @Test
    void theHostLimitCapsNewBackingButNotReuse() {
        FramePool pool = new FramePool(new PhysicalMemory(1000), ZeroPolicy.ON_ALLOC, 2);
        int a = pool.allocate(FramePurpose.ZEROED_DATA, 1);
        pool.allocate(FramePurpose.ZEROED_DATA, 1);
        assertThat(pool.allocate(FramePurpose.ZEROED_DATA, 1)).isEqualTo(FramePool.NO_FRAME);
        pool.unshare(a);
        assertThat(pool.available()).isEqualTo(1);
        assertThat(pool.allocate(FramePurpose.ZEROED_DATA, 1)).isEqualTo(a);
    }

    @Test
    void sharingCountsReferences() {
        FramePool pool = pool(4, ZeroPolicy.ON_ALLOC);
        int f = pool.allocate(FramePurpose.ZEROED_DATA, 1);
        pool.share(f);
        pool.share(f);
        assertThat(pool.refCount(f)).isEqualTo(3);
        assertThat(pool.unshare(f)).isFalse();
        assertThat(pool.unshare(f)).isFalse();
        assertThat(pool.unshare(f)).isTrue();
        assertThat(pool.refCount(f)).isZero();
        assertThat(pool.releases()).isEqualTo(1);
    }

    @Test
    void framesOutsideTheMachineAreRefused() {
        FramePool pool = pool(4, ZeroPolicy.ON_ALLOC);
        assertThatThrownBy(() -> pool.state(5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("frame 5 is outside 0..4");
        assertThatThrownBy(() -> new PhysicalMemory(0)).hasMessageContaining("frameCount 0");
        byte[] out = new byte[4];
        pool.memory().peek(4, 0, out, 0, 4);
        assertThat(out).containsOnly(0);
        assertThat(PAGE).isEqualTo(4096);
    }

    @Test
    void policiesParseFromTheirLabels() {
        assertThat(ZeroPolicy.parse("on-alloc")).isEqualTo(ZeroPolicy.ON_ALLOC);
        assertThat(ZeroPolicy.parse("on-free")).isEqualTo(ZeroPolicy.ON_FREE);
        assertThat(ZeroPolicy.parse("none")).isEqualTo(ZeroPolicy.NONE);
        assertThat(ZeroPolicy.NONE.isSecure()).isFalse();
        assertThatThrownBy(() -> ZeroPolicy.parse("sometimes")).hasMessage(
                "unknown zero policy 'sometimes'; expected on-alloc, on-free or none");
    }
}
