package dev.cowvm.script;

import dev.cowvm.kernel.KernelConfig;
import dev.cowvm.observe.Stats;
import java.util.List;

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
     * A process at the end of the run. Sizes are bytes; a process that ended holds none.
     */
    public record ProcessSummary(String name, int pid, String status, int exitCode, long rss, long pss, long uss,
                                 long shared, long privateBytes) {
    }
}
