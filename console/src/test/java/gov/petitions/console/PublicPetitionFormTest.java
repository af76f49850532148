package gov.petitions.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue #18 item 1: the public petition form (网上信访) takes a group — how many persons it speaks for and up to five
 * representatives, each with name and resident ID — checks them as the citizen types with intake's rules, and sends
 * personCount and representatives; the receipt prints the registration date in China. In Debian's chromium against
 * stand-ins of intake and routing (PublicFormStandIns in StubServices); skipped without chromium and chromedriver, failed under ./petitions test.
 */
@QuarkusTest
@QuarkusTestResource(StubServices.class)
class PublicPetitionFormTest {

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
    }

    @Test
    void aGroupGivesItsPersonCountAndAtMostFiveRepresentativesCheckedAsTheyType() throws Exception {
        driver.get(console.toString().replaceAll("/$", "") + "/public/petition.html");
        new Select(wait.until(d -> d.findElement(By.cssSelector("#category option[value='labour-wages']")))
                .findElement(By.xpath(".."))).selectByValue("labour-wages");
        new Select(wait.until(d -> d.findElement(By.cssSelector("#city option[value='3413']")))
                .findElement(By.xpath(".."))).selectByValue("3413");
        new Select(wait.until(d -> d.findElement(By.cssSelector("#county option[value='341302']")))
                .findElement(By.xpath(".."))).selectByValue("341302");
        assertFalse(driver.findElement(By.id("challenge-field")).isDisplayed(), "no site key: no human verification asked");
        type(By.id("summary"), "工地拖欠十二名农民工工资");
        type(By.id("pName"), "赵铁柱");
        type(By.id("pPhone"), "13900001234");

        // five representatives at most
        WebElement add = driver.findElement(By.id("add-representative"));
        for (int i = 0; i < 5; i++) {
            press(add);
            int expected = i + 1;
            wait.until(d -> representatives().size() == expected);
        }
        assertEquals(5, representatives().size());
        assertFalse(add.isEnabled(), "a sixth cannot be added");
        assertTrue(driver.findElement(By.id("representatives-hint")).getText().contains("最多推选5名代表"));
        assertEquals("5", driver.findElement(By.id("personCount")).getAttribute("value"),
                "the count grows to cover the representatives");

        // an empty representative is named, not sent
        press(driver.findElement(By.id("submit")));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("message"), "请先更正标红的项目"));
        WebElement firstName = representatives().get(0).findElement(By.className("r-name"));
        assertEquals("必填", error(firstName));
        assertEquals("必填", error(representatives().get(0).findElement(By.className("r-id"))));
        assertTrue(PublicFormStandIns.SUBMITTED.isEmpty(), "nothing sent while the form is wrong");

        // two removed: three remain, renumbered, and another may be added again
        press(representatives().get(4).findElement(By.className("r-remove")));
        press(representatives().get(3).findElement(By.className("r-remove")));
        assertEquals(3, representatives().size());
        assertTrue(add.isEnabled());
        assertEquals("代表3姓名", representatives().get(2).findElement(By.className("r-name-label")).getText());

        String[] ids = {idNumber("34130219850312001"), idNumber("34130219900701002"), idNumber("34130219781120003")};
        String[] names = {"赵铁柱", "钱大勇", "孙小军"};
        for (int i = 0; i < 3; i++) {
            type(representatives().get(i).findElement(By.className("r-name")), names[i]);
        }
        WebElement wrongId = representatives().get(0).findElement(By.className("r-id"));
        String wrong = ids[0].substring(0, 17) + (ids[0].charAt(17) == '1' ? '2' : '1');
        type(wrongId, wrong);
        assertEquals("身份证号校验位不正确，请核对", error(wrongId));
        wrongId.clear();
        for (int i = 0; i < 3; i++) {
            type(representatives().get(i).findElement(By.className("r-id")), ids[i].toLowerCase());
        }
        WebElement phone = representatives().get(1).findElement(By.className("r-phone"));
        type(phone, "12345");
        assertEquals("请填写11位手机号或带区号的固定电话", error(phone));
        phone.clear();
        type(phone, "13800005678");

        WebElement persons = driver.findElement(By.id("personCount"));
        persons.clear();
        type(persons, "2");
        assertEquals("反映人数不能少于代表人数", error(persons));
        persons.clear();
        type(persons, "0");
        assertEquals("请填写 1–10000 的整数", error(persons));
        persons.clear();
        type(persons, "12");
        assertEquals("", error(persons));
        screenshot("public-petition-group-form");

        press(driver.findElement(By.id("submit")));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("receipt")));
        assertEquals("XF20261205123456789", driver.findElement(By.id("receipt-tracking")).getText());
        assertEquals("2026-12-05", driver.findElement(By.id("receipt-date")).getText(), "the date in China");
        screenshot("public-petition-group-receipt");

        assertEquals(1, PublicFormStandIns.SUBMITTED.size());
        JsonNode body = new ObjectMapper().readTree(PublicFormStandIns.SUBMITTED.get(0));
        assertEquals(12, body.get("personCount").asInt());
        assertEquals(3, body.get("representatives").size());
        for (int i = 0; i < 3; i++) {
            assertEquals(names[i], body.get("representatives").get(i).get("name").asText());
            assertEquals(ids[i], body.get("representatives").get(i).get("idNumber").asText(), "upper-cased as intake keeps it");
        }
        assertFalse(body.get("representatives").get(0).has("phone"), "an empty phone is not sent");
        assertEquals("13800005678", body.get("representatives").get(1).get("phone").asText());
        assertEquals("341302", body.get("locationCode").asText());
    }

    private static List<WebElement> representatives() {
        return driver.findElements(By.cssSelector("#representatives .representative"));
    }

    /**
     * A button by keyboard: leaving an empty required field shows its message, which moves what is below it while a
     * mouse click is under way (a person just clicks again); Enter on the focused button does not depend on layout.
     */
    private static void press(WebElement button) {
        button.sendKeys(org.openqa.selenium.Keys.ENTER);
    }

    private static void type(By field, String text) {
        type(driver.findElement(field), text);
    }

    private static void type(WebElement field, String text) {
        field.sendKeys(text);
        field.sendKeys(org.openqa.selenium.Keys.TAB); // blur: the field is checked and its message shown
    }

    private static String error(WebElement input) {
        return driver.findElement(By.id(input.getAttribute("id") + "-error")).getText();
    }

    /** GB 11643: the 17 digits and their ISO 7064 MOD 11-2 check character. */
    private static String idNumber(String first17) {
        int[] weights = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += weights[i] * (first17.charAt(i) - '0');
        }
        return first17 + "10X98765432".charAt(sum % 11);
    }

    private static void screenshot(String name) throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "screenshots"));
        Files.write(dir.resolve(name + ".png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
    }
}
