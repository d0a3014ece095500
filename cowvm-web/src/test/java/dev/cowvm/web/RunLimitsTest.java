package dev.cowvm.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** How many runs compute at once, and what a request that cannot start in time is told. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RunLimitsTest {
    @Test
    void atMostTwoRunsComputeAndARequestThatCannotStartIs503WithRetryAfter() throws Exception {
        WebLimits limits = WebLimits.defaults().withTimeLimit(Duration.ofMillis(2000))
                .withRuns(2, Duration.ofMillis(300));
        try (WebServer server = Client.start(limits);
             ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            Client client = new Client(server.uri());
            // As the page does, first the page and the info: the code that answers them is then warm.
            for (String path : List.of("/", "/app.js", "/api/info")) {
                assertThat(client.get(path).status()).isEqualTo(200);
            }
            List<Future<Client.Reply>> replies = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                replies.add(clients.submit(() -> client.run(Client.heavy(), "end")));
            }
            // While both run threads compute, the light requests are answered at once.
            Thread.sleep(400);
            for (String path : List.of("/api/info", "/", "/app.js", "/api/info")) {
                Client.Reply r = client.get(path);
                assertThat(r.status()).isEqualTo(200);
            }
            for (String path : List.of("/api/info", "/", "/app.js", "/api/info")) {
                long start = System.nanoTime();
                assertThat(client.get(path).status()).isEqualTo(200);
                long millis = (System.nanoTime() - start) / 1_000_000;
                // Queued behind the runs, these took seconds; ServerLoadTest holds them to 100 ms.
                assertThat(millis).as(path + " while two runs compute").isLessThan(300);
            }
            int stopped = 0;
            int busy = 0;
            for (Future<Client.Reply> f : replies) {
                Client.Reply r = f.get();
                if (r.status() == 503) {
                    busy++;
                    assertThat(r.headers().firstValue("Retry-After")).hasValue("2");
                    assertThat(r.error()).isEqualTo("the server is busy: 2 runs are computing and none ended within"
                            + " 300 ms; try again in a moment");
                } else {
                    stopped++;
                    assertThat(r.status()).as(r.body()).isEqualTo(422);
                    assertThat(r.error()).contains("the run took longer than the 2000 ms allowed here");
                }
            }
            assertThat(server.runSlots().peak()).as("runs computing at the same moment").isEqualTo(2);
            assertThat(stopped).as("the two that got a thread ran to the time limit").isEqualTo(2);
            assertThat(busy).isEqualTo(6);
        }
    }

    @Test
    void aRequestWaitsForAThreadThatFreesWithinTheWait() throws Exception {
        WebLimits limits = WebLimits.defaults().withRuns(1, Duration.ofSeconds(20));
        try (WebServer server = Client.start(limits);
             ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            Client client = new Client(server.uri());
            List<Future<Client.Reply>> replies = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                replies.add(clients.submit(() -> client.run(WebServerTest.SLIDE, "end")));
            }
            for (Future<Client.Reply> f : replies) {
                assertThat(f.get().status()).as("queued, then run").isEqualTo(200);
            }
            assertThat(server.runSlots().peak()).isEqualTo(1);
        }
    }
}
