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
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * 信访件检索 with intake's unit, state and accused-unit filters (issue 22) in a real browser (Debian's chromium through
 * chromium-driver), against a stand-in of intake's search (SearchStandIns) reached through the console's proxy: the
 * state is picked by its Chinese name (不限 sends none), the unit codes are checked as typed and a malformed one sends
 * nothing, only the filters that are set reach intake, and the words may be left out; each hit shows the case's state
 * and the unit now responsible, "—" for a petition whose events search has not heard yet; a state intake refuses shows
 * its problem. The proxy passes repeated and comma-separated states as they were sent. Skipped without chromium and
 * chromedriver, failed under ./petitions test.
 */
@QuarkusTest
@QuarkusTestResource(StubServices.class)
class SearchBrowserTest {

    private static final HeadlessChromium.Session BROWSER = new HeadlessChromium.Session("1280,1600");
    private static final String CLAIMS = "{\"sub\":\"" + SearchStandIns.CLERK + "\",\"upn\":\"clerk\",\"groups\":[\"clerk\"],"
            + "\"jurisdiction\":\"3413\"}";
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
    void reset() {
        SearchStandIns.reset();
    }

    @Test
    void theFiltersReachIntakeAndEachHitShowsItsStateAndUnit() {
        BROWSER.assumeAvailable();
        StaffSession.signIn(driver, origin(), CLAIMS);
        driver.get(origin() + "/search.html");
        Select state = new Select(wait.until(d -> d.findElement(By.id("state"))));
        wait.until(d -> state.getOptions().size() == 15);
        assertEquals("不限", state.getFirstSelectedOption().getText());
        assertEquals("", state.getFirstSelectedOption().getAttribute("value"));

        // nothing to search for: nothing sent
        driver.findElement(By.id("go")).click();
        // a unit code that is not one: said under the field, nothing sent
        WebElement unit = driver.findElement(By.id("unit"));
        unit.sendKeys("341302 RSJ");
        driver.findElement(By.id("go")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("unit-error"), "如 341302-RSJ"));
        assertEquals("true", unit.getAttribute("aria-invalid"));
        assertTrue(SearchStandIns.QUERIES.isEmpty(), "nothing sent: " + SearchStandIns.QUERIES);

        // no words, a state and the unit (typed in lower case): exactly those reach intake
        unit.clear();
        unit.sendKeys("341302-rsj");
        state.selectByVisibleText("已受理办理中");
        driver.findElement(By.id("go")).click();
        wait.until(d -> hits().size() == 1 && SearchStandIns.TRACKING_ACCEPTED.equals(hits().get(0).getAttribute("data-tracking")));
        assertEquals("", driver.findElement(By.id("unit-error")).getText());
        String query = lastQuery();
        assertTrue(query.contains("state=ACCEPTED") && query.contains("unit=341302-RSJ"), query);
        assertFalse(query.contains("q=") || query.contains("accused=") || query.contains("category="), "only what is set: " + query);
        assertFalse(query.matches(".*=(&.*)?$"), "no empty parameter: " + query);
        assertEquals("已受理办理中", stateOf(SearchStandIns.TRACKING_ACCEPTED));
        assertEquals("341302-RSJ", unitOf(SearchStandIns.TRACKING_ACCEPTED));
        StaffSession.screenshot(driver, "search-state-unit");

        // the accused unit alone: the case it accuses, handled elsewhere
        unit.clear();
        state.selectByVisibleText("不限");
        driver.findElement(By.id("accused")).sendKeys("341302-RSJ");
        driver.findElement(By.id("go")).click();
        wait.until(d -> hits().size() == 1 && SearchStandIns.TRACKING_ASSIGNED.equals(hits().get(0).getAttribute("data-tracking")));
        query = lastQuery();
        assertTrue(query.contains("accused=341302-RSJ"), query);
        assertFalse(query.contains("state=") || query.contains("unit=") || query.contains("q="), "only what is set: " + query);
        assertEquals("已交办待受理", stateOf(SearchStandIns.TRACKING_ASSIGNED));
        assertEquals("341302-ZJJ", unitOf(SearchStandIns.TRACKING_ASSIGNED));

        // words only: the petition search has heard nothing of yet shows "—" for both, highlights as before
        driver.findElement(By.id("accused")).clear();
        driver.findElement(By.id("q")).sendKeys("拖欠");
        driver.findElement(By.id("go")).click();
        wait.until(d -> hits().size() == 2);
        query = lastQuery();
        assertTrue(query.contains("q=") && !query.contains("state=") && !query.contains("unit=") && !query.contains("accused="), query);
        assertEquals("—", stateOf(SearchStandIns.TRACKING_UNHEARD));
        assertEquals("—", unitOf(SearchStandIns.TRACKING_UNHEARD));
        assertEquals("已受理办理中", stateOf(SearchStandIns.TRACKING_ACCEPTED));
        assertEquals("拖欠", driver.findElement(By.cssSelector("article[data-tracking='" + SearchStandIns.TRACKING_UNHEARD + "'] mark")).getText());
        // the place by its names as intake gives them, not by its code
        assertEquals("安徽省宿州市埇桥区", driver.findElement(By.cssSelector("article[data-tracking='"
                + SearchStandIns.TRACKING_UNHEARD + "'] .place")).getText());
        String page = driver.findElement(By.id("results")).getText();
        assertTrue(page.contains("第 1 / 1 页，共 2 件") && !page.contains("null"), page);
        StaffSession.screenshot(driver, "search-unheard");
    }

    @Test
    void everyStaffViewOfARoleThatSearchesCarriesTheSearchBox() {
        BROWSER.assumeAvailable();
        StaffSession.signIn(driver, origin(), CLAIMS);
        // the clerk at the registration desk: the words go from the header's box to the search page, which runs them
        driver.get(origin() + "/desk.html");
        WebElement box = wait.until(d -> d.findElement(By.cssSelector("header.top #quick-search input[name='q']")));
        box.sendKeys("拖欠");
        driver.findElement(By.cssSelector("#quick-search button[type='submit']")).click();
        wait.until(d -> d.getCurrentUrl().contains("/search.html") && hits().size() == 2);
        assertTrue(lastQuery().contains("q="), lastQuery());
        assertEquals("拖欠", driver.findElement(By.id("q")).getAttribute("value"));
        // on the search page the box keeps the words
        assertEquals("拖欠", driver.findElement(By.cssSelector("#quick-search input[name='q']")).getAttribute("value"));

        // a handler, whom intake's search refuses, has no box to be refused by
        StaffSession.signIn(driver, origin(), "{\"sub\":\"handler-1\",\"upn\":\"handler\",\"groups\":[\"handler\"],"
                + "\"unit\":\"341302-RSJ\"}");
        driver.get(origin() + "/queue.html");
        wait.until(d -> d.findElement(By.id("who")).getText().contains("handler-1"));
        assertTrue(driver.findElements(By.id("quick-search")).isEmpty(), "no search box for a handler");
    }

    @Test
    void aStateIntakeRefusesShowsItsProblem() {
        BROWSER.assumeAvailable();
        StaffSession.signIn(driver, origin(), CLAIMS);
        driver.get(origin() + "/search.html");
        WebElement select = wait.until(d -> d.findElement(By.id("state")));
        wait.until(d -> new Select(select).getOptions().size() == 15);
        // a tampered page: a state outside the contract
        ((JavascriptExecutor) driver).executeScript(
                "const o = document.createElement('option'); o.value = 'ALMOST_DONE'; o.text = '快办完了'; arguments[0].append(o); arguments[0].value = 'ALMOST_DONE';",
                select);
        driver.findElement(By.id("go")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("message"), "Invalid state"));
        WebElement message = driver.findElement(By.id("message"));
        assertEquals("notice bad", message.getAttribute("class"));
        assertEquals("alert", message.getAttribute("role"));
        assertTrue(message.getText().contains("state must be one or more of REGISTERED"), message.getText());
        assertEquals(List.of("page=0", "size=20", "state=ALMOST_DONE"), Arrays.stream(lastQuery().split("&")).sorted().toList());
        assertTrue(hits().isEmpty());
    }

    @Test
    void theProxyPassesRepeatedAndCommaSeparatedStatesAsSent() {
        String token = "Bearer " + StandInProvider.jwt(CLAIMS.replaceFirst("}$",
                ",\"exp\":" + Instant.now().plus(Duration.ofHours(1)).getEpochSecond() + "}"));
        given().header("Authorization", token).queryParam("state", "ACCEPTED").queryParam("state", "ASSIGNED")
                .when().get("/api/intake/petitions/search")
                .then().statusCode(200).body("items.trackingNumber",
                        contains(SearchStandIns.TRACKING_ACCEPTED, SearchStandIns.TRACKING_ASSIGNED));
        assertEquals("state=ACCEPTED&state=ASSIGNED", lastQuery());
        given().header("Authorization", token).queryParam("state", "ACCEPTED,ASSIGNED").queryParam("unit", "341302-ZJJ")
                .queryParam("accused", "341302-RSJ")
                .when().get("/api/intake/petitions/search")
                .then().statusCode(200).body("total", equalTo(1)).body("items[0].state", equalTo("ASSIGNED"))
                .body("items[0].unitCode", equalTo("341302-ZJJ"));
        assertEquals("state=ACCEPTED,ASSIGNED&unit=341302-ZJJ&accused=341302-RSJ", URLDecoder.decode(lastQuery(), StandardCharsets.UTF_8));
    }

    private String origin() {
        return console.toString().replaceAll("/$", "");
    }

    private static String lastQuery() {
        return SearchStandIns.QUERIES.get(SearchStandIns.QUERIES.size() - 1);
    }

    private static List<WebElement> hits() {
        return driver.findElements(By.cssSelector("#results article.hit"));
    }

    private static String stateOf(String tracking) {
        String line = driver.findElement(By.cssSelector("article[data-tracking='" + tracking + "'] .case-state")).getText();
        return line.substring("状态 ".length(), line.indexOf(" · "));
    }

    private static String unitOf(String tracking) {
        return driver.findElement(By.cssSelector("article[data-tracking='" + tracking + "'] .case-state .unit")).getText();
    }
}
