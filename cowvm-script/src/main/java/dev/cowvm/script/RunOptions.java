package dev.cowvm.script;

import dev.cowvm.kernel.KernelConfig;
import dev.cowvm.observe.ForkMode;
import dev.cowvm.phys.ZeroPolicy;

/**
 * How a scenario runs.
 *
 * @param explain    after each statement, say in a line what the kernel did and why
 * @param forkMode   if not null, overrides the scenario's {@code fork-mode}
 * @param zeroPolicy if not null, overrides the scenario's {@code zero}
 * @param maxMemory  the largest {@code memory} a scenario may ask for, in bytes
 * @param hostMemory bytes of host memory the machine's frames may use (see
 *                   {@link KernelConfig#hostMemoryLimit()}); 0 for the default
 * @param stop       asked before every statement, and between the chunks of a long one,
 *                   whether to stop the run (a front end's time or work limit)
 */
public record RunOptions(boolean explain, ForkMode forkMode, ZeroPolicy zeroPolicy, long maxMemory, long hostMemory,
                         Stop stop) {
    /** Whether a run must stop now. */
    @FunctionalInterface
    public interface Stop {
        /**
         * Why the run must stop, or null to go on.
         *
         * @return the reason, said in the error that ends the run
         */
        String why();
    }

    /** No explanations, no overrides, machines up to 4 TiB, the default host limit, never stopped. */
    public static RunOptions defaults() {
        return new RunOptions(false, null, null, KernelConfig.MAX_MEMORY, 0, () -> null);
    }

    public RunOptions withExplain(boolean on) {
        return new RunOptions(on, forkMode, zeroPolicy, maxMemory, hostMemory, stop);
    }

    public RunOptions withOverrides(ForkMode mode, ZeroPolicy policy) {
        return new RunOptions(explain, mode, policy, maxMemory, hostMemory, stop);
    }

    public RunOptions withLimits(long maxMemoryBytes, long hostMemoryBytes) {
        return new RunOptions(explain, forkMode, zeroPolicy, maxMemoryBytes, hostMemoryBytes, stop);
    }

    public RunOptions withStop(Stop condition) {
        return new RunOptions(explain, forkMode, zeroPolicy, maxMemory, hostMemory, condition);
    }
}
