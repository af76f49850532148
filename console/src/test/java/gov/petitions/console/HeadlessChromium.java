package gov.petitions.console;

import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Debian's headless chromium through chromium-driver, for the console's browser tests; empty when either is missing. */
final class HeadlessChromium {

    static final String MISSING = "chromium and chromedriver are needed (apt-get install chromium chromium-driver)";

    private HeadlessChromium() {
    }

    /** A browser with a window of the given size, e.g. "1280,1000"; empty (the tests skip) without chromium. */
    static Optional<WebDriver> start(String windowSize) {
        Optional<Path> chromium = executable("chromium", "chromium-browser", "google-chrome");
        Optional<Path> chromedriver = executable("chromedriver");
        if (chromium.isEmpty() || chromedriver.isEmpty()) {
            return Optional.empty();
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.get().toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=" + windowSize, "--disable-extensions", "--no-first-run");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver.get().toFile()).usingAnyFreePort().build();
        return Optional.of(new ChromeDriver(service, options));
    }

    /**
     * One browser for a test class: started before its tests, quit after them. Without chromium each test is skipped
     * with {@link #MISSING}, except where the whole suite must prove the pages ({@code ./petitions test} sets
     * {@code PETITIONS_REQUIRE_BROWSER}): there a missing browser fails, since skipped browser tests prove nothing. Held
     * in a static field and driven from the class's own {@code @BeforeAll}/{@code @AfterAll}/{@code @BeforeEach}
     * (a JUnit extension would run in another class loader than a {@code @QuarkusTest}'s methods).
     */
    static final class Session {
        private final String windowSize;
        private final Duration patience;
        private WebDriver driver;
        private WebDriverWait wait;

        Session(String windowSize) {
            this(windowSize, Duration.ofSeconds(20));
        }

        Session(String windowSize, Duration patience) {
            this.windowSize = windowSize;
            this.patience = patience;
        }

        /** Starts the browser: the driver, or null when there is none (the tests then skip, see above). */
        WebDriver start() {
            driver = HeadlessChromium.start(windowSize).orElse(null);
            if (driver == null) {
                if (System.getenv("PETITIONS_REQUIRE_BROWSER") != null) {
                    throw new AssertionError(MISSING);
                }
                return null;
            }
            wait = new WebDriverWait(driver, patience);
            wait.ignoring(StaleElementReferenceException.class); // pages draw their lists anew after each action
            return driver;
        }

        WebDriverWait await() {
            return wait;
        }

        void assumeAvailable() {
            assumeTrue(driver != null, MISSING);
        }

        void stop() {
            if (driver != null) {
                driver.quit();
                driver = null;
            }
        }
    }

    private static Optional<Path> executable(String... names) {
        return Stream.of(names).flatMap(n -> Stream.of(System.getenv().getOrDefault("PATH", "/usr/bin").split(":")).map(d -> Path.of(d, n)))
                .filter(Files::isExecutable).findFirst();
    }
}
