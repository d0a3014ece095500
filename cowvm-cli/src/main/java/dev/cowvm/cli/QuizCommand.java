package dev.cowvm.cli;

import dev.cowvm.script.quiz.Question;
import dev.cowvm.script.quiz.Quiz;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cowvm quiz}: a random scenario and questions about it, answered by the kernel. On a
 * terminal it asks and checks each answer; {@code --answers} prints the answer key instead.
 */
@Command(name = "quiz", mixinStandardHelpOptions = true,
        description = {"Print a random scenario and questions about what the kernel does with it: pages copied,"
                + " the frame behind a page, PSS, shared frames.",
                "The same seed and level always give the same quiz; every answer is computed by running the"
                        + " kernel. On a terminal it asks each question and checks the answer; --answers prints"
                        + " the answers instead."})
final class QuizCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-s", "--seed"}, paramLabel = "N",
            description = "The quiz's seed (default: a random one, printed so the quiz can be given again).")
    Long seed;

    @Option(names = {"-l", "--level"}, paramLabel = "1|2|3", defaultValue = "1",
            description = "1: fork and writes; 2: also exec, exit, wait, more forks, reads, new regions;"
                    + " 3: also zero policies and copy-mode fork (default: ${DEFAULT-VALUE}).")
    int level;

    @Option(names = {"-c", "--answers"}, description = "Print the answers, and why, after the questions.")
    boolean answers;

    @Option(names = "--scenario", description = "Print only the scenario, as a file that 'cowvm run --explain' runs.")
    boolean scenarioOnly;

    @Option(names = "--ask", description = "Ask the questions and read the answers from standard input, even when"
            + " it is not a terminal (on a terminal this is what happens without --answers).")
    boolean ask;

    @Option(names = "--color", negatable = true,
            description = "Colour the output (default: only on a terminal, and not when NO_COLOR is set).")
    Boolean color;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (level < 1 || level > Quiz.LEVELS) {
            err.println("cowvm quiz: --level " + level + " is out of range: 1, 2 or 3");
            err.flush();
            return Cowvm.USAGE;
        }
        long s = seed != null ? seed : new SecureRandom().nextLong(1_000_000);
        Quiz quiz = Quiz.make(s, level);
        Style style = Style.of(color);
        if (scenarioOnly) {
            // The quiz's line numbers must hold in the file, so the note goes after the first statement.
            List<String> lines = quiz.scenario().lines();
            out.println(lines.getFirst() + "    # cowvm quiz --seed " + s + " --level " + level);
            lines.subList(1, lines.size()).forEach(out::println);
            out.flush();
            return Cowvm.OK;
        }
        printScenario(out, style, quiz);
        boolean terminal = System.console() != null && System.console().isTerminal();
        if (answers || !(ask || terminal)) {
            printQuestions(out, style, quiz.questions());
            if (answers) {
                printAnswers(out, style, quiz.questions());
            } else {
                out.println();
                out.println(style.note("Answers: cowvm quiz --seed " + s + " --level " + level + " --answers"));
            }
            out.flush();
            return Cowvm.OK;
        }
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        int right = 0;
        List<Question> qs = quiz.questions();
        for (int i = 0; i < qs.size(); i++) {
            Question q = qs.get(i);
            out.println();
            out.println(style.heading((i + 1) + ". " + q.text()));
            out.print("answer> ");
            out.flush();
            String typed = in.readLine();
            if (typed == null) {
                out.println();
                out.println(style.note("(no more input: the answers are below)"));
                printAnswers(out, style, qs.subList(i, qs.size()), i + 1);
                break;
            }
            if (!terminal) {
                out.println(typed); // a terminal echoes what is typed; piped answers are shown here
            }
            if (q.answer().accepts(typed)) {
                right++;
                out.println(style.good("right: ") + q.answer().show());
            } else {
                out.println(style.bad("not quite: ") + "the answer is " + q.answer().show());
            }
            out.println(style.note("  " + q.why()));
        }
        out.println();
        out.println("score: " + right + " of " + qs.size());
        out.flush();
        return Cowvm.OK;
    }

    private static void printScenario(PrintWriter out, Style style, Quiz quiz) {
        out.println(style.heading("cowvm quiz, seed " + quiz.seed() + ", level " + quiz.level())
                + style.note("  (cowvm quiz --seed " + quiz.seed() + " --level " + quiz.level() + " gives it again)"));
        out.println();
        List<String> lines = quiz.scenario().lines();
        for (int i = 0; i < lines.size(); i++) {
            out.printf("%4d  %s%n", i + 1, lines.get(i));
        }
    }

    private static void printQuestions(PrintWriter out, Style style, List<Question> qs) {
        out.println();
        out.println(style.heading("Questions"));
        for (int i = 0; i < qs.size(); i++) {
            out.println("  " + (i + 1) + ". " + qs.get(i).text());
        }
    }

    private static void printAnswers(PrintWriter out, Style style, List<Question> qs) {
        out.println();
        out.println(style.heading("Answers, from running the kernel"));
        printAnswers(out, style, qs, 1);
    }

    private static void printAnswers(PrintWriter out, Style style, List<Question> qs, int first) {
        for (int i = 0; i < qs.size(); i++) {
            out.println("  " + (first + i) + ". " + qs.get(i).answer().show());
            out.println(style.note("     " + qs.get(i).why()));
        }
    }
}
