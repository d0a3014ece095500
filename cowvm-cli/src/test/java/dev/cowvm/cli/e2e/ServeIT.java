package dev.cowvm.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code ./cowvm serve --port 0} as a user starts it: a separate process, found through its printed address. */
class ServeIT {
    @Test
    void theLauncherServesThePageAndTheApi() throws Exception {
        ProcessBuilder pb = new ProcessBuilder(List.of(LauncherIT.root().resolve("cowvm").toString(), "serve",
                "--port", "0")).directory(LauncherIT.root().toFile()).redirectErrorStream(true);
        Process p = pb.start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            // A bound on the wait only ends a hung run; the line comes as soon as the server listens.
            String line = CompletableFuture.supplyAsync(() -> {
                try {
                    return out.readLine();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).get(120, TimeUnit.SECONDS);
            assertThat(line).startsWith("cowvm visualizer: http://127.0.0.1:");
            URI base = URI.create(line.replaceAll(".*(http://\\S+/).*", "$1"));
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(base).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("<title>cowvm visualizer</title>");
            HttpResponse<String> run = http.send(HttpRequest.newBuilder(base.resolve("/api/run"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"text\": \"spawn p\\nfork p c\\n\", \"step\": \"end\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(run.statusCode()).as(run.body()).isEqualTo(200);
            assertThat(run.body()).contains("\"name\":\"c\"").contains("\"forks\":1");
            assertThat(p.isAlive()).as("it serves until interrupted").isTrue();
        } finally {
            p.destroy();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }
}
