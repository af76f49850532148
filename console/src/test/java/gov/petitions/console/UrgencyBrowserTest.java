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
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.net.URL;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Urgency (紧急程度, issue 21) as a supervisor meets it in a real browser (Debian's chromium through chromium-driver),
 * against stand-ins of supervision (LedgerStandIns, UrgencyStandIns): the ledger shows each case's level, filters by it
 * and sorts by it, the filter and the sort reaching supervision as the query; on a case's page the supervisor sets the
 * level with a reason, the handling deadline shown is the new level's, the level is shown as the supervisor's; no
 * reason asks for one and sends nothing; a level supervision refuses shows its problem. Skipped without chromium and
 * chromedriver, failed under ./petitions test.
 */
@QuarkusTest
@QuarkusTestResource(StubServices.class)
class UrgencyBrowserTest {

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
        UrgencyStandIns.reset();
        StaffSession.signIn(driver, origin(), "{\"sub\":\"urgency-supervisor\",\"upn\":\"supervisor\",\"groups\":[\"supervisor\"],"
                + "\"jurisdiction\":\"34\"}");
    }

    @Test
    void theLedgerShowsFiltersAndSortsByUrgency() {
        driver.get(origin() + "/ledger.html");
        wait.until(d -> rows().size() == 3);
        assertEquals("特急", urgencyOf(LedgerStandIns.TRACKING_1));
        assertEquals("一般", urgencyOf(LedgerStandIns.TRACKING_2));
        assertEquals("急", urgencyOf(LedgerStandIns.TRACKING_3));
        assertTrue(LedgerStandIns.QUERIES.get(0).contains("sort=time-left"), "least time left first by default: "
                + LedgerStandIns.QUERIES.get(0));

        new Select(driver.findElement(By.id("urgency"))).selectByVisibleText("特急");
        new Select(driver.findElement(By.id("sort"))).selectByValue("urgency");
        driver.findElement(By.id("apply")).click();
        wait.until(d -> rows().size() == 1);
        assertEquals(LedgerStandIns.TRACKING_1, rows().get(0).getAttribute("data-tracking"));
        assertEquals("特急", urgencyOf(LedgerStandIns.TRACKING_1));
        String query = LedgerStandIns.QUERIES.get(LedgerStandIns.QUERIES.size() - 1);
        assertTrue(query.contains("urgency=URGENT_SPECIAL") && query.contains("sort=urgency"), query);
        StaffSession.screenshot(driver, "ledger-urgency-filter");
    }

    @Test
    void aSupervisorSetsTheUrgencyWithAReasonAndTheDeadlineFollows() {
        driver.get(origin() + "/case.html?id=" + UrgencyStandIns.CASE);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("urgency"), "一般（按类别）"));
        assertTrue(fact("办理期限").contains("2027/02/02"), "60 days from acceptance: " + fact("办理期限"));

        // no reason: asked for, nothing sent
        new Select(wait.until(d -> d.findElement(By.id("urgency-level")))).selectByVisibleText("特急");
        driver.findElement(By.id("do-urgency")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("leader-message"), "请填写理由"));
        assertTrue(UrgencyStandIns.CHANGES.isEmpty(), "nothing sent without a reason: " + UrgencyStandIns.CHANGES);

        driver.findElement(By.id("urgency-reason")).sendKeys("涉及30名农民工春节前工资");
        driver.findElement(By.id("do-urgency")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("leader-message"), "紧急程度：已定为特急"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("urgency"), "特急（督办员确定）"));
        assertTrue(fact("办理期限").contains("2026/12/19"), "15 days from acceptance: " + fact("办理期限"));
        assertEquals(1, UrgencyStandIns.CHANGES.size());
        String sent = UrgencyStandIns.CHANGES.get(0);
        assertTrue(sent.contains("\"urgency\":\"URGENT_SPECIAL\"") && sent.contains("涉及30名农民工春节前工资"), sent);
        StaffSession.screenshot(driver, "case-urgency-set");

        // a level supervision does not know (a tampered page): its problem is shown, the level stays
        WebElement level = wait.until(d -> d.findElement(By.id("urgency-level")));
        ((JavascriptExecutor) driver).executeScript(
                "const o = document.createElement('option'); o.value = 'EXTREME'; o.text = '极急'; arguments[0].append(o); arguments[0].value = 'EXTREME';",
                level);
        driver.findElement(By.id("urgency-reason")).sendKeys("试一试");
        driver.findElement(By.id("do-urgency")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("leader-message"), "urgency: must be one of"));
        assertEquals("notice bad", driver.findElement(By.id("leader-message")).getAttribute("class"));
        assertTrue(driver.findElement(By.id("urgency")).getText().contains("特急"));
    }

    private String origin() {
        return console.toString().replaceAll("/$", "");
    }

    private static List<WebElement> rows() {
        return driver.findElements(By.cssSelector("#cases tbody tr[data-petition-id]"));
    }

    private static String urgencyOf(String tracking) {
        return driver.findElement(By.cssSelector("#cases tr[data-tracking='" + tracking + "'] td[data-label='紧急程度']")).getText();
    }

    /** The value beside a label in the case's facts. */
    private static String fact(String label) {
        return (String) ((JavascriptExecutor) driver).executeScript(
                "const dt = [...document.querySelectorAll('#facts dt')].find(d => d.textContent === arguments[0]);"
                        + " return dt ? dt.nextElementSibling.textContent : '';", label);
    }
}
