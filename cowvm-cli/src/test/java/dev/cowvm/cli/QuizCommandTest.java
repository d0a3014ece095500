package dev.cowvm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cowvm.script.quiz.Question;
import dev.cowvm.script.quiz.Quiz;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cowvm quiz}: the same seed, the same text; the answers asked and checked; the guide's example. */
class QuizCommandTest {
    @Test
    void theSameSeedPrintsTheSameQuiz() {
        Run a = Run.of("quiz", "--seed", "12", "--level", "3", "--answers");
        Run b = Run.of("quiz", "-s", "12", "-l", "3", "-c");
        assertThat(a.exitCode()).as(a.err()).isZero();
        assertThat(b.out()).isEqualTo(a.out());
        assertThat(a.out()).contains("cowvm quiz, seed 12, level 3").contains("Questions").contains("Answers");
        assertThat(Run.of("quiz", "--seed", "13", "--level", "3", "--answers").out()).isNotEqualTo(a.out());
    }

    @Test
    void withoutATerminalOrAnswersItPrintsTheQuestionsAndHowToGetTheAnswers() {
        Run r = Run.of("quiz", "--seed", "5");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("Questions").doesNotContain("Answers, from")
                .contains("Answers: cowvm quiz --seed 5 --level 1 --answers");
        assertThat(Run.of("quiz").out()).containsPattern("cowvm quiz, seed [0-9]+, level 1");
    }

    @Test
    void askedQuestionsAreCheckedAndScored() {
        Quiz quiz = Quiz.make(9, 2);
        List<Question> qs = quiz.questions();
        StringBuilder right = new StringBuilder();
        for (Question q : qs) {
            right.append(typed(q)).append('\n');
        }
        Run allRight = withInput(right.toString(), "quiz", "--seed", "9", "--level", "2", "--ask");
        assertThat(allRight.exitCode()).isZero();
        assertThat(allRight.out()).contains("score: " + qs.size() + " of " + qs.size())
                .doesNotContain("not quite");

        Run wrong = withInput("999\n", "quiz", "--seed", "9", "--level", "2", "--ask");
        assertThat(wrong.out()).contains("answer> 999").contains("not quite: the answer is " + qs.getFirst().answer().show())
                .contains("(no more input: the answers are below)").contains("score: 0 of " + qs.size());
    }

    /** How a student would type the right answer. */
    private static String typed(Question q) {
        String shown = q.answer().show();
        return switch (q.answer()) {
            case dev.cowvm.script.quiz.Answer.Frame f when f.frame() < 0 -> "none";
            case dev.cowvm.script.quiz.Answer.Size s -> s.bytes() + " bytes";
            default -> shown.replaceFirst(",? the shared zero page", "").replaceFirst("^frames? ", "");
        };
    }

    private static Run withInput(String input, String... args) {
        InputStream saved = System.in;
        System.setIn(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
        try {
            return Run.of(args);
        } finally {
            System.setIn(saved);
        }
    }

    @Test
    void theScenarioAloneRunsWithTheQuizsLineNumbers(@TempDir Path dir) throws Exception {
        Run s = Run.of("quiz", "--seed", "7", "--level", "2", "--scenario");
        Path file = Files.writeString(dir.resolve("q.cow"), s.out());
        Run run = Run.of("run", file.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(s.out().lines().toList()).hasSameSizeAs(Quiz.make(7, 2).scenario().lines());
        assertThat(s.out().lines().findFirst().orElseThrow()).endsWith("# cowvm quiz --seed 7 --level 2");
    }

    @Test
    void theGuidesExampleIsWhatTheCommandPrints() throws Exception {
        String doc = Files.readString(Golden.root().resolve("docs/quiz.md"));
        Matcher m = Pattern.compile("<!-- output: quiz -->\\s*\\R```text\\R(.*?)```", Pattern.DOTALL).matcher(doc);
        assertThat(m.find()).isTrue();
        assertThat(Run.of("quiz", "--seed", "7", "--level", "2", "--answers").out()).isEqualTo(m.group(1));
    }

    @Test
    void aBadLevelIsAUsageError() {
        Run r = Run.of("quiz", "--level", "4");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--level 4 is out of range: 1, 2 or 3");
        assertThat(Run.of("quiz", "--seed", "x").err()).contains("Invalid value for option '--seed'");
    }
}
