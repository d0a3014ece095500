package dev.cowvm.script;

import dev.cowvm.kernel.ForkMode;
import dev.cowvm.phys.ZeroPolicy;

/**
 * How a scenario runs.
 *
 * @param explain     after each statement, say in a line what the kernel did and why
 * @param forkMode    if not null, overrides the scenario's {@code fork-mode}
 * @param zeroPolicy  if not null, overrides the scenario's {@code zero}
 * @param maxMemory   the largest {@code memory} a scenario may ask for, in bytes
 * @param hostMemory  bytes of host memory the machine's frames may use (see
 *                    {@link dev.cowvm.kernel.KernelConfig#hostMemoryLimit()}); 0 for the default
 */
public record RunOptions(boolean explain, ForkMode forkMode, ZeroPolicy zeroPolicy, long maxMemory, long hostMemory) {
    /** No explanations, no overrides, machines up to 4 TiB, the default host limit. */
    public static RunOptions defaults() {
        return new RunOptions(false, null, null, dev.cowvm.kernel.KernelConfig.MAX_MEMORY, 0);
    }

    public RunOptions withExplain(boolean on) {
        return new RunOptions(on, forkMode, zeroPolicy, maxMemory, hostMemory);
    }

    public RunOptions withOverrides(ForkMode mode, ZeroPolicy policy) {
        return new RunOptions(explain, mode, policy, maxMemory, hostMemory);
    }

    public RunOptions withLimits(long maxMemoryBytes, long hostMemoryBytes) {
        return new RunOptions(explain, forkMode, zeroPolicy, maxMemoryBytes, hostMemoryBytes);
    }
}
