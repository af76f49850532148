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
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ledger page's (台账督办) export and bulk urge in a real browser (Debian's chromium through chromium-driver) against
 * stand-ins of supervision (LedgerStandIns): 导出 CSV saves supervision's file — its Chinese name and headers, byte for
 * byte through the console's ExportProxy — and says the export's record number; 批量督办 on two selected cases shows
 * each one's outcome, the replied case refused with supervision's reason in Chinese. Skipped without chromium and
 * chromedriver, failed under ./petitions test.
 */
@QuarkusTest
@QuarkusTestResource(StubServices.class)
class LedgerBrowserTest {

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
        LedgerStandIns.reset();
        String origin = console.toString().replaceAll("/$", "");
        StaffSession.signIn(driver, origin, "{\"sub\":\"" + LedgerStandIns.SUBJECT + "\",\"upn\":\"supervisor\",\"groups\":[\"supervisor\"],"
                + "\"jurisdiction\":\"34\"}");
        driver.get(origin + "/ledger.html");
        wait.until(d -> rows().size() == 3);
    }

    @Test
    void theExportSavesSupervisionsCsvWithItsChineseHeaders() throws Exception {
        Path downloads = StaffSession.downloadsTo(driver, "ledger-export");
        // headless, a save dialog (showSaveFilePicker) could not be answered: the page's other way, the file gathered and
        // saved as a download, is taken
        ((JavascriptExecutor) driver).executeScript("window.showSaveFilePicker = undefined");
        driver.findElement(By.id("export-csv")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("actions-message"), "已导出（导出记录编号 42）"));

        Optional<Path> saved = StaffSession.downloaded(downloads);
        assertTrue(saved.isPresent(), "no file was saved; the page says: " + driver.findElement(By.id("actions-message")).getText());
        assertEquals(LedgerStandIns.FILE_NAME, saved.get().getFileName().toString(), "supervision's Chinese file name (filename*)");
        String csv = Files.readString(saved.get(), StandardCharsets.UTF_8);
        assertTrue(csv.startsWith("\uFEFF" + LedgerStandIns.HEADERS + "\r\n"), "BOM and the Chinese headers: " + csv.lines().findFirst().orElse(""));
        assertTrue(csv.contains(LedgerStandIns.TRACKING_1 + ",已受理办理中,"), csv);

        assertEquals(1, LedgerStandIns.EXPORTS.size(), "one export asked of supervision");
        assertTrue(LedgerStandIns.EXPORTS.get(0).contains("format=csv"), LedgerStandIns.EXPORTS.get(0));
        StaffSession.screenshot(driver, "ledger-export");
    }

    @Test
    void aBulkUrgeShowsEachCasesOutcome() {
        // nothing selected: said, nothing sent
        driver.findElement(By.id("bulk-urge")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("actions-message"), "请先在列表中勾选案件"));

        select(LedgerStandIns.TRACKING_1);
        select(LedgerStandIns.TRACKING_3);
        assertEquals("已选 2 件", driver.findElement(By.id("bulk-count")).getText());
        driver.findElement(By.id("bulk-urge")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("actions-message"), "请填写督办意见"));
        assertTrue(LedgerStandIns.URGES.isEmpty(), "no urge without its reason");

        driver.findElement(By.id("bulk-reason")).sendKeys("请于3日内办结并报告");
        driver.findElement(By.id("bulk-urge")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("actions-message"), "共 2 件：已办理 1 件，未办理 1 件"));
        List<WebElement> outcomes = wait.until(d -> {
            List<WebElement> found = d.findElements(By.cssSelector("#bulk-outcomes tbody tr"));
            return found.size() == 2 ? found : null;
        });
        assertEquals(List.of(LedgerStandIns.TRACKING_1, "已办理", "—"), cells(outcome(LedgerStandIns.CASE_1)));
        assertEquals(List.of(LedgerStandIns.TRACKING_3, "未办理", "当前状态不允许此操作"), cells(outcome(LedgerStandIns.CASE_3)));
        assertEquals("refused", outcome(LedgerStandIns.CASE_3).getAttribute("data-outcome"));
        assertEquals(2, outcomes.size());

        assertEquals(1, LedgerStandIns.URGES.size());
        String sent = LedgerStandIns.URGES.get(0);
        assertTrue(sent.contains(LedgerStandIns.CASE_1) && sent.contains(LedgerStandIns.CASE_3) && !sent.contains(LedgerStandIns.CASE_2)
                && sent.contains("请于3日内办结并报告"), sent);
        wait.until(d -> "已选 0 件".equals(d.findElement(By.id("bulk-count")).getText()));
        StaffSession.screenshot(driver, "ledger-bulk-urge");
    }

    private static List<WebElement> rows() {
        return driver.findElements(By.cssSelector("#cases tbody tr[data-petition-id]"));
    }

    private static void select(String tracking) {
        WebElement box = wait.until(d -> d.findElement(By.cssSelector("#cases tr[data-tracking='" + tracking + "'] input.select")));
        box.click();
        assertTrue(box.isSelected(), tracking + " selected");
    }

    private static WebElement outcome(String petitionId) {
        return driver.findElement(By.cssSelector("#bulk-outcomes tr[data-petition-id='" + petitionId + "']"));
    }

    private static List<String> cells(WebElement row) {
        return row.findElements(By.tagName("td")).stream().map(WebElement::getText).toList();
    }
}
