package dev.cowvm.script;

import dev.cowvm.observe.KernelEvent;
import java.util.List;

/**
 * What one statement did.
 *
 * @param statement the statement
 * @param outcome   done, an expectation passed or failed, or skipped (its process is gone)
 * @param output    lines to show the user (may be empty)
 * @param events    the kernel's events, in order
 * @param failure   for a failed expectation, what was expected and what was found; else null
 */
public record StepResult(Statement statement, Outcome outcome, List<String> output, List<KernelEvent> events,
                         String failure) {
    /** How a statement ended. */
    public enum Outcome {
        DONE, PASSED, FAILED, SKIPPED
    }
}
