package dev.cowvm.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PageSetTest {
    @Test
    void agreesWithAHashSetAcrossGrowthAndClears() {
        PageSet set = new PageSet();
        Random rnd = new Random(11);
        for (int round = 0; round < 20; round++) {
            Set<Long> model = new HashSet<>();
            int n = rnd.nextInt(30_000);
            for (int i = 0; i < n; i++) {
                long key = rnd.nextBoolean() ? rnd.nextInt(2000) : ((long) rnd.nextInt(4) << 36) | rnd.nextInt(1 << 30);
                assertThat(set.add(key)).isEqualTo(model.add(key));
            }
            assertThat(set.size()).isEqualTo(model.size());
            set.clear();
            assertThat(set.size()).isZero();
        }
    }
}
