package dev.cowvm.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cowvm.script.Examples;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every endpoint of the visualizer, over real HTTP, with well-formed requests. */
class WebServerTest {
    static WebServer server;
    static Client client;
    static final String SLIDE = Examples.text("slide");

    @BeforeAll
    static void start() throws IOException {
        server = Client.start(WebLimits.defaults());
        client = new Client(server.uri());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** The slide's statement number (from 1) whose source starts with {@code prefix}. */
    static int stepOf(String prefix) throws Exception {
        JsonNode lines = client.run(SLIDE, 0).json().get("lines");
        List<String> source = SLIDE.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (source.get(lines.get(i).asInt() - 1).startsWith(prefix)) {
                return i + 1;
            }
        }
        throw new AssertionError("no statement " + prefix);
    }

    static JsonNode process(JsonNode state, String name) {
        for (JsonNode p : state.get("processes")) {
            if (p.get("name").asText().equals(name)) {
                return p;
            }
        }
        throw new AssertionError("no process " + name + " in " + state.get("processes"));
    }

    /** The heap entries of a process: va -> frame, in order. */
    static List<long[]> heap(JsonNode process) {
        List<long[]> out = new ArrayList<>();
        for (JsonNode row : process.get("regions").get(0).get("rows")) {
            if (row.get("kind").asText().equals("entry")) {
                out.add(new long[] {row.get("va").asLong(), row.get("frame").asLong()});
            }
        }
        return out;
    }

    @Test
    void thePageAndEveryFileItLoadsAreServed() throws Exception {
        Client.Reply page = client.get("/");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("default-src 'none'");
        assertThat(page.body()).contains("<title>cowvm visualizer</title>");
        Set<String> files = new HashSet<>();
        collect(page.body(), Pattern.compile("(?:src|href)=\"([a-z0-9-]+\\.[a-z]+)\""), files);
        assertThat(files).contains("app.js", "style.css", "favicon.svg");
        for (String f : List.copyOf(files)) {
            Client.Reply r = client.get("/" + f);
            assertThat(r.status()).as(f).isEqualTo(200);
            collect(r.body(), Pattern.compile("from '\\./([a-z0-9-]+\\.js)'"), files);
        }
        assertThat(files).as("the modules app.js imports").contains("editor.js", "grid.js", "tables.js", "effects.js");
        for (String f : files) {
            Client.Reply r = client.get("/" + f);
            assertThat(r.status()).as(f).isEqualTo(200);
            String type = r.headers().firstValue("Content-Type").orElseThrow();
            assertThat(type).as(f).startsWith(switch (f.substring(f.lastIndexOf('.') + 1)) {
                case "js" -> "text/javascript";
                case "css" -> "text/css";
                case "svg" -> "image/svg+xml";
                default -> "text/html";
            });
        }
    }

    private static void collect(String text, Pattern p, Set<String> into) {
        Matcher m = p.matcher(text);
        while (m.find()) {
            into.add(m.group(1));
        }
    }

    @Test
    void thePageFetchesNothingFromTheNetwork() throws IOException {
        for (String f : List.of("index.html", "app.js", "api.js", "arrows.js", "counters.js", "editor.js", "effects.js",
                "format.js", "grid.js", "tables.js", "tooltip.js", "style.css", "favicon.svg")) {
            String text;
            try (InputStream in = WebServer.class.getResourceAsStream("/dev/cowvm/web/static/" + f)) {
                assertThat(in).as(f).isNotNull();
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            // The SVG namespace is a name, never fetched; any other address would be.
            assertThat(text.replace("http://www.w3.org/2000/svg", "")).as(f)
                    .doesNotContainPattern("https?://").doesNotContain("@import").doesNotContain("url(//");
        }
    }

    @Test
    void headAnswersWithHeadersOnly() throws Exception {
        Client.Reply r = client.send("HEAD", "/", null, null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEmpty();
        assertThat(r.headers().firstValue("Content-Length").orElseThrow()).isNotEqualTo("0");
    }

    @Test
    void infoListsTheExamplesTheLimitsAndTheOpeningScenario() throws Exception {
        JsonNode info = client.get("/api/info").json();
        List<String> names = new ArrayList<>();
        info.get("examples").forEach(e -> names.add(e.get("name").asText()));
        assertThat(names).isEqualTo(Examples.NAMES);
        assertThat(info.get("examples").get(0).get("title").asText())
                .isEqualTo("The lecture slide on copy-on-write, step by step");
        assertThat(info.get("initial").get("name").asText()).isEqualTo("slide.cow");
        assertThat(info.get("initial").get("text").asText()).isEqualTo(SLIDE);
        assertThat(info.get("limits").get("maxMemory").asLong()).isEqualTo(256L << 20);
        assertThat(info.get("limits").get("timeLimitMillis").asLong()).isEqualTo(5000);
    }

    @Test
    void anExampleByName() throws Exception {
        JsonNode ex = client.get("/api/examples/zeroing").json();
        assertThat(ex.get("name").asText()).isEqualTo("zeroing.cow");
        assertThat(ex.get("text").asText()).isEqualTo(Examples.text("zeroing"));
    }

    @Test
    void beforeTheFirstStatementTheMachineIsShownEmpty() throws Exception {
        JsonNode r = client.run(SLIDE, 0).json();
        assertThat(r.get("step").asInt()).isZero();
        assertThat(r.get("statements").asInt()).isEqualTo(41);
        assertThat(r.has("current")).isFalse();
        assertThat(r.has("before")).isFalse();
        JsonNode state = r.get("state");
        assertThat(state.get("machine").get("started").asBoolean()).isFalse();
        assertThat(state.get("machine").get("memory").asLong()).as("from the scenario's settings").isEqualTo(64L << 20);
        assertThat(state.get("machine").get("frames").asInt()).as("64 MiB: the pool, 1 to 16384").isEqualTo(16384);
        assertThat(state.get("machine").get("zeroPage").asInt()).as("outside the pool").isZero();
        assertThat(state.get("frames").get("shown").asInt()).isEqualTo(StateView.MIN_FRAMES_SHOWN);
        assertThat(state.get("frames").get("state").asText()).startsWith("zf").doesNotContain("d");
        assertThat(state.get("processes")).isEmpty();
    }

    @Test
    void thePoolIsSaidAsShowFramesSaysIt() throws Exception {
        JsonNode r = client.run("memory 64KiB\nspawn p\np map m 8KiB rw\np write m \"a\"\nshow frames\n", "end").json();
        JsonNode machine = r.get("state").get("machine");
        assertThat(machine.get("frames").asInt()).isEqualTo(16);
        assertThat(machine.get("memory").asLong()).isEqualTo(machine.get("frames").asLong() * 4096);
        String pool = "16 frames of 4 KiB (64 KiB), numbered 1-16; frame 0 is the zero page, outside the pool";
        assertThat(machine.get("pool").asText()).isEqualTo(pool);
        assertThat(r.get("current").get("output").get(0).asText()).startsWith("pool: " + pool + "\n");
        JsonNode frames = r.get("state").get("frames");
        assertThat(frames.get("state").asText()).as("the zero page, then the pool's first frames").startsWith("zt");
        assertThat(frames.get("shown").asInt()).as("frame 0 and the pool's 16: 17 numbers").isEqualTo(17);
    }

    @Test
    void afterTheForkBothTablesMapTheSameFramesCopyOnWrite() throws Exception {
        int fork = stepOf("fork shell child");
        JsonNode r = client.run(SLIDE, fork).json();
        assertThat(r.get("current").get("source").asText()).isEqualTo("fork shell child");
        assertThat(r.get("narration").asText()).startsWith("Step 2. The shell forks.");
        JsonNode state = r.get("state");
        List<long[]> shell = heap(process(state, "shell"));
        List<long[]> child = heap(process(state, "child"));
        assertThat(child).hasSize(4);
        for (int i = 0; i < 4; i++) {
            assertThat(child.get(i)).isEqualTo(shell.get(i));
            int frame = (int) child.get(i)[1];
            assertThat(state.get("frames").get("state").asText().charAt(frame)).isEqualTo('d');
            assertThat(state.get("frames").get("refs").get(frame).asInt()).isEqualTo(2);
        }
        for (JsonNode row : process(state, "child").get("regions").get(0).get("rows")) {
            assertThat(row.get("flags").asText()).isEqualTo("r--uadC-");
            assertThat(row.get("refs").asInt()).isEqualTo(2);
            assertThat(row.get("bits").asText()).contains("COW");
        }
        assertThat(r.get("before").get("processes")).hasSize(1);
        assertThat(r.get("current").get("events").get(0).get("type").asText()).isEqualTo("frame-alloc");
    }

    @Test
    void theChildsWriteMovesExactlyOneEntryToANewFrame() throws Exception {
        int write = stepOf("child write heap+8KiB");
        JsonNode r = client.run(SLIDE, write).json();
        JsonNode copy = null;
        for (JsonNode e : r.get("current").get("events")) {
            if (e.get("type").asText().equals("fault")) {
                copy = e;
            }
        }
        assertThat(copy).isNotNull();
        assertThat(copy.get("kind").asText()).isEqualTo("cow-copy");
        int old = copy.get("oldFrame").asInt();
        int fresh = copy.get("newFrame").asInt();
        JsonNode state = r.get("state");
        assertThat(heap(process(state, "shell")).get(2)[1]).isEqualTo(old);
        assertThat(heap(process(state, "child")).get(2)[1]).isEqualTo(fresh);
        assertThat(state.get("frames").get("refs").get(old).asInt()).isEqualTo(1);
        assertThat(state.get("frames").get("refs").get(fresh).asInt()).isEqualTo(1);
        assertThat(r.get("before").get("frames").get("state").asText().charAt(fresh)).as("free before").isEqualTo('f');
        assertThat(state.get("stats").get("pagesCopied").asInt()).isEqualTo(1);
        assertThat(r.get("current").get("explain").get(0).asText()).contains("copy-on-write fault");
    }

    @Test
    void runningToTheEndTalliesTheExpectations() throws Exception {
        JsonNode r = client.run(SLIDE, "end").json();
        assertThat(r.get("step").asInt()).isEqualTo(r.get("statements").asInt());
        assertThat(r.get("expectations").get("failed").asInt()).isZero();
        assertThat(r.get("expectations").get("passed").asInt()).isEqualTo(9);
        JsonNode editor = process(r.get("state"), "editor");
        assertThat(editor.get("status").asText()).isEqualTo("running");
        assertThat(editor.has("exitCode")).as("a running process has no exit code").isFalse();
        assertThat(editor.get("root").asInt()).isPositive();
        JsonNode shell = process(r.get("state"), "shell");
        assertThat(shell.get("exitCode").asInt()).isZero();
        assertThat(shell.has("root")).as("an ended process has no page table").isFalse();
    }

    @Test
    void aFailedExpectationIsReportedAtItsLine() throws Exception {
        JsonNode r = client.run("spawn p\nexpect stat forks == 3\n", "end").json();
        assertThat(r.get("current").get("outcome").asText()).isEqualTo("failed");
        assertThat(r.get("expectations").get("failures").get(0).get("line").asInt()).isEqualTo(2);
        assertThat(r.get("expectations").get("failures").get(0).get("message").asText())
                .isEqualTo("expected stat forks == 3, found 0");
    }

    @Test
    void aFrameTellsItsHistoryAndBytes() throws Exception {
        int exit = stepOf("shell exit 0");
        JsonNode state = client.run(SLIDE, stepOf("fork shell child")).json().get("state");
        long frame = heap(process(state, "shell")).get(0)[1];
        JsonNode f = client.post("/api/frame", Client.body(SLIDE, exit).put("frame", frame).toString()).json();
        assertThat(f.get("state").asText()).isEqualTo("free-stale");
        assertThat(f.get("owner").asText()).isEqualTo("shell");
        assertThat(f.get("bytes").asText()).startsWith(java.util.HexFormat.of()
                .formatHex("shell's page 0".getBytes(StandardCharsets.US_ASCII)));
        List<String> what = new ArrayList<>();
        f.get("history").forEach(h -> h.get("what").forEach(w -> what.add(h.get("line").asInt() + ": " + w.asText())));
        assertThat(what).anyMatch(w -> w.startsWith("16: taken from the pool for shell, as fresh memory"))
                .anyMatch(w -> w.startsWith("23: shared by the fork: mapped by 1 entries, now 2"))
                .anyMatch(w -> w.startsWith("38: mapped by 2 entries, now 1"))
                .anyMatch(w -> w.startsWith("44: back in the pool, its bytes left as they were"));
    }

    @Test
    void aZeroFillOfAStaleFrameShowsTheClearing() throws Exception {
        int write = stepOf("editor write buf+100");
        JsonNode r = client.run(SLIDE, write).json();
        List<String> types = new ArrayList<>();
        r.get("current").get("events").forEach(e -> types.add(e.get("type").asText()
                + (e.has("kind") ? ":" + e.get("kind").asText() : "")));
        assertThat(types).containsSubsequence("frame-alloc", "frame-zero", "fault:zero-fill");
        int frame = r.get("current").get("events").get(0).get("frame").asInt();
        assertThat(r.get("before").get("frames").get("state").asText().charAt(frame)).isEqualTo('s');
        assertThat(r.get("state").get("frames").get("state").asText().charAt(frame)).isEqualTo('d');
    }

    @Test
    void tabsDoNotSeeEachOthersState() throws Exception {
        // The server keeps nothing between requests: answers asked at once, in any order,
        // equal the answers asked one by one.
        String other = Examples.text("fork-exec");
        List<Object[]> asks = List.of(new Object[] {SLIDE, 13}, new Object[] {other, 5},
                new Object[] {SLIDE, 19}, new Object[] {other, "end"});
        List<String> alone = new ArrayList<>();
        for (Object[] a : asks) {
            alone.add(client.run((String) a[0], a[1]).body());
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> together = new ArrayList<>();
            for (int round = 0; round < 3; round++) {
                for (Object[] a : asks) {
                    together.add(pool.submit(() -> client.run((String) a[0], a[1]).body()));
                }
            }
            for (int i = 0; i < together.size(); i++) {
                assertThat(together.get(i).get()).isEqualTo(alone.get(i % asks.size()));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void collapsesLargeTablesIntoRuns() throws Exception {
        String text = "spawn p\np map big 1MiB rw\np fill big 0 1MiB 7\np map far 4KiB r at 0x2000000000\n";
        JsonNode p = process(client.run(text, "end").json().get("state"), "p");
        assertThat(p.get("collapsed").asBoolean()).isTrue();
        assertThat(p.get("mappedPages").asInt()).isEqualTo(256);
        JsonNode rows = p.get("regions").get(0).get("rows");
        long pages = 0;
        for (JsonNode row : rows) {
            pages += row.get("pages").asLong();
        }
        assertThat(pages).isEqualTo(256);
        assertThat(rows.size()).as("runs, not 256 rows").isLessThan(8);
        JsonNode far = p.get("regions").get(1);
        assertThat(far.get("rows").get(0).get("kind").asText()).isEqualTo("untouched");
        assertThat(far.get("rows").get(0).get("pages").asInt()).isEqualTo(1);
    }
}
