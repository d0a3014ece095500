package dev.cowvm.script;

import dev.cowvm.kernel.KernelConfig;
import dev.cowvm.observe.MemoryUsage;
import dev.cowvm.observe.ProcessStatus;
import dev.cowvm.observe.Stats;
import java.util.List;
import java.util.OptionalInt;

/**
 * The end of a run: the expectations' tally, the counters, and every named process.
 *
 * @param file       the scenario's name
 * @param config     the machine it ran on
 * @param statements statements run
 * @param passed     expectations that held
 * @param failures   expectations that did not, each with its line and what was found
 * @param stats      the kernel's counters at the end
 * @param processes  every process the scenario named and created, in order of creation
 */
public record RunResult(String file, KernelConfig config, int statements, int passed, List<Failure> failures,
                        Stats stats, List<ProcessSummary> processes) {
    /** True if no expectation failed. */
    public boolean ok() {
        return failures.isEmpty();
    }

    /** An expectation that did not hold. */
    public record Failure(int line, String message) {
    }

    /**
     * A process at the end of the run.
     *
     * @param name     the scenario's name for it
     * @param pid      its process id
     * @param status   running, or how it ended
     * @param exitCode the code its parent's wait sees, or empty while it runs
     * @param usage    its memory, in bytes ({@link MemoryUsage#NONE} once it has ended)
     * @param stats    its own counters: faults it took, pages copied for it, forks it made
     */
    public record ProcessSummary(String name, int pid, ProcessStatus status, OptionalInt exitCode, MemoryUsage usage,
                                 Stats stats) {
    }
}
