package io.provisioning.systemtests;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The machine's headless Chromium, signed in to the ops console as one of the realm's users through
 * Keycloak's own login page, as a person would. Screenshots go to {@code target/console-screenshots}.
 */
final class ConsoleBrowser implements AutoCloseable {

    static final String CONSOLE = System.getProperty("stack.console.url", "http://127.0.0.1:8085");
    static final Path SCREENSHOTS = Path.of("target", "console-screenshots");
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final ChromeDriver driver;
    private final Path profile;

    private ConsoleBrowser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /** Opens the console and signs in on Keycloak's login form. */
    static ConsoleBrowser signedInAs(String user, String password) throws IOException {
        Path profile = Files.createTempDirectory("console-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(System.getProperty("chromium.binary", "/usr/bin/chromium"));
        // the machine's network is closed: without these Chromium keeps calling home and failing
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=1280,800", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of(System.getProperty("chromedriver.binary", "/usr/bin/chromedriver")).toFile())
                .usingAnyFreePort().build();
        ConsoleBrowser browser = new ConsoleBrowser(new ChromeDriver(service, options), profile);
        browser.driver.manage().timeouts().pageLoadTimeout(WAIT);
        browser.driver.get(CONSOLE + "/");
        browser.waitFor(By.id("username")).sendKeys(user);
        browser.driver.findElement(By.id("password")).sendKeys(password);
        browser.driver.findElement(By.id("kc-login")).click();
        await().atMost(WAIT).until(() -> browser.driver.getCurrentUrl().startsWith(CONSOLE)
                && !browser.driver.findElements(By.id("signed-in-as")).isEmpty());
        return browser;
    }

    org.openqa.selenium.WebDriver driver() {
        return driver;
    }

    ConsoleBrowser open(String path) {
        driver.get(CONSOLE + path);
        return this;
    }

    WebElement waitFor(By locator) {
        try {
            await().atMost(WAIT).ignoreExceptions().until(() -> !driver.findElements(locator).isEmpty());
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("no " + locator + " on " + driver.getCurrentUrl() + ", which shows:\n"
                    + driver.findElement(By.tagName("body")).getText(), e);
        }
        return driver.findElement(locator);
    }

    WebElement find(By locator) {
        return driver.findElement(locator);
    }

    List<WebElement> findAll(By locator) {
        return driver.findElements(locator);
    }

    String text(By locator) {
        return waitFor(locator).getText();
    }

    String url() {
        return driver.getCurrentUrl();
    }

    String title() {
        return driver.getTitle();
    }

    /** Reloads until the condition holds: pages that change as the system works. */
    void reloadUntil(java.util.concurrent.Callable<Boolean> condition, Duration atMost) {
        await().atMost(atMost).pollInterval(Duration.ofSeconds(2)).ignoreExceptions().until(() -> {
            if (Boolean.TRUE.equals(condition.call())) {
                return true;
            }
            driver.navigate().refresh();
            return false;
        });
    }

    /** Waits without reloading: the page's own polling (htmx) brings the change. */
    void waitUntil(java.util.concurrent.Callable<Boolean> condition, Duration atMost) {
        await().atMost(atMost).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(condition);
    }

    /** The page at a phone's size: how much wider than the screen it is (0: it fits, tables scroll inside). */
    long overflowAtPhoneSize() {
        driver.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
        Object overflow = driver.executeScript(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
        return ((Number) overflow).longValue();
    }

    void screenshot(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Path shot = driver.getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    /** A GET with the browser's session cookies, for what a browser would save as a download. */
    HttpResponse<String> download(String path) throws IOException, InterruptedException {
        String cookies = driver.manage().getCookies().stream().map(c -> c.getName() + "=" + c.getValue())
                .collect(Collectors.joining("; "));
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(CONSOLE + path))
                .header("Cookie", cookies).timeout(Duration.ofMinutes(2)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    Cookie cookie(String name) {
        return driver.manage().getCookieNamed(name);
    }

    @Override
    public void close() throws IOException {
        try {
            driver.quit();
        } finally {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
