package dev.cowvm.riscv.cpu;

import java.nio.file.Path;

/**
 * Runs guest programs on the hart and prints instructions retired, wall time and the rate:
 * {@code java -cp target/classes:target/test-classes dev.cowvm.riscv.cpu.Measure FILE.elf [REPEATS [ARGS...]]}.
 * The CPU time is the whole process's (JIT compiler threads and GC included), which is
 * what to compare with qemu's user + system time on a busy machine. A development aid, not
 * a benchmark: the published figures come from the benchmark module.
 */
public final class Measure {
    private Measure() {
    }

    public static void main(String[] args) {
        int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        String[] guestArgs = java.util.Arrays.copyOfRange(args, Math.min(2, args.length), args.length);
        for (int i = 0; i < repeats; i++) {
            GuestRun run = GuestRun.of(Path.of(args[0]), guestArgs);
            com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean();
            long cpu0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            GuestRun.Result r = run.run(Long.MAX_VALUE);
            long ns = System.nanoTime() - t0;
            long cpu = os.getProcessCpuTime() - cpu0;
            System.out.printf("%s: %s, %.3f s, %.1f M instructions/s (%.1f per process CPU second), "
                    + "%.0f%% translated, output %s%n", args[0], r.describe(), ns / 1e9, r.instret() * 1e3 / ns,
                    r.instret() * 1e3 / cpu, 100.0 * run.hart.instretTranslated() / r.instret(), r.text().strip());
        }
    }
}
