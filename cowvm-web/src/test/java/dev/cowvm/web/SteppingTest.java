package dev.cowvm.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cowvm.script.Examples;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Stepping through a scenario one request at a time costs one statement a step, and shows what a fresh run shows. */
class SteppingTest {
    private static final String SLIDE = Examples.text("slide");

    private final java.util.List<RunSlots> slots = new java.util.ArrayList<>();

    private Api api() {
        RunSlots s = new RunSlots(WebLimits.defaults());
        slots.add(s);
        return new Api(WebLimits.defaults(), new ScenarioText("slide.cow", SLIDE), s);
    }

    @org.junit.jupiter.api.AfterEach
    void stopThreads() {
        slots.forEach(RunSlots::close);
    }

    private static byte[] body(String text, Object step) throws Exception {
        return Json.MAPPER.writeValueAsBytes(Map.of("text", text, "name", "slide.cow", "step", step));
    }

    private static JsonNode run(Api api, String text, Object step) throws Exception {
        return Json.MAPPER.valueToTree(api.run(body(text, step)));
    }

    @Test
    void steppingThroughNStatementsRunsNStatementsInAll() throws Exception {
        Api api = api();
        int n = run(api, SLIDE, 0).get("statements").asInt();
        assertThat(n).isGreaterThan(20);
        JsonNode last = null;
        for (int step = 1; step <= n; step++) {
            last = run(api, SLIDE, step);
        }
        assertThat(api.statementsRun()).as("one statement a step, not a replay from the first").isEqualTo(n);

        Api fresh = api();
        JsonNode once = run(fresh, SLIDE, n);
        assertThat(last.get("state")).isEqualTo(once.get("state"));
        assertThat(last.get("before")).isEqualTo(once.get("before"));
        assertThat(last.get("current")).isEqualTo(once.get("current"));
        assertThat(last.get("expectations")).isEqualTo(once.get("expectations"));
    }

    @Test
    void aStepBackOrAnotherTextStartsAfreshAndGivesTheSameAnswer() throws Exception {
        Api api = api();
        run(api, SLIDE, 10);
        JsonNode again = run(api, SLIDE, 10);
        assertThat(api.statementsRun()).as("the same step again runs nothing").isEqualTo(10);
        JsonNode back = run(api, SLIDE, 4);
        assertThat(api.statementsRun()).isEqualTo(14);
        assertThat(back.get("step").asInt()).isEqualTo(4);
        String edited = SLIDE + "\n# a comment changes the text\n";
        run(api, edited, 10);
        assertThat(api.statementsRun()).isEqualTo(24);
        assertThat(run(api, SLIDE, 10).get("state")).isEqualTo(again.get("state"));
        assertThat(new String(body(SLIDE, 1), StandardCharsets.UTF_8)).contains("slide.cow");
    }
}
