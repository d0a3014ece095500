package dev.cowvm.script.quiz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cowvm.Sizes;
import dev.cowvm.kernel.Kernel;
import dev.cowvm.kernel.PageMapping;
import dev.cowvm.kernel.Process;
import dev.cowvm.observe.Counter;
import dev.cowvm.phys.FrameState;
import dev.cowvm.script.Run;
import dev.cowvm.script.RunOptions;
import dev.cowvm.script.Scenario;
import dev.cowvm.script.StepResult;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The quiz: a seed is a quiz, every scenario it writes is valid, and every answer is what a
 * run of the printed scenario shows, found here again from the question's words alone.
 */
class QuizTest {
    @Test
    void theSameSeedGivesTheSameQuiz() {
        for (int level = 1; level <= Quiz.LEVELS; level++) {
            Quiz a = Quiz.make(42, level);
            Quiz b = Quiz.make(42, level);
            assertThat(b.scenario().lines()).isEqualTo(a.scenario().lines());
            assertThat(b.questions()).isEqualTo(a.questions());
        }
        assertThat(Quiz.make(43, 2).scenario().lines()).isNotEqualTo(Quiz.make(42, 2).scenario().lines());
    }

    @Test
    void aThousandSeedsWriteValidScenariosAtEveryLevel() throws Exception {
        EnumSet<StepResult.Outcome> fine = EnumSet.of(StepResult.Outcome.DONE);
        for (long seed = 0; seed < 1000; seed++) {
            for (int level = 1; level <= Quiz.LEVELS; level++) {
                Quiz q = Quiz.make(seed, level);
                Scenario again = Scenario.parse("again.cow", String.join("\n", q.scenario().lines()));
                Run run = new Run(again, RunOptions.defaults());
                for (StepResult r : run.runToEnd()) {
                    assertThat(fine).as("seed %d level %d line %d: %s", seed, level, r.statement().line(), r.output())
                            .contains(r.outcome());
                }
                run.kernel().checkInvariants();
                assertThat(q.questions()).hasSize(level == 1 ? 4 : level == 2 ? 5 : 6);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void everyAnswerIsWhatARunOfTheScenarioShows(int level) throws Exception {
        for (long seed = 0; seed < 150; seed++) {
            Quiz q = Quiz.make(seed, level);
            for (Question question : q.questions()) {
                Answer found = recompute(q.scenario(), question.text());
                assertThat(question.answer()).as("seed %d level %d: %s", seed, level, question.text())
                        .isEqualTo(found);
                assertThat(question.why()).isNotBlank();
            }
        }
    }

    private static final Pattern COPIED = Pattern.compile("How many pages have been copied after line (\\d+)\\?");
    private static final Pattern IN_USE = Pattern.compile("How many frames are in use after line (\\d+), .*");
    private static final Pattern ZEROED = Pattern.compile("How many frames has the pool cleared to zeros after line (\\d+)\\?");
    private static final Pattern BACKS = Pattern.compile("Which frame backs (\\w+)'s (\\w+)(?:\\+(\\d+)KiB)? at the end\\?");
    private static final Pattern PSS = Pattern.compile("What is the PSS of (\\w+) at the end\\?");
    private static final Pattern SHARED = Pattern.compile("Which frames are shared .* (?:at the end|after line (\\d+))\\?");

    /** The answer to a question, from a fresh run of the scenario and the question's words. */
    private static Answer recompute(Scenario scenario, String question) throws Exception {
        Matcher m;
        if ((m = COPIED.matcher(question)).matches()) {
            return new Answer.Count(runTo(scenario, Integer.parseInt(m.group(1))).kernel().stats().get(Counter.PAGES_COPIED));
        }
        if ((m = IN_USE.matcher(question)).matches()) {
            return new Answer.Count(runTo(scenario, Integer.parseInt(m.group(1))).kernel().stats().get(Counter.FRAMES_IN_USE));
        }
        if ((m = ZEROED.matcher(question)).matches()) {
            return new Answer.Count(runTo(scenario, Integer.parseInt(m.group(1))).kernel().stats().get(Counter.FRAMES_ZEROED));
        }
        if ((m = BACKS.matcher(question)).matches()) {
            Run run = runTo(scenario, Integer.MAX_VALUE);
            long va = run.region(m.group(1), m.group(2))[0] + (m.group(3) == null ? 0 : Long.parseLong(m.group(3)) * 1024);
            Process p = run.processes().get(m.group(1));
            return new Answer.Frame(p.mapping(va).map(PageMapping::frame).orElse(Answer.Frame.NONE));
        }
        if ((m = PSS.matcher(question)).matches()) {
            return new Answer.Size(runTo(scenario, Integer.MAX_VALUE).processes().get(m.group(1)).memoryUsage().pssBytes());
        }
        if ((m = SHARED.matcher(question)).matches()) {
            Run run = runTo(scenario, m.group(1) == null ? Integer.MAX_VALUE : Integer.parseInt(m.group(1)));
            Kernel k = run.kernel();
            List<Integer> shared = new ArrayList<>();
            for (Process p : run.processes().values()) {
                for (PageMapping pm : p.isAlive() ? p.mappings() : List.<PageMapping>of()) {
                    if (!pm.isZeroPage() && k.frame(pm.frame()).refCount() > 1 && !shared.contains(pm.frame())) {
                        shared.add(pm.frame());
                    }
                }
            }
            shared.sort(null);
            shared.forEach(f -> assertThat(k.frame(f).state()).isEqualTo(FrameState.DATA));
            return new Answer.Frames(shared);
        }
        throw new AssertionError("a question this test does not know: " + question);
    }

    private static Run runTo(Scenario scenario, int line) throws Exception {
        Run run = new Run(Scenario.parse("again.cow", String.join("\n", scenario.lines())), RunOptions.defaults());
        while (run.hasNext() && scenario.statements().get(run.position()).line() <= line) {
            run.step();
        }
        return run;
    }

    @Test
    void typedAnswersAreReadLenientlyAndJudgedExactly() {
        assertThat(new Answer.Count(3).accepts(" 3 ")).isTrue();
        assertThat(new Answer.Count(3).accepts("three")).isFalse();
        assertThat(new Answer.Frame(7).accepts("frame 7")).isTrue();
        assertThat(new Answer.Frame(7).accepts("8")).isFalse();
        assertThat(new Answer.Frame(0).accepts("zero page")).isTrue();
        assertThat(new Answer.Frame(-1).accepts("none")).isTrue();
        assertThat(new Answer.Frame(-1).accepts("0")).isFalse();
        assertThat(new Answer.Size(10922).accepts("10.67")).isTrue();
        assertThat(new Answer.Size(10922).accepts("10.67 KiB")).isTrue();
        assertThat(new Answer.Size(10922).accepts("10922 B")).isTrue();
        assertThat(new Answer.Size(10922).accepts("11")).isFalse();
        assertThat(new Answer.Size(10922).show()).isEqualTo("10.67 KiB (10922 bytes)");
        assertThat(new Answer.Size(12 * Sizes.KiB).show()).isEqualTo("12 KiB");
        assertThat(new Answer.Frames(List.of(4, 5, 6, 9)).accepts("4-6, 9")).isTrue();
        assertThat(new Answer.Frames(List.of(4, 5, 6, 9)).accepts("4 5 6 and 9")).isTrue();
        assertThat(new Answer.Frames(List.of(4, 5, 6, 9)).accepts("4, 5, 9")).isFalse();
        assertThat(new Answer.Frames(List.of(4, 5, 6, 9)).show()).isEqualTo("frames 4-6, 9");
        assertThat(new Answer.Frames(List.of()).accepts("none")).isTrue();
    }

    @Test
    void aLevelOutOfRangeIsRefused() {
        assertThatThrownBy(() -> Quiz.make(1, 4)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("level 4 is out of range: 1 to 3");
    }
}
