package gov.petitions.console;

import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

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

    private static Optional<Path> executable(String... names) {
        return Stream.of(names).flatMap(n -> Stream.of(System.getenv().getOrDefault("PATH", "/usr/bin").split(":")).map(d -> Path.of(d, n)))
                .filter(Files::isExecutable).findFirst();
    }
}
