package gov.petitions.console;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
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
 * 办理材料 (a case's documents, issue 21) on the case page in a real browser, against a stand-in of supervision
 * (CaseDocumentStandIns): the list shows each document's name, kind, size, uploader and time in China's zone and state;
 * a handler uploads a small PDF, which appears as 待查毒 with no download and, once scanned, as 可下载 after the row's
 * refresh; a program is refused with supervision's 415 problem and nothing is listed; a quarantined document shows
 * 已隔离 and has no download; a clean one downloads byte for byte; an auditor reads but has no upload form. Skipped
 * without chromium and chromedriver, failed under ./petitions test.
 */
@QuarkusTest
@QuarkusTestResource(StubServices.class)
class CaseDocumentsBrowserTest {

    private static final HeadlessChromium.Session BROWSER = new HeadlessChromium.Session("1280,1800");
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
        CaseDocumentStandIns.reset();
    }

    @Test
    void theListShowsEachDocumentWithItsStateAndAQuarantinedOneHasNoDownload() {
        open("documents-handler", "handler");
        WebElement clean = row(CaseDocumentStandIns.CLEAN);
        String text = clean.getText();
        assertTrue(text.contains(CaseDocumentStandIns.CLEAN_NAME) && text.contains("答复意见书扫描件") && text.contains("书面答复")
                && text.contains("3 KB") && text.contains("承办人 · 341302-RSJ") && text.contains("可下载"), text);
        // supervision's 02:15Z is 10:15 in China
        assertTrue(text.contains("2026/12/05 10:15"), "the upload time in China: " + text);
        assertEquals(1, clean.findElements(By.id("document-download-" + CaseDocumentStandIns.CLEAN)).size());

        WebElement infected = row(CaseDocumentStandIns.INFECTED);
        assertTrue(infected.getText().contains("已隔离") && infected.getText().contains("证据材料")
                && infected.getText().contains("登记员") && infected.getText().contains("2026/12/05 11:00"), infected.getText());
        assertTrue(infected.findElements(By.tagName("button")).isEmpty(), "a quarantined document has no download");
        assertTrue(infected.findElements(By.tagName("a")).isEmpty(), "a quarantined document has no link");
    }

    @Test
    void anUploadedPdfIsPendingUntilScannedAndThenDownloadable() throws Exception {
        open("documents-uploader", "handler");
        Path pdf = Files.createTempFile("evidence-", ".pdf");
        Files.writeString(pdf, "%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n", StandardCharsets.US_ASCII);
        Path named = Files.move(pdf, pdf.resolveSibling("现场核查记录-" + System.nanoTime() + ".pdf"));
        String name = named.getFileName().toString();

        driver.findElement(By.id("document-file")).sendKeys(named.toString());
        new Select(driver.findElement(By.id("document-kind"))).selectByVisibleText("证据材料");
        // keyboard only: the upload button is reached and pressed from the keyboard
        driver.findElement(By.id("document-upload")).sendKeys(Keys.ENTER);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("documents-message"), "待查毒"));

        List<String> posts = CaseDocumentStandIns.REQUESTS.stream().filter(r -> r.startsWith("POST")).toList();
        assertEquals(1, posts.size(), posts.toString());
        assertTrue(posts.get(0).contains("?kind=EVIDENCE ") && posts.get(0).contains("type=application/pdf")
                && posts.get(0).contains("by documents-uploader"), posts.get(0));
        assertTrue(posts.get(0).contains("name=" + java.net.URLEncoder.encode(name, StandardCharsets.UTF_8)), "the name percent-encoded: " + posts.get(0));

        WebElement pending = wait.until(d -> d.findElements(By.cssSelector("#documents tr[data-state='PENDING']")).stream().findFirst().orElse(null));
        String id = pending.getAttribute("data-document-id");
        assertTrue(pending.getText().contains(name) && pending.getText().contains("待查毒") && pending.getText().contains("证据材料"), pending.getText());
        assertTrue(pending.findElements(By.id("document-download-" + id)).isEmpty(), "nothing to download before the scan");

        CaseDocumentStandIns.scanAll();
        driver.findElement(By.id("document-refresh-" + id)).sendKeys(Keys.ENTER);
        wait.until(d -> "CLEAN".equals(row(id).getAttribute("data-state")));
        assertTrue(row(id).getText().contains("可下载"), row(id).getText());
        WebElement download = driver.findElement(By.id("document-download-" + id));
        assertEquals(download, driver.switchTo().activeElement(), "the focus moves to the document's download");
    }

    @Test
    void aProgramIsRefusedWithSupervisionsProblemAndNothingIsListed() throws Exception {
        open("documents-refused", "supervisor");
        Path program = Files.createTempFile("setup-", ".pdf");
        Files.write(program, new byte[] {'M', 'Z', (byte) 0x90, 0, 3, 0, 0, 0});
        driver.findElement(By.id("document-file")).sendKeys(program.toString());
        driver.findElement(By.id("document-upload")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("documents-message"), "不支持的文件类型"));
        WebElement message = driver.findElement(By.id("documents-message"));
        assertTrue(message.getText().contains("可执行程序"), "supervision's detail is shown: " + message.getText());
        assertEquals("alert", message.getAttribute("role"));
        assertEquals(2, driver.findElements(By.cssSelector("#documents tr[data-document-id]")).size(), "only the two seeded documents");
        assertTrue(CaseDocumentStandIns.REQUESTS.stream().anyMatch(r -> r.startsWith("POST") && r.contains("by documents-refused")));
    }

    @Test
    void aCleanDocumentDownloadsByteForByteAndAnAuditorHasNoUploadForm() throws Exception {
        open("documents-auditor", "auditor");
        assertTrue(driver.findElements(By.id("document-form")).isEmpty(), "an auditor reads only");
        Path downloads = StaffSession.downloadsTo(driver, "case-documents");
        driver.findElement(By.id("document-download-" + CaseDocumentStandIns.CLEAN)).click();
        Optional<Path> saved = StaffSession.downloaded(downloads);
        assertTrue(saved.isPresent(), "no document was saved");
        assertEquals(CaseDocumentStandIns.CLEAN_NAME, saved.get().getFileName().toString());
        assertArrayEquals(CaseDocumentStandIns.CLEAN_BYTES, Files.readAllBytes(saved.get()), "the document through CaseDocumentProxy");
        assertTrue(CaseDocumentStandIns.REQUESTS.contains("GET /cases/" + CaseDocumentStandIns.CASE + "/documents/"
                + CaseDocumentStandIns.CLEAN + " type=null bytes=0 by documents-auditor"), CaseDocumentStandIns.REQUESTS.toString());
        StaffSession.screenshot(driver, "case-documents");
    }

    private void open(String subject, String role) {
        String origin = console.toString().replaceAll("/$", "");
        StaffSession.signIn(driver, origin, "{\"sub\":\"" + subject + "\",\"upn\":\"" + role + "\",\"groups\":[\"" + role + "\"],"
                + "\"unit\":\"341302-RSJ\",\"jurisdiction\":\"341302\"}");
        driver.get(origin + "/case.html?id=" + CaseDocumentStandIns.CASE);
        wait.until(d -> d.findElements(By.cssSelector("#documents tr[data-document-id]")).size() >= 2);
    }

    private static WebElement row(String documentId) {
        return driver.findElement(By.cssSelector("#documents tr[data-document-id='" + documentId + "']"));
    }
}
