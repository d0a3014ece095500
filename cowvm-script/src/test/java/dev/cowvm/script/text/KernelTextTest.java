package dev.cowvm.script.text;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cowvm.script.Run;
import dev.cowvm.script.RunOptions;
import dev.cowvm.script.Scenario;
import dev.cowvm.script.StepResult;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The frame table adds up: it says once what the pool is, and its rows name every frame
 * from the zero page to the pool's last, each once.
 */
class KernelTextTest {
    private static final Pattern ROW = Pattern.compile("^  (\\d+)(?:-(\\d+))? +(\\S.*)$");

    @ParameterizedTest(name = "{0} on a machine of {1}")
    @CsvSource({
        "'spawn p\np map m 8KiB rw\np write m \"a\"\np write m+4KiB \"b\"', 64KiB, 16",
        "'spawn p', 64KiB, 16",
        "'spawn p\np map m 52KiB rw\np fill m 0 52KiB 7', 64KiB, 16",
        "'spawn p', 16KiB, 4",
        "'spawn p\np map m 4KiB rw\np write m \"a\"', 64MiB, 16384",
    })
    void everyFrameOnceAndThePoolSaidOnce(String statements, String memory, int frames) throws Exception {
        String table = showFrames("memory " + memory + "\n" + statements + "\nshow frames\n");
        List<String> lines = table.lines().toList();
        assertThat(lines.get(0)).isEqualTo("pool: " + frames + " frames of 4 KiB (" + memory.replace("KiB", " KiB")
                .replace("MiB", " MiB") + "), numbered 1-" + frames + "; frame 0 is the zero page, outside the pool");
        assertThat(table).as("said once").containsOnlyOnce("zero page, outside the pool")
                .containsOnlyOnce(" " + frames + " frames");

        List<Integer> named = new ArrayList<>();
        for (String line : lines) {
            Matcher m = ROW.matcher(line);
            if (m.matches()) {
                int first = Integer.parseInt(m.group(1));
                int last = m.group(2) == null ? first : Integer.parseInt(m.group(2));
                assertThat(last).as(line).isGreaterThan(m.group(2) == null ? first - 1 : first);
                for (int f = first; f <= last; f++) {
                    named.add(f);
                }
            }
        }
        List<Integer> all = new ArrayList<>();
        for (int f = 0; f <= frames; f++) {
            all.add(f);
        }
        assertThat(named).as("frame 0, then the pool's frames 1 to %d, in order, each once", frames)
                .containsExactlyElementsOf(all);
        assertThat(lines).anyMatch(l -> l.matches("  0 +zero page .*"));
    }

    @ParameterizedTest(name = "a pool of {0}")
    @CsvSource({"1, '1 frame of 4 KiB (4 KiB), numbered 1'", "2, '2 frames of 4 KiB (8 KiB), numbered 1-2'",
        "262144, '262144 frames of 4 KiB (1 GiB), numbered 1-262144'"})
    void thePoolInWords(int frames, String words) {
        assertThat(KernelText.pool(frames)).isEqualTo(words + "; frame 0 is the zero page, outside the pool");
    }

    private static String showFrames(String text) throws Exception {
        List<StepResult> steps = new Run(Scenario.parse("t.cow", text), RunOptions.defaults()).runToEnd();
        return String.join("\n", steps.getLast().output());
    }
}
