package gov.petitions.console;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue #21: materials (材料) in a real browser (Debian's chromium through chromium-driver) against stand-ins of intake
 * (PageStandIns): a clerk registers a walk-in at the desk and attaches the letter's scan and its envelope to the
 * receipt — the page lists the scan clean with a download that saves the very bytes uploaded, and the envelope waiting
 * for the virus scan with none — and a petitioner on the public status page adds a document and a photo with the
 * tracking number and query code, and is told which one was quarantined. Through the console's MaterialProxy; skipped
 * without chromium and chromedriver, failed under ./petitions test.
 */
@QuarkusTest
@QuarkusTestResource(StubServices.class)
class MaterialsBrowserTest {

    private static final HeadlessChromium.Session BROWSER = new HeadlessChromium.Session("1280,1600");
    private static WebDriver driver;
    private static WebDriverWait wait;

    @TestHTTPResource("/")
    URL console;

    @BeforeAll
    static void startBrowser() {
        driver = BROWSER.start();
        wait = BROWSER.await();
    }

    @AfterAll
    static void stopBrowser() {
        BROWSER.stop();
    }

    @BeforeEach
    void browserAvailable() {
        BROWSER.assumeAvailable();
        PageStandIns.reset();
    }

    @Test
    void theClerkAttachesTheLetterAndItsEnvelopeAndDownloadsTheScanFoundClean() throws Exception {
        String origin = origin();
        byte[] letter = "%PDF-1.4\n% the scanned letter of a walk-in\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);
        Path scan = file("来信扫描.pdf", letter);
        Path envelope = file("信封.jpg", ("\u00ff\u00d8\u00ff " + PageStandIns.PENDING_MARKER).getBytes(StandardCharsets.ISO_8859_1));

        StaffSession.signIn(driver, origin, "{\"sub\":\"clerk-1\",\"upn\":\"clerk\",\"groups\":[\"clerk\"],\"jurisdiction\":\"3413\"}");
        driver.get(origin + "/desk.html");
        select("category", "labour-wages");
        select("city", "3413");
        select("county", "341302");
        type("summary", "工地拖欠农民工工资");
        type("pName", "赵铁柱");
        type("pPhone", "13900001234");
        driver.findElement(By.id("register")).sendKeys(Keys.ENTER);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("receipt")));
        assertEquals(PageStandIns.DESK_TRACKING, driver.findElement(By.id("receipt-tracking")).getText());

        // the materials block of the petition just registered, empty at first
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("material-list"), "尚无材料"));
        driver.findElement(By.id("material-file")).sendKeys(scan + "\n" + envelope);
        driver.findElement(By.id("material-upload")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("material-message"), "信封.jpg：已收到，等待病毒查杀"));
        assertTrue(text("material-message").contains("来信扫描.pdf：已上传"), text("material-message"));
        wait.until(d -> items().size() == 2);

        WebElement clean = item("来信扫描.pdf");
        assertEquals("CLEAN", clean.getAttribute("data-state"));
        assertTrue(clean.findElement(By.className("badge")).getText().startsWith("已查毒"), clean.getText());
        WebElement pending = item("信封.jpg");
        assertEquals("PENDING", pending.getAttribute("data-state"));
        assertTrue(pending.findElement(By.className("badge")).getText().startsWith("待查毒"), pending.getText());
        assertTrue(pending.findElements(By.tagName("button")).isEmpty(), "nothing to download before the scan: " + pending.getText());
        StaffSession.screenshot(driver, "desk-materials");

        // the download saves what was uploaded, under its own name
        Path downloads = StaffSession.downloadsTo(driver, "desk-materials");
        WebElement download = clean.findElement(By.tagName("button"));
        assertEquals("下载", download.getText());
        download.click();
        Optional<Path> saved = StaffSession.downloaded(downloads);
        assertTrue(saved.isPresent(), "no file was saved; the page says: " + text("material-message"));
        assertEquals("来信扫描.pdf", saved.get().getFileName().toString());
        assertArrayEquals(letter, Files.readAllBytes(saved.get()));

        // every call carried the clerk's token to intake's paths of this petition
        List<String> calls = PageStandIns.MATERIAL_CALLS;
        String base = "/petitions/" + PageStandIns.DESK_PETITION + "/materials";
        assertEquals(2, calls.stream().filter(c -> c.startsWith("POST " + base + " Bearer ")).count(), calls.toString());
        assertTrue(calls.stream().anyMatch(c -> c.matches("GET " + base + "/[0-9a-f-]{36} Bearer .*")), calls.toString());
    }

    @Test
    void thePetitionerAddsMaterialsWithTheQueryCodeAndIsToldWhichOneWasQuarantined() throws Exception {
        Path document = file("欠条.pdf", "%PDF-1.4\n% an IOU\n%%EOF\n".getBytes(StandardCharsets.US_ASCII));
        Path photo = file("现场照片.png", ("\u0089PNG " + PageStandIns.INFECTED_MARKER).getBytes(StandardCharsets.ISO_8859_1));

        driver.get(origin() + "/public/status.html");
        ((JavascriptExecutor) driver).executeScript("sessionStorage.clear()");
        type("tracking", PageStandIns.PUBLIC_TRACKING);
        type("code", PageStandIns.PUBLIC_QUERY_CODE);
        driver.findElement(By.id("look-up")).sendKeys(Keys.ENTER);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("result-status"), "已受理，正在办理"));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("material-upload")));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("material-list"), "尚无材料"));

        driver.findElement(By.id("material-file")).sendKeys(document + "\n" + photo);
        driver.findElement(By.id("material-upload")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("material-message"), "现场照片.png：发现病毒，已隔离，不能查阅"));
        assertTrue(text("material-message").contains("欠条.pdf：已上传"), text("material-message"));
        assertTrue(driver.findElement(By.id("material-message")).getAttribute("class").contains("bad"), "a quarantine is said as a fault");
        wait.until(d -> items().size() == 2);
        assertEquals("CLEAN", item("欠条.pdf").getAttribute("data-state"));
        WebElement quarantined = item("现场照片.png");
        assertEquals("INFECTED", quarantined.getAttribute("data-state"));
        assertTrue(quarantined.getText().contains("已隔离") && quarantined.getText().contains(PageStandIns.SIGNATURE), quarantined.getText());
        assertTrue(driver.findElements(By.cssSelector("#material-list button")).isEmpty(), "the petitioner downloads nothing");
        StaffSession.screenshot(driver, "public-materials");

        // the query code went in its header to the tracking number's materials, never a token
        String base = "/public/petitions/" + PageStandIns.PUBLIC_TRACKING + "/materials";
        assertEquals(2, PageStandIns.MATERIAL_CALLS.stream().filter(c -> c.equals("POST " + base + " " + PageStandIns.PUBLIC_QUERY_CODE)).count(),
                PageStandIns.MATERIAL_CALLS.toString());
    }

    private String origin() {
        return console.toString().replaceAll("/$", "");
    }

    private static List<WebElement> items() {
        return driver.findElements(By.cssSelector("#material-list li[data-state]"));
    }

    private static WebElement item(String fileName) {
        return items().stream().filter(li -> li.findElement(By.className("name")).getText().equals(fileName)).findFirst()
                .orElseThrow(() -> new AssertionError("no material " + fileName + " listed: " + text("material-list")));
    }

    private static void select(String id, String value) {
        new Select(wait.until(d -> d.findElement(By.cssSelector("#" + id + " option[value='" + value + "']"))).findElement(By.xpath("..")))
                .selectByValue(value);
    }

    private static void type(String id, String text) {
        WebElement field = driver.findElement(By.id(id));
        field.sendKeys(text);
        field.sendKeys(Keys.TAB);
    }

    private static String text(String id) {
        return driver.findElement(By.id(id)).getText();
    }

    private static Path file(String name, byte[] content) throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "material-files"));
        return Files.write(dir.resolve(name), content).toAbsolutePath();
    }
}
