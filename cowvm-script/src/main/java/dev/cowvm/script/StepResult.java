package dev.cowvm.script;

import dev.cowvm.observe.KernelEvent;
import java.util.List;

/**
 * What one statement did.
 *
 * @param statement   the statement
 * @param outcome     how it ended (see {@link Outcome})
 * @param output      what the statement itself prints: a read's bytes, a table, a
 *                    {@code say}'s text, a note that it was skipped or refused or that its
 *                    process died (may be empty)
 * @param explanation what the kernel did and why, in a line or two, when the run explains
 *                    (may be empty)
 * @param events      the kernel's events, in order
 * @param failure     for a failed expectation, what was expected and what was found; else null
 * @param source      the statement as it ran: its line, or, in a loop, its words with the
 *                    loop's values written in (see {@link Scenario#source(int)})
 */
public record StepResult(Statement statement, Outcome outcome, List<String> output, List<String> explanation,
                         List<KernelEvent> events, String failure, String source) {
    /** How a statement ended. */
    public enum Outcome implements dev.cowvm.Labeled {
        /** It did what it says. */
        DONE,
        /** An expectation held. */
        PASSED,
        /** An expectation did not hold; {@link #failure()} says why. */
        FAILED,
        /** Its process does not exist or no longer runs, so it did nothing. */
        SKIPPED,
        /** The kernel refused it for lack of memory (a fork, a spawn, a brk): nothing changed. */
        REFUSED,
        /** Its process died of it: a segmentation fault, or out of memory. */
        DIED
    }
}
