package gov.petitions.console;

import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chromium.HasCdp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** What the browser tests of staff pages share: a signed-in tab, downloads into a directory, screenshots. */
final class StaffSession {

    private StaffSession() {
    }

    /**
     * Signs the tab in as a member of staff the way oidc.js leaves it: the access token where api.js reads it. The
     * token is JWT-shaped and unsigned (StandInProvider.jwt): the console reads its claims, the stand-ins take it as is.
     */
    static void signIn(WebDriver driver, String origin, String claims) {
        driver.get(origin + "/sign-in.html");
        long exp = Instant.now().plus(Duration.ofHours(1)).getEpochSecond();
        String token = StandInProvider.jwt(claims.replaceFirst("}$", ",\"exp\":" + exp + "}"));
        ((JavascriptExecutor) driver).executeScript("sessionStorage.setItem('petitions.console.token', arguments[0])", token);
    }

    /** Files the page saves go to a new directory (Chrome DevTools: Browser.setDownloadBehavior). */
    static Path downloadsTo(WebDriver driver, String name) {
        try {
            Path dir = Files.createDirectories(Path.of("target", "downloads", name + "-" + System.nanoTime())).toAbsolutePath();
            ((HasCdp) driver).executeCdpCommand("Browser.setDownloadBehavior", Map.of("behavior", "allow", "downloadPath", dir.toString()));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The one file that arrived in the directory (Chrome writes *.crdownload until it is complete), within 20 s. */
    static Optional<Path> downloaded(Path dir) throws IOException, InterruptedException {
        Instant until = Instant.now().plusSeconds(20);
        while (Instant.now().isBefore(until)) {
            try (var files = Files.list(dir)) {
                Optional<Path> done = files.filter(f -> !f.getFileName().toString().endsWith(".crdownload")).findFirst();
                if (done.isPresent()) {
                    return done;
                }
            }
            Thread.sleep(100);
        }
        return Optional.empty();
    }

    static void screenshot(WebDriver driver, String name) {
        try {
            Path dir = Files.createDirectories(Path.of("target", "screenshots"));
            Files.write(dir.resolve(name + ".png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
