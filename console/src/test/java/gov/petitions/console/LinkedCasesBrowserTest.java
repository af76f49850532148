package gov.petitions.console;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.net.URL;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One matter, many petitioners (同一事项归并, issue 21) as a supervisor meets it on a case's page in a real browser, against
 * a stand-in of supervision (LinkStandIns): the candidates supervision suggests are listed; nothing is sent without a
 * choice or a reason; linking two shows the matter (lead, members, batches and person-times) as supervision answers it;
 * a candidate that accuses the lead's unit is refused with supervision's problem; a member is split off with a reason
 * sent in the DELETE's body through the console. Skipped without chromium and chromedriver, failed under ./petitions test.
 */
@QuarkusTest
@QuarkusTestResource(StubServices.class)
class LinkedCasesBrowserTest {

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
        LinkStandIns.reset();
        StaffSession.signIn(driver, origin(), "{\"sub\":\"link-supervisor\",\"upn\":\"supervisor\",\"groups\":[\"supervisor\"],"
                + "\"jurisdiction\":\"3413\"}");
    }

    @Test
    void aSupervisorLinksTheSuggestedCasesOfOneMatterAndSplitsOneOff() {
        driver.get(origin() + "/case.html?id=" + LinkStandIns.LEAD);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("matter-summary"), "本件未与其他案件归并"));
        wait.until(d -> candidates().size() == 3);
        // each suggestion says how alike its text is, when supervision knows
        assertTrue(driver.findElement(By.id("link-candidates")).getText().contains("文本相似度 67%"),
                driver.findElement(By.id("link-candidates")).getText());

        // nothing chosen, then no reason: asked for, nothing sent
        driver.findElement(By.id("do-link")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("matter-message"), "请选择要归并的案件"));
        driver.findElement(By.id("link-" + LinkStandIns.FIRST)).click();
        driver.findElement(By.id("link-" + LinkStandIns.SECOND)).click();
        driver.findElement(By.id("do-link")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("matter-message"), "请填写归并理由"));
        assertTrue(LinkStandIns.REQUESTS.isEmpty(), "nothing sent: " + LinkStandIns.REQUESTS);

        driver.findElement(By.id("link-reason")).sendKeys("同一用工单位拖欠工资");
        driver.findElement(By.id("do-link")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("matter-message"), "已归并 2 件"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("matter-summary"), "共 3 批次、7 人次"));
        assertEquals(List.of("XF20261205000401", "XF20261205000402", "XF20261205000403"), matterRows());
        String sent = LinkStandIns.REQUESTS.get(0);
        assertTrue(sent.contains(LinkStandIns.FIRST) && sent.contains(LinkStandIns.SECOND) && sent.contains("同一用工单位拖欠工资"), sent);
        wait.until(d -> candidates().size() == 1);
        StaffSession.screenshot(driver, "case-linked-matter");

        // the remaining candidate accuses the lead's unit: supervision refuses, the page says why, the matter stays
        driver.findElement(By.id("link-" + LinkStandIns.RECUSED)).click();
        driver.findElement(By.id("link-reason")).sendKeys("也是同一工地");
        driver.findElement(By.id("do-link")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("matter-message"), "accuses the unit"));
        assertEquals("notice bad", driver.findElement(By.id("matter-message")).getAttribute("class"));
        assertEquals(3, matterRows().size());

        // split: without a reason nothing is sent; with one, the DELETE carries it through the console
        int sentBefore = LinkStandIns.REQUESTS.size();
        driver.findElement(By.id("do-split-" + LinkStandIns.SECOND)).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("matter-message"), "请填写拆分理由"));
        assertEquals(sentBefore, LinkStandIns.REQUESTS.size());
        driver.findElement(By.id("split-reason")).sendKeys("另一工地，非同一事项");
        driver.findElement(By.id("do-split-" + LinkStandIns.SECOND)).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("matter-message"), "已拆分 XF20261205000403"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("matter-summary"), "共 2 批次、5 人次"));
        assertEquals(List.of("XF20261205000401", "XF20261205000402"), matterRows());
        String split = LinkStandIns.REQUESTS.get(LinkStandIns.REQUESTS.size() - 1);
        assertTrue(split.startsWith("DELETE /cases/" + LinkStandIns.LEAD + "/linked-cases/" + LinkStandIns.SECOND)
                && split.contains("另一工地，非同一事项"), split);
    }

    private String origin() {
        return console.toString().replaceAll("/$", "");
    }

    private static List<WebElement> candidates() {
        return driver.findElements(By.cssSelector("#link-candidates input[type=checkbox]"));
    }

    private static List<String> matterRows() {
        return driver.findElements(By.cssSelector("#matter-cases tbody tr")).stream()
                .map(r -> r.getAttribute("data-tracking")).toList();
    }
}
