package dev.cowvm.riscv.cpu;

import java.nio.file.Path;

/**
 * Runs guest programs on the hart and prints instructions retired, wall time and the rate:
 * {@code java -cp target/classes:target/test-classes dev.cowvm.riscv.cpu.Measure FILE.elf [REPEATS [ARGS...]]}.
 * A development aid, not a benchmark: the published figures come from the benchmark module.
 */
public final class Measure {
    private Measure() {
    }

    public static void main(String[] args) {
        int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        String[] guestArgs = java.util.Arrays.copyOfRange(args, Math.min(2, args.length), args.length);
        for (int i = 0; i < repeats; i++) {
            GuestRun run = GuestRun.of(Path.of(args[0]), guestArgs);
            java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
            long cpu0 = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            GuestRun.Result r = run.run(Long.MAX_VALUE);
            long ns = System.nanoTime() - t0;
            long cpu = threads.getCurrentThreadCpuTime() - cpu0;
            System.out.printf("%s: %s, %.3f s, %.1f M instructions/s (%.1f per CPU second), output %s%n", args[0],
                    r.describe(), ns / 1e9, r.instret() * 1e3 / ns, r.instret() * 1e3 / cpu, r.text().strip());
        }
    }
}
