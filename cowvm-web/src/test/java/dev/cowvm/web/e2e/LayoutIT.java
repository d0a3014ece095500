package dev.cowvm.web.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cowvm.script.Examples;
import dev.cowvm.testing.RequiresTool;
import dev.cowvm.testing.Tool;
import dev.cowvm.web.ScenarioText;
import dev.cowvm.web.WebLimits;
import dev.cowvm.web.WebServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The visualizer at the screen sizes people have, from a 1280x720 laptop to a 1920x1080
 * monitor: at each, at each point of the slide's story, nothing a user needs is hidden.
 * No two labels or cells overlap, no label is cut off, no panel scrolls on its own (the page
 * does), no arrow crosses a cell or a label: layout-check.js compares what the browser laid
 * out, box by box. A screenshot of each size is kept in target/screenshots.
 */
@RequiresTool(Tool.CHROMIUM)
class LayoutIT {
    private static final Logger SELENIUM = Logger.getLogger("org.openqa.selenium");
    static WebServer server;
    static ChromeDriver driver;
    static Page page;
    static String check;

    record Size(int width, int height) {
        @Override
        public String toString() {
            return width + "x" + height;
        }
    }

    static Stream<Size> sizes() {
        return Stream.of(new Size(1280, 720), new Size(1366, 768), new Size(1440, 900), new Size(1920, 1080));
    }

    @BeforeAll
    static void start() throws IOException {
        SELENIUM.setLevel(Level.SEVERE);
        server = WebServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), WebLimits.defaults(),
                new ScenarioText("slide.cow", Examples.text("slide")), line -> {
                    throw new AssertionError(line);
                });
        driver = Browser.open(1280, 720);
        page = new Page(driver);
        try (InputStream in = LayoutIT.class.getResourceAsStream("layout-check.js")) {
            check = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @AfterAll
    static void stop() {
        if (driver != null) {
            driver.quit();
        }
        if (server != null) {
            server.close();
        }
    }

    /** Opens the page afresh in a window whose page is of the given size. */
    static void at(Size size) {
        Browser.resize(driver, size.width(), size.height());
        page.open(server.uri().toString());
        assertThat(page.step()).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sizes")
    void theSlideIsReadableAtEveryStep(Size size) throws Exception {
        at(size);
        Counts start = readable("before the first statement");
        assertThat(start.cells).as("the grid's 128 frames").isEqualTo(128);

        page.stepUntil("fork shell child");
        Counts fork = readable("after the fork");
        assertThat(fork.numbers).as("every frame's number shown, 100 to 127 too").isEqualTo(128);
        assertThat(driver.findElements(By.cssSelector("#grid .cell[data-state=data][data-refs='2'] .mark")))
                .as("each of the four shared frames marked, by a word or a dot").hasSize(4);
        assertThat(fork.arrows).as("one arrow an entry of the child's").isEqualTo(4);
        Browser.screenshot(driver, "layout-" + size);

        // The child's write, in three sub-steps: the caption changes, nothing else moves.
        page.stepUntil("child write heap+8KiB");
        Map<String, String> where = places();
        readable("taking a frame for the copy");
        page.stepOnce();
        assertThat(page.phase()).isEqualTo("2");
        assertThat(places()).as("where things are at the copy, as at the new frame").isEqualTo(where);
        Counts copy = readable("copying the frame");
        assertThat(copy.arrows).as("the four entries, and the copy").isEqualTo(5);
        Browser.screenshot(driver, "layout-" + size + "-copy");
        page.stepOnce();
        assertThat(page.phase()).isEqualTo("3");
        assertThat(places()).as("where things are once the entry points at the copy").isEqualTo(where);
        readable("after the copy");

        page.stepUntil("shell exit 0");
        readable("after both exit");
        page.stepUntil("editor write buf+100");
        readable("a zero-fill");
        page.end();
        readable("at the end");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sizes")
    void sixteenCopiesAtOnce(Size size) throws Exception {
        at(size);
        page.openExample("snapshot");
        page.stepUntil("db fill data 0 64KiB");
        page.stepOnce();
        assertThat(page.text(".phase-text")).contains("are copied into frames 263\u2013278");
        Counts c = readable("sixteen copies");
        assertThat(c.arrows).as("db's one run of entries, and four of the copies, round the grid").isEqualTo(5);
        assertThat(page.text("#arrows")).isEqualTo("copy 16 pages");
        Browser.screenshot(driver, "layout-" + size + "-sixteen");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sizes")
    void showStatsPrintsEachRowOnOneLine(Size size) {
        at(size);
        page.setText("spawn p\np map m 4KiB rw\np write m \"x\"\nshow stats\n");
        page.end();
        WebElement printed = driver.findElement(By.cssSelector("#caption pre.printed"));
        List<String> lines = printed.getText().lines().toList();
        int counters = dev.cowvm.observe.Counter.values().length;
        assertThat(lines).as("a heading and the %d counters", counters).hasSize(counters + 1);
        assertThat(lines.getLast()).matches("  peakFramesInUse +\\d+  gauge: .*");
        long tops = (Long) page.script("const r = document.createRange(); r.selectNodeContents(arguments[0]);"
                + " return new Set([...r.getClientRects()].map(b => Math.round(b.top))).size;", printed);
        assertThat(tops).as("lines laid out: as many as printed, none wrapped").isEqualTo(lines.size());
        readable("show stats");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sizes")
    void tenProcessesHaveColoursToTellApart(Size size) {
        at(size);
        StringBuilder s = new StringBuilder();
        for (int i = 1; i <= 10; i++) {
            s.append("spawn p").append(i).append("\np").append(i).append(" map m 8KiB rw\np").append(i)
                    .append(" write m \"").append(i).append("\"\n");
        }
        page.setText(s.toString());
        page.end();
        readable("ten processes");
        List<String> colours = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            WebElement card = driver.findElement(By.cssSelector(".proc[data-process=p" + i + "]"));
            String colour = (String) page.script("return getComputedStyle(arguments[0]).getPropertyValue('--colour')", card);
            String fill = driver.findElement(By.cssSelector("#grid .cell[data-state=data][data-owner=p" + i + "] rect.box"))
                    .getDomAttribute("fill");
            assertThat(fill).as("p%d's frame in p%d's colour", i, i).isEqualToIgnoringCase(colour.strip());
            colours.add(colour.strip());
        }
        for (Colours.Vision vision : Colours.Vision.values()) {
            for (int a = 0; a < colours.size(); a++) {
                for (int b = a + 1; b < colours.size(); b++) {
                    // CIEDE2000 of 10 is a difference seen at a glance, not only side by side.
                    assertThat(Colours.difference(colours.get(a), colours.get(b), vision))
                            .as("p%d %s and p%d %s under %s", a + 1, colours.get(a), b + 1, colours.get(b), vision)
                            .isGreaterThan(10);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sizes")
    void twelveProcessesOnFourThousandFrames(Size size) throws Exception {
        at(size);
        StringBuilder s = new StringBuilder("memory 16MiB\nspawn p0\np0 map data 12MiB rw\np0 fill data 0 12MiB 1\n");
        for (int i = 1; i < 12; i++) {
            s.append("fork p0 p").append(i).append('\n');
            s.append("p").append(i).append(" write data+").append(i * 64).append("KiB \"p").append(i).append("\"\n");
        }
        page.setText(s.toString());
        page.end();
        Counts c = readable("twelve processes");
        assertThat(c.cells).isGreaterThan(3072);
        assertThat(c.arrows).as("the followed process's entries").isPositive();
        Browser.screenshot(driver, "layout-" + size + "-twelve");
    }

    @Test
    void theEditorWidensWithTheScreen() {
        List<Long> widths = new ArrayList<>();
        for (Size size : sizes().toList()) {
            at(size);
            widths.add(((Number) page.script(
                    "return Math.round(document.querySelector('.editor-panel').getBoundingClientRect().width)")).longValue());
        }
        assertThat(widths).as("at 1280, 1366, 1440 and 1920 px").isSorted().doesNotHaveDuplicates();
        assertThat(widths.getLast()).as("at 1920 px, room for the slide's lines").isGreaterThanOrEqualTo(560);
        assertThat(widths.getLast() - widths.getFirst()).isGreaterThanOrEqualTo(200);
    }

    // ------------------------------------------------------------------ helpers

    record Counts(long labels, long cells, long numbers, long marks, long arrows) {
    }

    /** Runs layout-check.js: no problem found, and it looked at something. */
    @SuppressWarnings("unchecked")
    static Counts readable(String when) {
        Map<String, Object> r = (Map<String, Object>) page.script(check);
        List<String> problems = (List<String>) r.get("problems");
        Map<String, Long> n = (Map<String, Long>) r.get("counts");
        assertThat(problems).as("%s at %dx%d", when, (Long) page.script("return innerWidth"),
                (Long) page.script("return innerHeight")).isEmpty();
        assertThat(n.get("labels")).as("labels checked").isGreaterThan(50);
        assertThat(n.get("cells")).as("cells checked").isGreaterThanOrEqualTo(128);
        return new Counts(n.get("labels"), n.get("cells"), n.get("numbers"), n.get("marks"), n.get("arrows"));
    }

    /** Where the parts under the caption are: they must not move between sub-steps. */
    static Map<String, String> places() {
        Map<String, String> out = new LinkedHashMap<>();
        for (String css : List.of(".columns", ".processes-panel", ".frames-panel", "#grid", ".legend", ".counters",
                ".proc[data-process=child]", ".proc[data-process=child] tr.entry:last-child")) {
            out.put(css, (String) page.script("const r = document.querySelector(arguments[0]).getBoundingClientRect();"
                    + " return [r.left, r.top, r.width, r.height].map(Math.round).join(' ');", css));
        }
        return out;
    }
}
