package dev.cowvm.web.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cowvm.script.Examples;
import dev.cowvm.testing.RequiresTool;
import dev.cowvm.testing.Tool;
import dev.cowvm.web.ScenarioText;
import dev.cowvm.web.WebLimits;
import dev.cowvm.web.WebServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;

/**
 * The visualizer in a real browser: the slide's story step by step, checked on what the
 * page shows (cells of the frame grid, rows of the page tables, the captions), with a
 * screenshot at each point the slide draws, in target/screenshots.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@RequiresTool(Tool.CHROMIUM)
class VisualizerIT {
    /** Selenium warns that it has no DevTools bindings for this Chromium; these tests use none. */
    private static final java.util.logging.Logger SELENIUM = java.util.logging.Logger.getLogger("org.openqa.selenium");
    static WebServer server;
    static ChromeDriver driver;

    @BeforeAll
    static void start() throws Exception {
        SELENIUM.setLevel(java.util.logging.Level.SEVERE);
        server = WebServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), WebLimits.defaults(),
                new ScenarioText("slide.cow", Examples.text("slide")), line -> {
                    throw new AssertionError(line);
                });
        driver = Browser.open(1600, 1000);
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

    @BeforeEach
    void freshPage() {
        // Each test starts from the server's scenario: this tab's saved text is dropped.
        driver.get(server.uri().toString());
        ((JavascriptExecutor) driver).executeScript("sessionStorage.clear()");
        driver.get(server.uri().toString());
        settled();
        assertThat(step()).isZero();
    }

    // ------------------------------------------------------------------ the slide

    @Test
    @Order(1)
    void theSlideStepByStep() throws Exception {
        assertThat(text("#caption")).contains("Press Step");
        stepUntil("fork shell child");

        // After the fork: one page table each, the same four frames, each shared by two entries.
        List<Row> shell = rows("shell");
        List<Row> child = rows("child");
        assertThat(child).hasSize(4);
        for (int i = 0; i < 4; i++) {
            assertThat(child.get(i).frame).isEqualTo(shell.get(i).frame);
            assertThat(child.get(i).cow).isTrue();
            assertThat(shell.get(i).cow).isTrue();
            assertThat(child.get(i).flags).startsWith("r-");
            Map<String, String> cell = cell(child.get(i).frame);
            assertThat(cell).containsEntry("state", "data").containsEntry("refs", "2");
        }
        assertThat(cellsWhere("data", "2")).hasSize(4);
        assertThat(driver.findElements(By.cssSelector("#arrows path.link"))).as("arrows for the child's entries")
                .hasSize(4);
        assertThat(text(".proc[data-process=child] .head")).contains("child of shell");
        Browser.screenshot(driver, "1-after-fork");

        // The child writes page 2: the slide's three steps, one per press of Step.
        int oldFrame = child.get(2).frame;
        stepUntil("child write heap+8KiB");
        assertThat(text("#caption")).contains("line 30");
        assertThat(phase()).isEqualTo("1");
        assertThat(text(".phase-text")).contains("Step 1 of 3").contains("takes a new frame from the pool");
        int newFrame = Integer.parseInt(driver.findElement(By.cssSelector("#grid .cell.taken"))
                .getDomAttribute("data-frame"));
        assertThat(cell(newFrame)).containsEntry("state", "free-zeroed");
        assertThat(rows("child").get(2).frame).as("the entry still points at the shared frame").isEqualTo(oldFrame);
        Browser.screenshot(driver, "2a-cow-new-frame");

        stepOnce();
        assertThat(phase()).isEqualTo("2");
        assertThat(text(".phase-text")).contains("Step 2 of 3").contains("frame " + oldFrame + " is copied into frame "
                + newFrame);
        assertThat(driver.findElements(By.cssSelector("#arrows path.copy"))).hasSize(1);
        assertThat(rows("child").get(2).frame).isEqualTo(oldFrame);
        Browser.screenshot(driver, "2b-cow-copy");

        stepOnce();
        assertThat(phase()).isEqualTo("3");
        assertThat(text(".phase-text")).contains("Step 3 of 3").contains("now points at frame " + newFrame)
                .contains("the write is done");
        Row moved = rows("child").get(2);
        assertThat(moved.frame).isEqualTo(newFrame);
        assertThat(moved.flags).startsWith("rw");
        assertThat(moved.cow).isFalse();
        assertThat(rows("shell").get(2).frame).as("the shell keeps the original").isEqualTo(oldFrame);
        assertThat(cell(newFrame)).containsEntry("state", "data").containsEntry("refs", "1")
                .containsEntry("owner", "child");
        assertThat(cell(oldFrame)).containsEntry("refs", "1");
        assertThat(cellsWhere("data", "2")).as("the other three pages stay shared").hasSize(3);
        assertThat(counter("pagesCopied")).isEqualTo("1");
        Browser.screenshot(driver, "2-after-child-write");

        // After both exit: every frame back in the pool, the data frames still holding their bytes.
        stepUntil("shell exit 0");
        assertThat(cellsWhere("data", null)).isEmpty();
        assertThat(cellsWhere("page-table", null)).isEmpty();
        List<Integer> heapFrames = new ArrayList<>();
        shell.forEach(r -> heapFrames.add(r.frame));
        heapFrames.add(newFrame);
        for (int f : heapFrames) {
            assertThat(cell(f)).as("frame " + f).containsEntry("state", "free-stale");
        }
        assertThat(cell(newFrame)).containsEntry("owner", "child");
        assertThat(counter("framesInUse")).isEqualTo("0");
        assertThat(text(".proc[data-process=shell] .status")).as("no parent: nobody could wait for it")
                .isEqualTo("exited (0), ended (no parent to wait for it)");
        assertThat(text(".proc[data-process=child] .status")).isEqualTo("exited (0), reaped by shell");
        Browser.screenshot(driver, "3-after-exit");

        // A new process writes a fresh page: it gets a stale frame, cleared first.
        stepUntil("editor write buf+100");
        assertThat(phase()).isEqualTo("1");
        assertThat(text(".phase-text")).contains("still holds the stale bytes of");
        stepOnce();
        assertThat(phase()).isEqualTo("2");
        assertThat(text(".phase-text")).contains("cleared").contains("the stale bytes are gone");
        assertThat(driver.findElements(By.cssSelector("#grid .cell .wipe"))).hasSize(1);
        Browser.screenshot(driver, "4-zero-fill");

        stepUntilEnd();
        assertThat(text("#position")).contains("statement 41 of 41").contains("9 held").doesNotContain("failed");
    }

    @Test
    @Order(2)
    void comingBackToACopyOffersItsStepsAgain() {
        stepUntil("child write heap+8KiB");
        stepUntil("show shell");
        driver.findElement(By.id("back")).click();
        waitFor(() -> step() == 19);
        settled();
        assertThat(phase()).as("the whole statement, not a sub-step").isEqualTo("final");
        assertThat(text("#caption")).contains("see it in steps").contains("copy-on-write fault: frame");
        driver.findElement(By.cssSelector("#caption .phases button[data-phase='2']")).click();
        waitFor(() -> "2".equals(phase()));
        assertThat(text(".phase-text")).contains("Step 2 of 3");
        driver.findElement(By.id("back")).click();
        waitFor(() -> "1".equals(phase()));
        assertThat(step()).isEqualTo(19);
    }

    // ------------------------------------------------------------------ hovering

    @Test
    @Order(3)
    void hoveringAFrameShowsItsBytesSharersAndHistory() {
        stepUntil("fork shell child");
        int frame = rows("shell").get(0).frame;
        new Actions(driver).moveToElement(driver.findElement(By.cssSelector("#grid .cell[data-frame='" + frame + "']")))
                .perform();
        WebElement tip = driver.findElement(By.id("tooltip"));
        waitFor(() -> tip.getText().contains("line 16"));
        assertThat(tip.getText()).contains("Frame " + frame).contains("mapped by 2 entries")
                .contains("shell at 0x1000000000").contains("child at 0x1000000000")
                .contains("\"shell's page 0").contains("taken from the pool for shell")
                .contains("shared by the fork");
    }

    @Test
    @Order(4)
    void hoveringAnEntryDecodesItsBits() throws Exception {
        stepUntil("fork shell child");
        new Actions(driver).moveToElement(driver.findElement(
                By.cssSelector(".proc[data-process=child] tr.entry"))).perform();
        WebElement tip = driver.findElement(By.id("tooltip"));
        waitFor(() -> tip.isDisplayed());
        assertThat(tip.getText()).contains("child").contains("Sv39 entry").contains("COW copy-on-write")
                .contains("V valid").contains("R readable").doesNotContain("W writable")
                .contains("a write faults, and the kernel copies the page");
        Browser.screenshot(driver, "5-entry-bits");

        stepUntil("child write heap+8KiB");
        stepUntil("show shell");
        new Actions(driver).moveToElement(driver.findElement(
                By.cssSelector(".proc[data-process=shell] tr.entry[data-va='" + (0x1000002000L) + "']"))).perform();
        waitFor(() -> tip.getText().contains("0x1000002000"));
        assertThat(tip.getText()).as("the page the child copied: the shell is left alone with the frame")
                .contains("COW copy-on-write").contains("mapped by 1 entry").contains("without a copy");
    }

    // ------------------------------------------------------------------ editing

    @Test
    @Order(5)
    void anErrorIsShownAtItsLineAndTheTextIsKept() throws Exception {
        WebElement source = driver.findElement(By.id("source"));
        String original = source.getDomProperty("value");
        assertThat(original).endsWith("\n");
        int lines = (int) original.lines().count();
        source.click();
        source.sendKeys(Keys.chord(Keys.CONTROL, Keys.END), "fork nobody x");
        waitFor(() -> driver.findElement(By.id("problems")).isDisplayed());
        String problems = text("#problems");
        assertThat(problems).contains("line " + (lines + 1)).contains("unknown process nobody");
        assertThat(driver.findElement(By.cssSelector(".gutter-lines [data-line='" + (lines + 1) + "']"))
                .getDomAttribute("class")).isEqualTo("error");
        assertThat(driver.findElement(By.cssSelector(".band.error .note")).getDomProperty("textContent"))
                .contains("unknown process nobody");
        assertThat(source.getDomProperty("value")).isEqualTo(original + "fork nobody x");

        source.sendKeys(Keys.BACK_SPACE.toString().repeat("fork nobody x".length()));
        waitFor(() -> !driver.findElement(By.id("problems")).isDisplayed());
        assertThat(source.getDomProperty("value")).isEqualTo(original);
    }

    @Test
    @Order(6)
    void aStatementTheKernelRefusesStopsTheRunThere() {
        // c dies out of memory, so the first wait reaps it: only the run finds the second one wrong
        // (a refusal known before running, like an overlap, is shown as an error of the text).
        setText("memory 64KiB\nspawn p\nfork p c\nc map m 1MiB rw\nc fill m 0 1MiB 1\nwait p c\nwait p c\n");
        driver.findElement(By.id("end")).click();
        waitFor(() -> driver.findElement(By.id("problems")).isDisplayed());
        settled();
        assertThat(text("#problems")).contains("line 7").contains("is not a child");
        assertThat(step()).as("the state just before the refused statement").isEqualTo(6);
    }

    // ------------------------------------------------------------------ controls

    @Test
    @Order(7)
    void keysStepBackAndRunToTheEnd() {
        WebElement body = driver.findElement(By.tagName("body"));
        body.sendKeys(Keys.ARROW_RIGHT);
        waitFor(() -> step() == 1);
        body.sendKeys(Keys.ARROW_RIGHT);
        waitFor(() -> step() == 2);
        body.sendKeys(Keys.ARROW_LEFT);
        waitFor(() -> step() == 1);
        body.sendKeys(Keys.END);
        waitFor(() -> step() == 41);
        body.sendKeys(Keys.HOME);
        waitFor(() -> step() == 0);
        assertThat(driver.findElement(By.id("back")).isEnabled()).isFalse();
    }

    @Test
    @Order(8)
    void examplesAreOneClickAway() {
        openExample("fork-bomb");
        assertThat(driver.findElement(By.id("source")).getDomProperty("value")).isEqualTo(Examples.text("fork-bomb"));
        driver.findElement(By.id("end")).click();
        waitFor(() -> step() > 0);
        settled();
        assertThat(text(".proc[data-process=b] .status")).startsWith("oom");
        assertThat(driver.findElements(By.cssSelector(".proc"))).as("root and a to i; j's fork was refused").hasSize(10);
    }

    @Test
    @Order(9)
    void underThePolicyNoneTheStaleBytesAreNotCleared() {
        openExample("zeroing");
        stepUntil("snoop touch buf");
        assertThat(text(".phase-text")).contains("still holds the stale bytes of login (\"password=hunter2\")");
        stepOnce();
        assertThat(text(".phase-text")).contains("NOT cleared").contains("the zero policy is \"none\"")
                .contains("snoop can now read what login left there");
        assertThat(driver.findElements(By.cssSelector("#grid .cell .wipe"))).isEmpty();
    }

    @Test
    @Order(10)
    void aStatementThatCopiesSixteenPagesShowsThemTogether() throws Exception {
        openExample("snapshot");
        stepUntil("db fill data 0 64KiB");
        assertThat(text(".phase-text")).contains("16 new frames from the pool");
        assertThat(driver.findElements(By.cssSelector("#grid .cell.taken"))).hasSize(16);
        stepOnce();
        assertThat(text(".phase-text")).contains("The shared frames 4\u201319 are copied into frames 263\u2013278: 64 KiB");
        assertThat(text("#arrows")).isEqualTo("copy 16 pages");
        Browser.screenshot(driver, "7-sixteen-copies");
        stepOnce();
        assertThat(text(".phase-text")).contains("entries now point at frames").contains("the write is done");
        assertThat(counter("pagesCopied")).isEqualTo("16");
    }

    @Test
    @Order(11)
    void twoTabsKeepTheirOwnScenarios() {
        stepUntil("fork shell child");
        String first = driver.getWindowHandle();
        driver.switchTo().newWindow(WindowType.TAB);
        driver.get(server.uri().toString());
        settled();
        openExample("fork-exec");
        driver.findElement(By.id("end")).click();
        waitFor(() -> step() > 0);
        settled();
        driver.close();
        driver.switchTo().window(first);
        driver.navigate().refresh();
        settled();
        assertThat(text("#file-name")).isEqualTo("slide.cow");
        assertThat(step()).isEqualTo(13);
        stepOnce();
        assertThat(step()).isEqualTo(14);
        assertThat(text("#caption")).contains("show shell");
    }

    @Test
    @Order(12)
    void fourThousandFramesAndTwelveProcessesFit() throws Exception {
        StringBuilder s = new StringBuilder("memory 16MiB\nspawn p0\np0 map data 12MiB rw\np0 fill data 0 12MiB 1\n");
        for (int i = 1; i < 12; i++) {
            s.append("fork p0 p").append(i).append('\n');
            s.append("p").append(i).append(" write data+").append(i * 64).append("KiB \"p").append(i).append("\"\n");
        }
        setText(s.toString());
        driver.findElement(By.id("end")).click();
        waitFor(() -> step() > 0);
        settled();
        assertThat(driver.findElements(By.cssSelector(".proc"))).hasSize(12);
        int cells = driver.findElements(By.cssSelector("#grid .cell")).size();
        assertThat(cells).isGreaterThan(3072).isLessThanOrEqualTo(4097);
        WebElement grid = driver.findElement(By.id("grid"));
        WebElement panel = driver.findElement(By.cssSelector(".frames-panel"));
        assertThat(grid.getRect().getWidth()).as("the grid fits its panel").isLessThanOrEqualTo(panel.getRect().getWidth());
        assertThat(driver.findElements(By.cssSelector(".proc[data-process=p0] tr.entry")).size())
                .as("3,072 pages collapsed into runs").isLessThan(40);
        Browser.screenshot(driver, "6-twelve-processes");
    }

    @Test
    @Order(13)
    void aTypoIsOneErrorAndItsNoteReadsInFull() throws Exception {
        // The spawn misspelt: every later statement of shell names a process that does not
        // exist. One error says so, at the first of them, with the name that does.
        String slide = Examples.text("slide");
        List<String> lines = new ArrayList<>(slide.lines().toList());
        int spawn = lines.indexOf("spawn shell");
        lines.set(spawn, "spawn shel");
        // The first use gets a comment long enough to leave its note little room: the band cuts it short.
        String firstUse = lines.get(spawn + 1);
        long room = (Long) page().script("const a = document.getElementById('source');"
                + " const c = document.createElement('canvas').getContext('2d'); c.font = getComputedStyle(a).font;"
                + " return Math.floor((a.clientWidth - 160) / (c.measureText('0123456789').width / 10));");
        lines.set(spawn + 1, firstUse + " #" + "-".repeat((int) room - firstUse.length() - 4));
        page().script("const a = document.getElementById('source'); a.value = arguments[0];"
                + " a.dispatchEvent(new Event('input'));", String.join("\n", lines) + "\n");
        waitFor(() -> driver.findElement(By.id("problems")).isDisplayed());
        settled();
        List<WebElement> problems = driver.findElements(By.cssSelector("#problems button"));
        assertThat(problems).as("one typo, one error").hasSize(1);
        assertThat(problems.getFirst().getText()).contains("line " + (spawn + 2))
                .contains("unknown process shell").contains("did you mean shel?");

        WebElement note = driver.findElement(By.cssSelector(".band.error .note"));
        String message = note.getDomAttribute("title");
        assertThat((Boolean) page().script("return arguments[0].scrollWidth > arguments[0].clientWidth + 1", note))
                .as("the band cuts the note short").isTrue();
        WebElement full = driver.findElement(By.cssSelector(".note-full"));
        assertThat(full.isDisplayed()).isFalse();
        // Pointing at the line shows the whole note, inside the editor, under the line.
        page().script("const a = document.getElementById('source'); const r = a.getBoundingClientRect();"
                + " const h = parseFloat(getComputedStyle(a).lineHeight);"
                + " const y = r.top + 6 + (arguments[0] - 0.5) * h - a.scrollTop;"
                + " a.dispatchEvent(new MouseEvent('mousemove', {clientX: r.left + 40, clientY: y, bubbles: true}));",
                spawn + 2);
        waitFor(full::isDisplayed);
        assertThat(full.getText()).isEqualTo(message);
        var box = full.getRect();
        var editor = driver.findElement(By.id("editor")).getRect();
        assertThat(box.getY()).isGreaterThanOrEqualTo(editor.getY());
        assertThat(box.getY() + box.getHeight()).isLessThanOrEqualTo(editor.getY() + editor.getHeight());
        assertThat(box.getWidth()).isGreaterThan(note.getRect().getWidth());
        Browser.screenshot(driver, "10-error-note");
        // Pointing elsewhere hides it; the caret on the line shows it again.
        page().script("document.getElementById('source').dispatchEvent(new MouseEvent('mouseleave'))");
        waitFor(() -> !full.isDisplayed());
        page().script("const a = document.getElementById('source'); a.focus();"
                + " a.setSelectionRange(arguments[0], arguments[0]); a.scrollTop = 0;"
                + " a.dispatchEvent(new Event('scroll')); a.dispatchEvent(new Event('keyup'));",
                String.join("\n", lines.subList(0, spawn + 1)).length() + 3);
        waitFor(full::isDisplayed);
        assertThat(full.getText()).isEqualTo(message);
    }

    // ------------------------------------------------------------------ helpers

    record Row(int frame, String flags, boolean cow) {
    }

    /** The heap entries of a process's table, in address order. */
    static List<Row> rows(String process) {
        List<Row> out = new ArrayList<>();
        for (WebElement tr : driver.findElements(By.cssSelector(".proc[data-process='" + process + "'] tr.entry"))) {
            out.add(new Row(Integer.parseInt(tr.getDomAttribute("data-frame")), tr.getDomAttribute("data-flags"),
                    tr.getDomAttribute("data-cow").equals("true")));
        }
        return out;
    }

    static Map<String, String> cell(int frame) {
        WebElement c = driver.findElement(By.cssSelector("#grid .cell[data-frame='" + frame + "']"));
        Map<String, String> m = new TreeMap<>();
        for (String a : List.of("state", "refs", "owner")) {
            String v = c.getDomAttribute("data-" + a);
            if (v != null) {
                m.put(a, v);
            }
        }
        return m;
    }

    static List<WebElement> cellsWhere(String state, String refs) {
        return driver.findElements(By.cssSelector("#grid .cell[data-state='" + state + "']"
                + (refs == null ? "" : "[data-refs='" + refs + "']")));
    }

    static String counter(String key) {
        return text(".counter[data-counter='" + key + "'] .v");
    }

    static Page page() {
        return new Page(driver);
    }

    static String text(String css) {
        return page().text(css);
    }

    static int step() {
        return page().step();
    }

    static String phase() {
        return page().phase();
    }

    static void waitFor(java.util.function.BooleanSupplier condition) {
        page().waitFor(condition);
    }

    static void settled() {
        page().settled();
    }

    static void stepOnce() {
        page().stepOnce();
    }

    static void stepUntil(String source) {
        page().stepUntil(source);
    }

    static void stepUntilEnd() {
        while (driver.findElement(By.id("step")).isEnabled()) {
            stepOnce();
        }
    }

    static void openExample(String name) {
        page().openExample(name);
    }

    static void setText(String text) {
        page().setText(text);
    }
}
