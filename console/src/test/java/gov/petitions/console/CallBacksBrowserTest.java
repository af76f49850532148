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
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.net.URL;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue #21: the call-back (回访) page in a real browser (Debian's chromium through chromium-driver) against a stand-in of
 * supervision's call-back queue (PageStandIns): a supervisor sees the replies to call back, least time left first,
 * records that one petitioner was reached, satisfied and the matter resolved — told the case is closed, and the case
 * leaves the list for the done one — and that the other was not reached — told when the next call is due, the case
 * staying with one more try; a call that reached the petitioner without both answers is not sent. Skipped without
 * chromium and chromedriver, failed under ./petitions test.
 */
@QuarkusTest
@QuarkusTestResource(StubServices.class)
class CallBacksBrowserTest {

    private static final HeadlessChromium.Session BROWSER = new HeadlessChromium.Session("1280,1200");
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
    void aCallBackIsRecordedAndTheListFollows() {
        String origin = console.toString().replaceAll("/$", "");
        StaffSession.signIn(driver, origin, "{\"sub\":\"supervisor-1\",\"upn\":\"supervisor\",\"groups\":[\"supervisor\"],\"jurisdiction\":\"34\"}");
        driver.get(origin + "/call-backs.html");
        wait.until(d -> rows().size() == 2);
        assertEquals(List.of(PageStandIns.TRACKING_A, PageStandIns.TRACKING_B), trackingNumbers(), "least time left first");
        assertEquals("劳动工资", cell(row(PageStandIns.TRACKING_A), "类别"), "the category by its name");
        assertEquals("0", cell(row(PageStandIns.TRACKING_A), "已回访次数"));

        // reached, but without the two answers: said on the page, nothing sent
        row(PageStandIns.TRACKING_A).findElement(By.className("record")).click();
        WebElement form = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("call-form")));
        assertTrue(text("call-case").startsWith(PageStandIns.TRACKING_A), text("call-case"));
        form.findElement(By.cssSelector("button[type=submit]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("call-message"), "请选择满意程度"));
        assertTrue(text("call-message").contains("请选择问题是否实际解决"), text("call-message"));
        assertTrue(PageStandIns.CALL_BACKS.isEmpty(), "nothing sent while the record is incomplete");

        // reached, satisfied, resolved: closed, and the case leaves the due list
        new Select(driver.findElement(By.id("satisfaction"))).selectByValue("SATISFIED");
        form.findElement(By.cssSelector("input[name=resolved][value=true]")).click();
        driver.findElement(By.id("comment")).sendKeys("工资已全部结清");
        form.findElement(By.cssSelector("button[type=submit]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("message"),
                PageStandIns.TRACKING_A + "：满意且已解决，回访完成（案件状态：已评价）"));
        assertFalse(driver.findElement(By.id("call-form")).isDisplayed(), "the form closes");
        wait.until(d -> rows().size() == 1);
        assertEquals(List.of(PageStandIns.TRACKING_B), trackingNumbers());
        assertEquals(1, PageStandIns.CALL_BACKS.size());
        String sent = PageStandIns.CALL_BACKS.get(0);
        assertTrue(sent.startsWith(PageStandIns.CASE_A + " ") && sent.contains("\"reached\":true") && sent.contains("\"satisfaction\":\"SATISFIED\"")
                && sent.contains("\"resolved\":true") && sent.contains("\"comment\":\"工资已全部结清\""), sent);
        StaffSession.screenshot(driver, "call-backs-recorded");

        // not reached: tried again later, still due, one try more
        row(PageStandIns.TRACKING_B).findElement(By.className("record")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("call-form")));
        form.findElement(By.cssSelector("input[name=reached][value=false]")).click();
        assertFalse(driver.findElement(By.id("reached-fields")).isDisplayed(), "no satisfaction to ask of a call not answered");
        form.findElement(By.cssSelector("button[type=submit]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("message"), PageStandIns.TRACKING_B + "：未接通，已安排再次回访"));
        assertTrue(text("message").contains("下次回访："), text("message"));
        wait.until(d -> "1".equals(cell(row(PageStandIns.TRACKING_B), "已回访次数")));
        assertEquals(List.of(PageStandIns.TRACKING_B), trackingNumbers());
        assertTrue(PageStandIns.CALL_BACKS.get(1).startsWith(PageStandIns.CASE_B + " ") && PageStandIns.CALL_BACKS.get(1).contains("\"reached\":false")
                && !PageStandIns.CALL_BACKS.get(1).contains("satisfaction"), PageStandIns.CALL_BACKS.get(1));

        // the closed one is among those done, without a button to call again
        driver.findElement(By.cssSelector("button[data-state=done]")).click();
        wait.until(d -> trackingNumbers().equals(List.of(PageStandIns.TRACKING_A)));
        assertEquals("已评价", cell(row(PageStandIns.TRACKING_A), "状态"));
        assertTrue(row(PageStandIns.TRACKING_A).findElements(By.className("record")).isEmpty());
    }

    private static List<WebElement> rows() {
        return driver.findElements(By.cssSelector("#call-backs tbody tr[data-petition-id]"));
    }

    private static List<String> trackingNumbers() {
        return rows().stream().map(r -> r.findElement(By.tagName("a")).getText()).toList();
    }

    private static WebElement row(String tracking) {
        return rows().stream().filter(r -> r.findElement(By.tagName("a")).getText().equals(tracking)).findFirst()
                .orElseThrow(() -> new AssertionError("no row " + tracking + " in " + trackingNumbers()));
    }

    private static String cell(WebElement row, String label) {
        return row.findElement(By.cssSelector("td[data-label='" + label + "']")).getText();
    }

    private static String text(String id) {
        return driver.findElement(By.id(id)).getText();
    }
}
