package dev.cowvm.web.e2e;

import dev.cowvm.testing.Tool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's Chromium, driven by Debian's chromedriver, headless. Both paths are given to
 * Selenium, so it never looks for (or downloads) a driver or a browser of its own.
 */
final class Browser {
    static final Path SHOTS = Path.of("target", "screenshots");

    private Browser() {
    }

    /**
     * A headless Chromium in a window of the given size. Call only from tests that
     * {@link dev.cowvm.testing.RequiresTool require} {@link Tool#CHROMIUM}.
     */
    static ChromeDriver open(int width, int height) throws IOException {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(Tool.CHROMIUM.path("chromium").toFile());
        // This machine's network is closed: Chromium's own background connections would be
        // refused, so they are switched off. A fresh profile each time keeps runs apart.
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
                "--disable-dev-shm-usage", "--user-data-dir=" + Files.createTempDirectory("cowvm-chromium"),
                "--window-size=" + width + "," + height, "--force-device-scale-factor=1");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Tool.CHROMIUM.path("chromedriver").toFile())
                .usingAnyFreePort()
                .withTimeout(Duration.ofSeconds(60))
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        resize(driver, width, height);
        return driver;
    }

    /**
     * Gives the page itself (not the window around it) the size asked for, so that
     * screenshots are that size: the window's size includes whatever the browser draws
     * around the page, so it is grown by the difference.
     */
    static void resize(ChromeDriver driver, int width, int height) {
        for (int i = 0; i < 3; i++) {
            long innerWidth = (Long) driver.executeScript("return window.innerWidth");
            long innerHeight = (Long) driver.executeScript("return window.innerHeight");
            if (innerWidth == width && innerHeight == height) {
                return;
            }
            Dimension outer = driver.manage().window().getSize();
            driver.manage().window().setSize(new Dimension((int) (outer.getWidth() + width - innerWidth),
                    (int) (outer.getHeight() + height - innerHeight)));
        }
        throw new IllegalStateException("the page cannot be given " + width + "x" + height);
    }

    /** Saves what the browser shows as target/screenshots/NAME.png. */
    static Path screenshot(ChromeDriver driver, String name) throws IOException {
        Files.createDirectories(SHOTS);
        Path to = SHOTS.resolve(name + ".png");
        Files.write(to, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        return to;
    }
}
