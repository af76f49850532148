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
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * 同一事项归并 from the ledger (台账督办, issue 21) in a real browser against a stand-in of supervision
 * (LedgerLinkStandIns): three ticked cases are linked into one matter with the earliest registered as the lead by
 * default, each case's outcome is shown and the list marks the members with the lead's tracking number; a 409 from
 * supervision (all or none) is shown with its title and detail and nothing in the list changes. Skipped without chromium
 * and chromedriver, failed under ./petitions test.
 */
@QuarkusTest
@QuarkusTestResource(StubServices.class)
class LedgerLinkBrowserTest {

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
        LedgerLinkStandIns.reset();
        String origin = console.toString().replaceAll("/$", "");
        StaffSession.signIn(driver, origin, "{\"sub\":\"" + LedgerLinkStandIns.SUBJECT + "\",\"upn\":\"supervisor\","
                + "\"groups\":[\"supervisor\"],\"jurisdiction\":\"3413\"}");
        driver.get(origin + "/ledger.html");
        wait.until(d -> d.findElements(By.cssSelector("#cases tbody tr[data-petition-id] input.select")).size() == 4);
    }

    @Test
    void threeTickedCasesAreLinkedUnderTheEarliestAndTheListShowsTheMatter() {
        // one ticked case is not a matter: said, nothing sent
        select(LedgerLinkStandIns.FIRST);
        driver.findElement(By.id("link-open")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("link-message"), "请在列表中勾选至少 2 件"));

        select(LedgerLinkStandIns.SECOND);
        select(LedgerLinkStandIns.EARLIEST);
        driver.findElement(By.id("link-open")).click();
        WebElement dialog = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("link-dialog")));
        // the earliest registered is the lead by default, though it is the third row of the list
        WebElement defaultLead = driver.findElement(By.id("link-lead-" + LedgerLinkStandIns.EARLIEST));
        assertTrue(defaultLead.isSelected(), "the earliest registered is the default lead");
        assertEquals(defaultLead, driver.switchTo().activeElement(), "the dialog opens on the lead's choice, for the keyboard");
        assertEquals(3, dialog.findElements(By.cssSelector("input[name=lead]")).size());

        // without a reason: asked for, nothing sent
        driver.findElement(By.id("link-confirm")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("link-dialog-message"), "请填写归并理由"));
        assertTrue(LedgerLinkStandIns.REQUESTS.isEmpty(), LedgerLinkStandIns.REQUESTS.toString());

        // by keyboard: the reason typed, then Enter on the confirm button
        WebElement reason = driver.findElement(By.id("link-matter-reason"));
        reason.sendKeys("同一用工单位拖欠工资");
        driver.findElement(By.id("link-confirm")).sendKeys(Keys.ENTER);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("link-message"),
                "已归并为同一事项：主件 XF20261202000503，本次并入 2 件"));
        assertEquals("notice ok", driver.findElement(By.id("link-message")).getAttribute("class"));
        assertFalse(dialog.isDisplayed(), "the dialog is closed");

        assertEquals(1, LedgerLinkStandIns.REQUESTS.size());
        String sent = LedgerLinkStandIns.REQUESTS.get(0);
        assertTrue(sent.startsWith("POST /cases/" + LedgerLinkStandIns.EARLIEST + "/linked-cases "), sent);
        assertTrue(sent.contains(LedgerLinkStandIns.FIRST) && sent.contains(LedgerLinkStandIns.SECOND)
                && sent.contains("同一用工单位拖欠工资"), sent);
        assertFalse(sent.contains("\"" + LedgerLinkStandIns.EARLIEST + "\""), "the lead is not among its members: " + sent);

        assertEquals(List.of("XF20261203000501", "并件", "已并入主件 XF20261202000503"), cells(outcome(LedgerLinkStandIns.FIRST)));
        assertEquals(List.of("XF20261204000502", "并件", "已并入主件 XF20261202000503"), cells(outcome(LedgerLinkStandIns.SECOND)));
        assertEquals(List.of("XF20261202000503", "主件", "已作为主件"), cells(outcome(LedgerLinkStandIns.EARLIEST)));

        // the list drawn again: the members carry the lead's tracking number, the lead its count; the fourth nothing
        wait.until(d -> "XF20261202000503".equals(matterBadge(LedgerLinkStandIns.FIRST)));
        wait.until(d -> "XF20261202000503".equals(matterBadge(LedgerLinkStandIns.SECOND)));
        wait.until(d -> "XF20261202000503".equals(matterBadge(LedgerLinkStandIns.EARLIEST)));
        assertTrue(row(LedgerLinkStandIns.FIRST).getText().contains("并件 · 主件 XF20261202000503"), row(LedgerLinkStandIns.FIRST).getText());
        assertTrue(row(LedgerLinkStandIns.EARLIEST).getText().contains("主件 · 并 2 件"), row(LedgerLinkStandIns.EARLIEST).getText());
        assertNull(matterBadge(LedgerLinkStandIns.RECUSED));
        assertEquals("已选 0 件", driver.findElement(By.id("bulk-count")).getText());
        StaffSession.screenshot(driver, "ledger-linked-matter");
    }

    @Test
    void aRefusalIsShownWithSupervisionsProblemAndNothingChanges() {
        select(LedgerLinkStandIns.FIRST);
        select(LedgerLinkStandIns.RECUSED);
        driver.findElement(By.id("link-open")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("link-dialog")));
        assertTrue(driver.findElement(By.id("link-lead-" + LedgerLinkStandIns.FIRST)).isSelected(), "the earlier registered leads");
        driver.findElement(By.id("link-matter-reason")).sendKeys("同一工地");
        driver.findElement(By.id("link-confirm")).click();

        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("link-message"), "The cases cannot be one matter (回避)"));
        String shown = driver.findElement(By.id("link-message")).getText();
        assertTrue(shown.contains("Case XF20261205000504 accuses the unit that holds case XF20261203000501"), shown);
        assertTrue(shown.contains("本次没有归并任何案件"), shown);
        assertEquals("notice bad", driver.findElement(By.id("link-message")).getAttribute("class"));
        assertEquals(List.of("XF20261203000501", "主件", "未归并"), cells(outcome(LedgerLinkStandIns.FIRST)));
        assertEquals(List.of("XF20261205000504", "并件", "未归并"), cells(outcome(LedgerLinkStandIns.RECUSED)));

        assertEquals(1, LedgerLinkStandIns.REQUESTS.size());
        assertTrue(LedgerLinkStandIns.LEAD_OF.isEmpty(), "supervision linked nothing");
        // nothing changed in the list: no matter marked, the selection kept for correcting
        for (String[] c : LedgerLinkStandIns.CASES) {
            assertNull(matterBadge(c[0]), c[1]);
        }
        assertEquals("已选 2 件", driver.findElement(By.id("bulk-count")).getText());
        assertTrue(driver.findElement(By.cssSelector("tr[data-petition-id='" + LedgerLinkStandIns.RECUSED + "'] input.select")).isSelected());
    }

    private static void select(String id) {
        WebElement box = wait.until(d -> d.findElement(By.cssSelector("#cases tr[data-petition-id='" + id + "'] input.select")));
        box.click();
        assertTrue(box.isSelected(), id + " selected");
    }

    private static WebElement row(String id) {
        return driver.findElement(By.cssSelector("#cases tr[data-petition-id='" + id + "']"));
    }

    /** The lead's tracking number on the row's matter badge, or null without one. */
    private static String matterBadge(String id) {
        List<WebElement> found = driver.findElements(By.cssSelector("#cases tr[data-petition-id='" + id + "'] .badge.matter"));
        return found.isEmpty() ? null : found.get(0).getAttribute("data-lead");
    }

    private static WebElement outcome(String id) {
        return wait.until(d -> d.findElement(By.cssSelector("#link-outcomes tr[data-petition-id='" + id + "']")));
    }

    private static List<String> cells(WebElement row) {
        return row.findElements(By.tagName("td")).stream().map(WebElement::getText).toList();
    }
}
