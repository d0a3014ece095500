package dev.cowvm.bench;

import dev.cowvm.kernel.Kernel;
import dev.cowvm.kernel.KernelConfig;
import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * Figure 5a's host memory, measured directly: the 1,000-process workload of
 * {@link ScaleBenchmark#run1000Processes} once on a machine of each size, reporting the Java
 * heap it allocated (the thread's allocation counter) and the host pages the machine's
 * physical memory occupied at the end (asked of the host with {@code mincore}). Frames
 * live outside the heap, so JMH's allocation figure alone would miss them.
 *
 * <pre>
 *   java --enable-native-access=ALL-UNNAMED -cp benchmarks.jar dev.cowvm.bench.Footprint
 *   footprint machineGiB=64 heap_bytes=... arena_bytes=... total_bytes=...
 * </pre>
 */
public final class Footprint {
    private Footprint() {
    }

    public static void main(String[] args) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (int warm = 0; warm < 3; warm++) {
            try (Kernel k = ScaleBenchmark.runProcesses(new Kernel(KernelConfig.defaults().withMemory(Machines.GIB)))) {
                k.checkInvariants();
            }
        }
        for (int gib : new int[] {1, 16, 64}) {
            long before = threads.getCurrentThreadAllocatedBytes();
            Kernel k = ScaleBenchmark.runProcesses(new Kernel(KernelConfig.defaults().withMemory(gib * Machines.GIB)));
            long heap = threads.getCurrentThreadAllocatedBytes() - before;
            long arena = k.residentHostBytes();
            k.close();
            System.out.println(String.format(Locale.ROOT, "footprint machineGiB=%d heap_bytes=%d arena_bytes=%d total_bytes=%d",
                    gib, heap, arena, heap + arena));
        }
    }
}
