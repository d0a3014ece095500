package dev.cowvm.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.cowvm.kernel.Kernel;
import dev.cowvm.observe.KernelEvent;
import dev.cowvm.script.Examples;
import dev.cowvm.script.Scenario;
import dev.cowvm.script.Statement;
import dev.cowvm.script.StepResult;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The JSON API behind the page. Stateless: each request carries the scenario's text and
 * the step to show, and is answered by replaying the scenario (see {@link Replay}).
 *
 * <pre>
 * GET  /api/info            limits, the example scenarios, the scenario to open with
 * GET  /api/examples/NAME   one example's text
 * POST /api/run             {"text", "name"?, "step"?: N | "end"} -> the state after statement N
 * POST /api/frame           {"text", "name"?, "step"?, "frame": F} -> frame F's bytes and history
 * </pre>
 */
final class Api {
    /** Events sent with a step; a statement that faults a million pages sends the first ones. */
    static final int MAX_EVENTS = 500;
    /** Lines of output sent with a step, and characters a line. */
    static final int MAX_OUTPUT_LINES = 200;
    static final int MAX_LINE = 4000;
    /** Bytes of a frame the frame endpoint sends. */
    static final int FRAME_BYTES = 64;
    private static final String DEFAULT_NAME = "scenario.cow";
    private static final Set<String> RUN_FIELDS = Set.of("text", "name", "step");
    private static final Set<String> FRAME_FIELDS = Set.of("text", "name", "step", "frame");

    private final WebLimits limits;
    private final ScenarioText initial;
    private final RunSlots runs;
    private final Replays replays;
    /** {@link #info()}, written once: it never changes, and so costs nothing while runs compute. */
    private final byte[] infoJson;

    Api(WebLimits limits, ScenarioText initial, RunSlots runs) {
        this.limits = limits;
        this.initial = initial;
        this.runs = runs;
        this.replays = new Replays(limits.concurrentRuns() * 4);
        this.infoJson = Json.bytes(info());
    }

    /** Statements run by every request so far (stepping through N statements runs N). */
    long statementsRun() {
        return replays.statementsRun();
    }

    // ------------------------------------------------------------------ GET

    /** {@code /api/info}'s answer, as JSON. */
    byte[] infoJson() {
        return infoJson.clone();
    }

    Map<String, Object> info() {
        Map<String, Object> m = new LinkedHashMap<>();
        String v = Api.class.getPackage().getImplementationVersion();
        m.put("version", v == null ? "development" : v);
        Map<String, Object> l = new LinkedHashMap<>();
        l.put("maxScenarioBytes", limits.maxScenarioBytes());
        l.put("maxStatements", limits.maxStatements());
        l.put("maxMemory", limits.maxMemory());
        l.put("hostMemory", limits.hostMemory());
        l.put("timeLimitMillis", limits.timeLimit().toMillis());
        l.put("concurrentRuns", limits.concurrentRuns());
        l.put("queueWaitMillis", limits.queueWait().toMillis());
        l.put("requestTimeoutMillis", limits.requestTimeout().toMillis());
        m.put("limits", l);
        m.put("examples", Examples.NAMES.stream().map(n -> Map.of("name", n, "title", title(Examples.text(n)))).toList());
        m.put("initial", Map.of("name", initial.name(), "text", initial.text()));
        return m;
    }

    /** The first sentence of a scenario's opening comment: what it is about. */
    static String title(String text) {
        String first = text.lines().findFirst().orElse("").replaceFirst("^#\\s*", "").strip();
        int end = first.indexOf(". ");
        first = end > 0 ? first.substring(0, end) : first;
        return first.endsWith(".") ? first.substring(0, first.length() - 1) : first;
    }

    Map<String, Object> example(String name) throws ApiError {
        if (!Examples.NAMES.contains(name)) {
            throw ApiError.notFound("no example named '" + name + "'; there are " + String.join(", ", Examples.NAMES));
        }
        return Map.of("name", name + ".cow", "text", Examples.text(name));
    }

    // ------------------------------------------------------------------ POST

    /** The request of both POST endpoints, checked. {@code step} is -1 for the end. */
    record Request(String name, String text, int step, int frame) {
    }

    static Request request(byte[] body, Set<String> allowed) throws ApiError {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw ApiError.badRequest("the body is not valid JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw ApiError.badRequest("the body cannot be read: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw ApiError.badRequest("the body must be a JSON object, like {\"text\": \"spawn p\", \"step\": 1}");
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!allowed.contains(f)) {
                throw ApiError.badRequest("unknown field '" + f + "'; expected " + String.join(", ", allowed.stream()
                        .sorted().toList()));
            }
        }
        JsonNode text = root.get("text");
        if (text == null || !text.isTextual()) {
            throw ApiError.badRequest("'text' is required: the scenario, as a string");
        }
        return new Request(name(root.get("name")), text.asText(), step(root.get("step")),
                allowed.contains("frame") ? frame(root.get("frame")) : 0);
    }

    private static String name(JsonNode n) throws ApiError {
        if (n == null || n.isNull()) {
            return DEFAULT_NAME;
        }
        if (!n.isTextual() || n.asText().isBlank() || n.asText().length() > 100
                || n.asText().chars().anyMatch(Character::isISOControl)) {
            throw ApiError.badRequest("'name' must be a file name of 1 to 100 printable characters");
        }
        return n.asText();
    }

    private static int step(JsonNode n) throws ApiError {
        if (n == null || n.isNull()) {
            return 0;
        }
        if (n.isTextual() && n.asText().equals("end")) {
            return -1;
        }
        if (!n.isIntegralNumber() || !n.canConvertToInt() || n.asInt() < 0) {
            throw ApiError.badRequest("'step' must be a number of statements to run (0 or more) or \"end\", not "
                    + n);
        }
        return n.asInt();
    }

    private static int frame(JsonNode n) throws ApiError {
        if (n == null || !n.isIntegralNumber() || !n.canConvertToInt() || n.asInt() < 0) {
            throw ApiError.badRequest("'frame' is required: a frame number, 0 or more");
        }
        return n.asInt();
    }

    /**
     * The state after {@code step} statements, the one before it, and what that statement
     * did. A replay kept from an earlier request at or before that step goes on from there.
     */
    Map<String, Object> run(byte[] body) throws ApiError {
        Request req = request(body, RUN_FIELDS);
        return runs.run(() -> {
            Replays.Entry e = replays.take(req.name(), req.text(), req.step() < 0 ? Integer.MAX_VALUE : req.step());
            if (e == null) {
                e = new Replays.Entry(req.name(), req.text(), new Replay(Replay.parse(req.name(), req.text(), limits),
                        limits));
            }
            Replay replay = e.replay;
            replay.begin();
            long ranBefore = replay.statementsRun();
            int step = stepIn(req, replay.scenario());
            try {
                while (replay.position() < step) {
                    if (replay.position() == step - 1) {
                        e.before = StateView.of(replay.kernel(), replay.run(), replay.started());
                    }
                    e.last = replay.step();
                }
            } catch (ApiError | RuntimeException failed) {
                replay.close();
                throw failed;
            } finally {
                replays.ran(replay.statementsRun() - ranBefore);
            }
            StepResult last = step == 0 ? null : e.last;
            StateView.State before = step == 0 ? null : e.before;
            Kernel kernel = replay.kernel();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", req.name());
            m.put("statements", replay.scenario().statements().size());
            m.put("step", step);
            m.put("lines", replay.scenario().statements().stream().mapToInt(Statement::line).toArray());
            m.put("current", last == null ? null : current(last));
            m.put("narration", replay.narration());
            Map<String, Object> expectations = new LinkedHashMap<>();
            expectations.put("passed", replay.passed());
            expectations.put("failed", replay.failures().size());
            expectations.put("failures", replay.failures());
            m.put("expectations", expectations);
            m.put("state", StateView.of(kernel, replay.run(), replay.started()));
            m.put("before", before);
            replays.give(e);
            return m;
        });
    }

    /** A frame's first bytes and its history up to {@code step}. */
    Map<String, Object> frame(byte[] body) throws ApiError {
        Request req = request(body, FRAME_FIELDS);
        return runs.run(() -> {
            Replay replay = new Replay(Replay.parse(req.name(), req.text(), limits), limits);
            int step = stepIn(req, replay.scenario());
            int frames = replay.kernel().frameCount();
            if (req.frame() > frames) {
                throw ApiError.badRequest("frame " + req.frame() + " is out of range: the pool has " + frames
                        + " frames, 1 to " + frames + ", and frame 0 is the zero page");
            }
            FrameHistory history = new FrameHistory(req.frame());
            try {
                while (replay.position() < step) {
                    StepResult r = replay.step();
                    history.after(replay.position(), r, replay.started() ? replay.kernel() : null, replay.run(),
                            r.source());
                }
            } finally {
                replays.ran(replay.statementsRun());
            }
            Kernel kernel = replay.kernel();
            var info = kernel.frame(req.frame());
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("frame", req.frame());
            m.put("step", step);
            m.put("state", info.state());
            m.put("refs", info.refCount());
            m.put("owner", info.owner() == 0 ? null : FrameHistory.name(replay.run(), info.owner()));
            m.put("bytes", HexFormat.of().formatHex(kernel.peekFrame(req.frame(), 0, FRAME_BYTES)));
            m.put("history", history.entries());
            m.put("historyDropped", history.dropped());
            replay.close();
            return m;
        });
    }

    private static int stepIn(Request req, Scenario s) throws ApiError {
        int total = s.statements().size();
        if (req.step() > total) {
            throw ApiError.badRequest("step " + req.step() + " is out of range: the scenario has " + total
                    + " statements, so a step from 0 to " + total).with("statements", total);
        }
        return req.step() < 0 ? total : req.step();
    }

    private static Map<String, Object> current(StepResult r) {
        Statement s = r.statement();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("line", s.line());
        m.put("source", clip(r.source()));
        m.put("kind", s.getClass().getSimpleName().toLowerCase(Locale.ROOT));
        m.put("actor", s.actor());
        m.put("outcome", r.outcome());
        m.put("output", r.output().stream().limit(MAX_OUTPUT_LINES).map(Api::clip).toList());
        m.put("explain", r.explanation().stream().map(Api::clip).toList());
        m.put("failure", r.failure());
        List<KernelEvent> events = r.events();
        m.put("events", events.stream().limit(MAX_EVENTS).map(Json::event).toList());
        m.put("eventsOmitted", Math.max(0, events.size() - MAX_EVENTS));
        return m;
    }

    /** A line of output cut to {@value #MAX_LINE} characters: a read of 16 MiB prints them all. */
    static String clip(String line) {
        return line.length() <= MAX_LINE ? line
                : line.substring(0, MAX_LINE) + "... (" + (line.length() - MAX_LINE) + " more characters)";
    }
}
