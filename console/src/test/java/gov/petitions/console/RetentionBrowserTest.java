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
import org.openqa.selenium.support.ui.WebDriverWait;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * 档案与保管期限 (retention and archiving, issue 22) in a real browser against a stand-in of supervision
 * (RetentionStandIns): an admin's dry run shows its progress while it runs and then the cases it would archive; a real
 * run asks first, naming the removal of personal data in every service, and starts nothing without the confirmation;
 * an auditor reads the runs and downloads an archived case's zip byte for byte but has no start buttons; a supervisor
 * gets the console's forbidden view and the page asks supervision nothing. Skipped without chromium and chromedriver,
 * failed under ./petitions test.
 */
@QuarkusTest
@QuarkusTestResource(StubServices.class)
class RetentionBrowserTest {

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
        RetentionStandIns.reset();
    }

    @Test
    void anAdminsDryRunShowsItsProgressAndThenTheCasesItWouldArchive() {
        signIn("retention-admin", "admin");
        wait.until(d -> d.findElements(By.cssSelector("#runs tr[data-run-id]")).size() == 1);

        driver.findElement(By.id("retention-dry-run")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("retention-message"), "预演已开始"));
        List<String> started = RetentionStandIns.requestsOf("retention-admin").stream().filter(r -> r.startsWith("POST")).toList();
        assertEquals(1, started.size(), started.toString());
        assertTrue(started.get(0).contains("\"dryRun\":true"), started.get(0));

        // while it runs: the progress refreshes by itself
        wait.until(d -> "running".equals(d.findElement(By.id("retention-run")).getAttribute("data-state"))
                && d.findElement(By.id("run-counts")).getText().contains("将归档 1 件"));
        assertTrue(driver.findElement(By.id("run-state")).getText().contains("进行中"));
        assertEquals("1", driver.findElement(By.id("run-progress")).getAttribute("value"));
        assertEquals("3", driver.findElement(By.id("run-progress")).getAttribute("max"));

        wait.until(d -> "finished".equals(d.findElement(By.id("retention-run")).getAttribute("data-state")));
        assertEquals("共 3 件：将归档 3 件，失败 0 件，跳过 0 件", driver.findElement(By.id("run-counts")).getText());
        List<WebElement> rows = driver.findElements(By.cssSelector("#run-items-table tbody tr[data-petition-id]"));
        assertEquals(List.of("XF20161201000201", "XF20161202000202", "XF20161203000203"),
                rows.stream().map(r -> r.getAttribute("data-tracking")).toList());
        for (WebElement row : rows) {
            assertTrue(row.getText().contains("将归档"), row.getText());
            assertTrue(row.findElements(By.tagName("button")).isEmpty(), "a dry run archived nothing to download");
        }
        // the list says the run has finished too
        wait.until(d -> d.findElements(By.cssSelector("#runs tr[data-run-id]")).size() == 2
                && d.findElements(By.cssSelector("#runs tr[data-run-id]")).get(0).getText().contains("已完成"));
        StaffSession.screenshot(driver, "retention-dry-run");
    }

    @Test
    void aRealRunAsksFirstNamingTheRemovalOfPersonalDataEverywhere() {
        signIn("retention-admin-2", "admin");
        wait.until(d -> d.findElements(By.cssSelector("#runs tr[data-run-id]")).size() == 1);
        driver.findElement(By.id("retention-start")).click();
        WebElement dialog = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("retention-confirm")));
        String said = dialog.getText();
        assertTrue(said.contains("在各服务") && said.contains("删除该件信访人的个人信息") && said.contains("不可恢复"), said);

        driver.findElement(By.id("retention-confirm-start")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("retention-dialog-message"), "请先勾选确认"));
        driver.findElement(By.id("retention-confirm-cancel")).click();
        assertFalse(dialog.isDisplayed());
        assertTrue(RetentionStandIns.requestsOf("retention-admin-2").stream().noneMatch(r -> r.startsWith("POST")), "nothing started");

        driver.findElement(By.id("retention-start")).click();
        driver.findElement(By.id("retention-understood")).click();
        driver.findElement(By.id("retention-confirm-start")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("retention-message"), "正式归档已开始"));
        List<String> started = RetentionStandIns.requestsOf("retention-admin-2").stream().filter(r -> r.startsWith("POST")).toList();
        assertEquals(1, started.size(), started.toString());
        assertTrue(started.get(0).contains("\"dryRun\":false"), started.get(0));
        wait.until(d -> "finished".equals(d.findElement(By.id("retention-run")).getAttribute("data-state")));
        assertEquals(3, driver.findElements(By.cssSelector("#run-items-table tr[data-state='ARCHIVED']")).size());
    }

    @Test
    void anAuditorReadsTheRunsAndDownloadsAnArchiveButCannotStartARun() throws Exception {
        signIn("retention-auditor", "auditor");
        wait.until(d -> d.findElements(By.cssSelector("#runs tr[data-run-id]")).size() == 1);
        assertTrue(driver.findElements(By.id("retention-dry-run")).isEmpty(), "no dry-run button for an auditor");
        assertTrue(driver.findElements(By.id("retention-start")).isEmpty(), "no start button for an auditor");
        assertTrue(driver.findElements(By.id("retention-controls")).isEmpty());
        assertFalse(driver.findElements(By.cssSelector("nav a[href='/retention.html']")).isEmpty(), "the page is in the auditor's menu");

        driver.findElement(By.id("run-" + RetentionStandIns.SEEDED)).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("run-counts"), "共 2 件：已归档 1 件，失败 1 件"));
        WebElement failed = driver.findElement(By.cssSelector("#run-items-table tr[data-state='FAILED']"));
        assertTrue(failed.getText().contains("失败") && failed.getText().contains("notification did not confirm the removal"), failed.getText());
        assertTrue(failed.findElements(By.tagName("button")).isEmpty(), "a failed case has no archive");

        driver.findElement(By.id("manifest-" + RetentionStandIns.ARCHIVED)).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("manifest"), "materials/scan-1.pdf"));

        Path downloads = StaffSession.downloadsTo(driver, "retention-archive");
        driver.findElement(By.id("download-" + RetentionStandIns.ARCHIVED)).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("archive-message"), "已下载 XF20161104000101 的档案"));
        assertTrue(driver.findElement(By.id("archive-message")).getText().contains("SHA-256 " + RetentionStandIns.SHA256),
                "supervision's digest of the archive is shown for checking");
        Optional<Path> saved = StaffSession.downloaded(downloads);
        assertTrue(saved.isPresent(), "no archive was saved");
        assertEquals(RetentionStandIns.FILE_NAME, saved.get().getFileName().toString());
        assertArrayEquals(RetentionStandIns.ZIP, Files.readAllBytes(saved.get()), "the zip byte for byte through ArchiveProxy");
        assertTrue(RetentionStandIns.requestsOf("retention-auditor").contains("GET /archives/" + RetentionStandIns.ARCHIVED + " by retention-auditor"));
        assertTrue(RetentionStandIns.requestsOf("retention-auditor").stream().noneMatch(r -> r.startsWith("POST")));
        StaffSession.screenshot(driver, "retention-auditor");
    }

    @Test
    void anotherRoleGetsTheForbiddenViewAndThePageAsksNothing() {
        signIn("retention-supervisor", "supervisor");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("main .notice.warn"), "您当前的角色无权访问"));
        assertTrue(driver.findElement(By.cssSelector("main .notice.warn")).getText().contains("管理员、审计"));
        assertTrue(driver.findElements(By.id("retention-runs")).isEmpty());
        assertTrue(driver.findElements(By.cssSelector("nav a[href='/retention.html']")).isEmpty(), "not in a supervisor's menu");
        assertTrue(RetentionStandIns.requestsOf("retention-supervisor").isEmpty(), RetentionStandIns.REQUESTS.toString());
    }

    @Test
    void anIntactArchiveIsVerifiedAsIntact() throws Exception {
        signIn("verify-auditor", "auditor");
        wait.until(d -> d.findElements(By.cssSelector("#runs tr[data-run-id]")).size() == 1);
        Path zip = Files.createTempFile("archive-", ".zip");
        Files.write(zip, RetentionStandIns.ZIP);
        driver.findElement(By.id("verify-file")).sendKeys(zip.toString());
        driver.findElement(By.id("verify-submit")).sendKeys(Keys.ENTER);
        WebElement verdict = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("verify-verdict")));
        assertEquals("true", verdict.getAttribute("data-verified"));
        assertTrue(verdict.getText().startsWith("完好") && verdict.getText().contains("2 个文件与清单一致"), verdict.getText());
        List<WebElement> entries = driver.findElements(By.cssSelector("#verify-entries tr[data-entry]"));
        assertEquals(List.of("case.json", "materials/scan-1.pdf"), entries.stream().map(e -> e.getAttribute("data-entry")).toList());
        assertTrue(entries.stream().allMatch(e -> e.getText().contains("一致")));
        assertTrue(driver.findElement(By.id("verify-facts")).getText().contains(RetentionStandIns.ARCHIVED_TRACKING));
        assertEquals(List.of("POST /archives/verification application/zip " + RetentionStandIns.ZIP.length + " bytes by verify-auditor"),
                RetentionStandIns.requestsOf("verify-auditor").stream().filter(r -> r.startsWith("POST")).toList(),
                "the zip went to supervision whole, as application/zip");
    }

    @Test
    void aTamperedArchiveNamesTheEntryThatWasChanged() throws Exception {
        signIn("verify-admin", "admin");
        wait.until(d -> d.findElements(By.cssSelector("#runs tr[data-run-id]")).size() == 1);
        driver.findElement(By.id("verify-submit")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("verify-message"), "请先选择档案包"));
        assertTrue(RetentionStandIns.requestsOf("verify-admin").stream().noneMatch(r -> r.contains("verification")), "nothing sent");

        Path zip = Files.createTempFile("archive-changed-", ".zip");
        Files.write(zip, ("PK\u0003\u0004" + RetentionStandIns.TAMPERED_MARK).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        driver.findElement(By.id("verify-file")).sendKeys(zip.toString());
        driver.findElement(By.id("verify-submit")).click();
        WebElement verdict = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("verify-verdict")));
        assertEquals("false", verdict.getAttribute("data-verified"));
        assertEquals("alert", verdict.getAttribute("role"));
        assertTrue(verdict.getText().startsWith("已被改动") && verdict.getText().contains("materials/scan-1.pdf")
                && verdict.getText().contains("SHA-256 与清单不符"), verdict.getText());
        assertTrue(!verdict.getText().contains("case.json"), "only what differs is named in the verdict: " + verdict.getText());
        WebElement changed = driver.findElement(By.cssSelector("#verify-entries tr[data-entry='materials/scan-1.pdf']"));
        assertEquals("MISMATCH", changed.getAttribute("data-status"));
        assertTrue(changed.getText().contains(RetentionStandIns.SCAN_SHA) && changed.getText().contains(RetentionStandIns.CHANGED_SHA),
                "both digests shown: " + changed.getText());
        StaffSession.screenshot(driver, "retention-verify-tampered");
    }

    private void signIn(String subject, String role) {
        String origin = console.toString().replaceAll("/$", "");
        StaffSession.signIn(driver, origin, "{\"sub\":\"" + subject + "\",\"upn\":\"" + role + "\",\"groups\":[\"" + role + "\"],"
                + "\"jurisdiction\":\"34\"}");
        driver.get(origin + "/retention.html");
    }
}
