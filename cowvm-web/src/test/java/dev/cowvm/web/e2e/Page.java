package dev.cowvm.web.e2e;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The visualizer's page in a browser, driven as a user does: Step, End, an example, a
 * pasted text. Each action waits for what the page shows to change, never for a time.
 */
record Page(ChromeDriver driver) {
    String text(String css) {
        return driver.findElement(By.cssSelector(css)).getText();
    }

    int step() {
        return Integer.parseInt(driver.findElement(By.tagName("body")).getDomAttribute("data-step"));
    }

    String phase() {
        return driver.findElement(By.tagName("body")).getDomAttribute("data-phase");
    }

    /** Waits for a condition of the page, not for a time: the wait's bound only ends a hung test. */
    void waitFor(BooleanSupplier condition) {
        new WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> condition.getAsBoolean());
    }

    /** Waits until no request is in flight. */
    void settled() {
        waitFor(() -> "false".equals(driver.findElement(By.tagName("body")).getDomAttribute("data-busy")));
    }

    /** Opens the page afresh on the server's scenario: this tab's saved text is dropped. */
    void open(String uri) {
        driver.get(uri);
        ((JavascriptExecutor) driver).executeScript("sessionStorage.clear()");
        driver.get(uri);
        settled();
    }

    /** Presses Step once and waits for the page to show the next statement or sub-step. */
    void stepOnce() {
        String before = step() + "/" + phase();
        driver.findElement(By.id("step")).click();
        waitFor(() -> !(step() + "/" + phase()).equals(before));
        settled();
    }

    /** Presses Step until the statement shown starts with {@code source}, at its first sub-step. */
    void stepUntil(String source) {
        for (int i = 0; i < 200; i++) {
            stepOnce();
            if (text("#caption .statement").contains(source)) {
                return;
            }
        }
        throw new AssertionError("never reached " + source);
    }

    /** Presses End and waits for the last statement. */
    void end() {
        String shown = driver.findElement(By.tagName("body")).getDomAttribute("data-shown");
        driver.findElement(By.id("end")).click();
        waitFor(() -> !shown.equals(driver.findElement(By.tagName("body")).getDomAttribute("data-shown")));
        settled();
    }

    /** Clicks an example's button in the top bar and waits for it to be shown. */
    void openExample(String name) {
        driver.findElement(By.cssSelector("#examples button[data-example='" + name + "']")).click();
        waitFor(() -> text("#file-name").equals(name + ".cow"));
        settled();
    }

    /** Replaces the editor's text as a paste would, and waits for it to run. */
    void setText(String text) {
        String shown = driver.findElement(By.tagName("body")).getDomAttribute("data-shown");
        ((JavascriptExecutor) driver).executeScript(
                "const a = document.getElementById('source'); a.value = arguments[0];"
                        + " a.dispatchEvent(new Event('input'));", text);
        waitFor(() -> !shown.equals(driver.findElement(By.tagName("body")).getDomAttribute("data-shown")));
        settled();
    }

    Object script(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(js, args);
    }
}
