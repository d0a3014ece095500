package dev.cowvm.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Whatever is sent to the server: a 4xx with a JSON message saying what is wrong, never a
 * 500 and never a stack trace, and the server answers the next request as before.
 */
class BadRequestTest {
    static WebServer server;
    static Client client;

    @BeforeAll
    static void start() throws IOException {
        server = Client.start(WebLimits.defaults());
        client = new Client(server.uri());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @AfterEach
    void stillServes() throws Exception {
        assertThat(client.run("spawn p\n", 1).status()).isEqualTo(200);
    }

    static Client.Reply refused(Client.Reply r, int status, String message) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
        assertThat(r.error()).contains(message);
        assertThat(r.body()).doesNotContain("Exception").doesNotContain("\\tat ").doesNotContain("\tat ");
        return r;
    }

    @Test
    void anOversizedBodyIs413() throws Exception {
        String text = "# " + "x".repeat(server.limits().maxBodyBytes()) + "\n";
        refused(client.run(text, 0), 413, "larger than the 256 KiB allowed");
    }

    @Test
    void aScenarioOverTheSizeLimitIs422() throws Exception {
        String text = "# " + "x".repeat(server.limits().maxScenarioBytes()) + "\n";
        refused(client.run(text, 0), 422, "at most 65536 are allowed here");
    }

    @Test
    void badJson() throws Exception {
        refused(client.post("/api/run", "{\"text\": \"spawn p\""), 400, "not valid JSON");
        refused(client.post("/api/run", "{\"text\": \"spawn p\"} trailing"), 400, "not valid JSON");
        refused(client.post("/api/run", ""), 400, "must be a JSON object");
        refused(client.post("/api/run", "[1, 2]"), 400, "must be a JSON object");
        refused(client.send("POST", "/api/run", "application/json",
                new byte[] {'{', '"', 't', '"', ':', '"', (byte) 0xff, '"', '}'}), 400, "not valid JSON");
    }

    @Test
    void badFields() throws Exception {
        refused(client.post("/api/run", "{}"), 400, "'text' is required");
        refused(client.post("/api/run", "{\"text\": 42}"), 400, "'text' is required");
        refused(client.post("/api/run", "{\"text\": \"\", \"stp\": 1}"), 400, "unknown field 'stp'");
        refused(client.post("/api/run", "{\"text\": \"\", \"name\": \"\"}"), 400, "'name' must be a file name");
        refused(client.post("/api/run", "{\"text\": \"\", \"step\": -1}"), 400, "'step' must be");
        refused(client.post("/api/run", "{\"text\": \"\", \"step\": 1.5}"), 400, "'step' must be");
        refused(client.post("/api/run", "{\"text\": \"\", \"step\": \"start\"}"), 400, "'step' must be");
        refused(client.post("/api/run", "{\"text\": \"\", \"step\": 99999999999}"), 400, "'step' must be");
        refused(client.post("/api/frame", "{\"text\": \"spawn p\"}"), 400, "'frame' is required");
    }

    @Test
    void aStepOutOfRangeSaysTheRange() throws Exception {
        Client.Reply r = refused(client.run("spawn p\nspawn q\n", 3), 400,
                "step 3 is out of range: the scenario has 2 statements, so a step from 0 to 2");
        assertThat(r.json().get("statements").asInt()).isEqualTo(2);
    }

    @Test
    void aFrameOutOfRange() throws Exception {
        refused(client.post("/api/frame", "{\"text\": \"memory 64KiB\\nspawn p\", \"step\": 1, \"frame\": 17}"), 400,
                "frame 17 is out of range: the pool has 16 frames, 1 to 16, and frame 0 is the zero page");
    }

    @Test
    void scenarioErrorsAreLocated() throws Exception {
        Client.Reply r = refused(client.run("spawn shell\nshell map m 4KiB rwz\nshell map n 4KiB q\n", 0), 422,
                "the scenario has 2 errors");
        JsonNode d = r.json().get("diagnostics");
        assertThat(d).hasSize(2);
        assertThat(d.get(0).get("line").asInt()).isEqualTo(2);
        assertThat(d.get(0).get("column").asInt()).isEqualTo(18);
        assertThat(d.get(0).get("message").asText()).isEqualTo("bad protection 'rwz'; expected r, rw, rx, rwx, x or none");
        assertThat(d.get(1).get("line").asInt()).isEqualTo(3);
        d = refused(client.run("spawn shell\nfork shel child\n", 0), 422, "unknown process shel").json()
                .get("diagnostics");
        assertThat(d.get(0).get("line").asInt()).isEqualTo(2);
        assertThat(d.get(0).get("column").asInt()).isEqualTo(6);
    }

    @Test
    void aStatementTheKernelRefusesIsLocatedWithWhatRanBeforeIt() throws Exception {
        // c dies out of memory, so the first wait reaps it: only the run finds the second wait wrong.
        String text = "memory 64KiB\nspawn p\nfork p c\nc map m 1MiB rw\nc fill m 0 1MiB 1\nwait p c\nwait p c\n";
        Client.Reply r = refused(client.run(text, "end"), 422, "c is not a child of p");
        assertThat(r.json().get("ran").asInt()).as("statements run before it").isEqualTo(6);
        assertThat(r.json().get("diagnostics").get(0).get("line").asInt()).isEqualTo(7);
        assertThat(client.run(text, 6).status()).as("the steps before it still show").isEqualTo(200);
    }

    @Test
    void whatTheKernelWouldRefuseIsLocatedBeforeAnythingRuns() throws Exception {
        String text = "spawn p\np map a 8KiB rw at 0x40000000\np map b 4KiB rw at 0x40001000\np write a \"x\"\n";
        Client.Reply r = refused(client.run(text, "end"), 422, "overlaps region a");
        assertThat(r.json().has("ran")).as("nothing ran").isFalse();
        assertThat(r.json().get("diagnostics").get(0).get("line").asInt()).isEqualTo(3);
        assertThat(r.json().get("diagnostics").get(0).get("column").asInt()).isEqualTo(20);
    }

    @Test
    void memoryOverTheLimitIsLocated() throws Exception {
        Client.Reply r = refused(client.run("memory 1GiB\nspawn p\n", 0), 422, "more than the 256 MiB allowed here");
        assertThat(r.json().get("diagnostics").get(0).get("line").asInt()).isEqualTo(1);
    }

    @Test
    void wrongMethodsAre405WithWhatIsAllowed() throws Exception {
        Client.Reply r = refused(client.get("/api/run"), 405, "use POST");
        assertThat(r.headers().firstValue("Allow")).hasValue("POST");
        r = refused(client.post("/api/info", "{}"), 405, "use GET");
        assertThat(r.headers().firstValue("Allow")).hasValue("GET, HEAD");
        refused(client.send("DELETE", "/", null, null), 405, "use GET");
        refused(client.send("PUT", "/api/examples/slide", "application/json", new byte[0]), 405, "use GET");
    }

    @Test
    void unknownPathsAre404() throws Exception {
        refused(client.get("/nothing-here"), 404, "nothing at /nothing-here");
        // A path that climbs above the root is malformed: Jetty refuses it before any file is looked for.
        refused(client.get("/../../etc/passwd"), 400, "cannot read this request");
        refused(client.get("/dev/cowvm/web/WebServer.class"), 404, "nothing at");
        refused(client.get("/api/nope"), 404, "no API at /api/nope");
        refused(client.get("/api/examples/nope"), 404, "no example named 'nope'; there are slide, fork-exec");
    }

    @Test
    void onlyJsonIsAccepted() throws Exception {
        refused(client.send("POST", "/api/run", "text/plain", "{\"text\": \"\"}".getBytes(StandardCharsets.UTF_8)),
                415, "Content-Type: application/json");
    }

    @Test
    void anotherSitesPageCannotPost() throws Exception {
        String body = "{\"text\": \"spawn p\"}";
        String reply = client.raw("POST /api/run HTTP/1.1\r\nHost: 127.0.0.1:" + server.port()
                + "\r\nOrigin: http://evil.example\r\nContent-Type: application/json\r\nContent-Length: " + body.length()
                + "\r\nConnection: close\r\n\r\n" + body);
        assertThat(reply).startsWith("HTTP/1.1 403").contains("are not accepted");
    }

    @Test
    void aForeignHostNameIsRefused() throws Exception {
        String reply = client.raw("GET / HTTP/1.1\r\nHost: rebound.example:" + server.port()
                + "\r\nConnection: close\r\n\r\n");
        assertThat(reply).startsWith("HTTP/1.1 403").contains("answers only requests for localhost");
        String ok = client.raw("GET / HTTP/1.1\r\nHost: localhost:" + server.port() + "\r\nConnection: close\r\n\r\n");
        assertThat(ok).startsWith("HTTP/1.1 200");
    }

    @Test
    void aRunOverTheTimeLimitIsStoppedAndReported() throws Exception {
        try (WebServer strict = Client.start(WebLimits.defaults().withTimeLimit(Duration.ZERO))) {
            Client.Reply r = refused(new Client(strict.uri()).run("spawn p\nspawn q\n", 2), 422,
                    "the run took longer than the 0 ms allowed here");
            assertThat(r.json().get("ran").asInt()).isZero();
            assertThat(r.json().get("diagnostics").get(0).get("line").asInt()).isEqualTo(1);
        }
    }

    @Test
    void aStatementThatMakesTooManyEventsIsStopped() throws Exception {
        // Reading 64 MiB never written maps the zero page 16,384 times: an event each.
        try (WebServer strict = Client.start(WebLimits.defaults().withMaxEvents(10_000))) {
            Client.Reply r = refused(new Client(strict.uri()).run(
                    "spawn p\np map big 64MiB r\np touch big 0 64MiB read\n", "end"), 422,
                    "the run made more than the 10000 kernel events allowed here");
            assertThat(r.json().get("ran").asInt()).isEqualTo(2);
            assertThat(r.json().get("diagnostics").get(0).get("line").asInt()).isEqualTo(3);
        }
    }

    @Test
    void aHugeReadIsClippedInTheOutput() throws Exception {
        JsonNode r = client.run("spawn p\np map m 1MiB rw\np fill m 0 1MiB 0x41\np read m 1MiB\n", "end").json();
        String line = r.get("current").get("output").get(0).asText();
        // The scenario language already cuts a long read; the server's own cut is the backstop.
        assertThat(line).hasSizeLessThan(Api.MAX_LINE + 100).endsWith("(1048576 bytes)");
    }

    @Test
    void tooManyStatements() throws Exception {
        try (WebServer strict = Client.start(WebLimits.defaults().withMaxStatements(3))) {
            Client.Reply r = refused(new Client(strict.uri()).run("spawn a\nspawn b\nspawn c\nspawn d\n", 0), 422,
                    "the scenario has more than the 3 statements allowed here; this is statement 4");
            assertThat(r.json().get("diagnostics").get(0).get("line").asInt()).isEqualTo(4);
        }
    }

    @Test
    void aLoopPastTheLimitsIsRefusedAtItsRepeatBeforeAnythingRuns() throws Exception {
        try (WebServer strict = Client.start(WebLimits.defaults().withMaxStatements(100))) {
            Client strictClient = new Client(strict.uri());
            Client.Reply r = refused(strictClient.run("spawn p\nrepeat 1000000000 as i {\n  fork p w$i\n}\n", 0), 422,
                    "this repeat makes more than the 100 statements allowed here");
            assertThat(r.json().get("diagnostics").get(0).get("line").asInt()).isEqualTo(2);
            // The text it expands to counts too: the page's 64 KiB.
            refused(strictClient.run("spawn p\np map m 4KiB rw\nrepeat 90 as i { p write m \"" + "x".repeat(1000)
                    + "$i\" }\n", 0), 422, "this repeat makes more than the 64 KiB of text allowed here");
            JsonNode ok = strictClient.run("spawn p\nrepeat 99 as i { fork p w$i }\n", 3).json();
            assertThat(ok.get("statements").asInt()).isEqualTo(100);
            assertThat(ok.get("current").get("source").asText()).as("the statement with its value").isEqualTo("fork p w1");
            assertThat(ok.get("current").get("line").asInt()).isEqualTo(2);
        }
    }

    @Test
    void theHostMemoryCapEndsInAnOutOfMemoryKillNotAServerCrash() throws Exception {
        try (WebServer strict = Client.start(WebLimits.defaults().withMemory(256L << 20, 4L << 20))) {
            Client.Reply r = new Client(strict.uri()).run(
                    "memory 64MiB\nspawn p\np map m 32MiB rw\np fill m 0 32MiB 1\nexpect p status == oom\n", "end");
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            assertThat(r.json().get("expectations").get("failed").asInt()).isZero();
        }
    }
}
