package gov.petitions.insight;

import com.sun.net.httpserver.HttpServer;
import io.restassured.RestAssured;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** TwoReplicasIT's retry on 503, against a local server that is unavailable a given number of times. */
class AgainWhileUnavailableTest {

    HttpServer server;
    final AtomicInteger unavailable = new AtomicInteger();
    final List<String> received = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            received.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " "
                    + exchange.getRequestHeaders().getFirst("Authorization") + " " + body);
            boolean down = unavailable.getAndDecrement() > 0;
            byte[] answer = (down ? "try again" : "ok").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(down ? 503 : 200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void asksAgainWithTheSameRequestUntilAnswered() {
        unavailable.set(3);
        AgainWhileUnavailable again = new AgainWhileUnavailable(Duration.ofSeconds(10), Duration.ofMillis(10), () -> "");
        String answer = given().filter(again).port(server.getAddress().getPort()).auth().oauth2("t0ken")
                .queryParam("place", "宿州 341302").contentType("application/json").body("{\"a\": 1}")
                .put("/hotspots/rule").then().statusCode(200).extract().asString();
        assertEquals("ok", answer);
        assertEquals(3, again.seen.get());
        assertEquals(4, received.size());
        // every attempt is the first one again: method, address with its query, credentials, body
        assertEquals(1, received.stream().distinct().count(), received.toString());
        assertTrue(received.get(0).startsWith("PUT /hotspots/rule?place="), received.get(0));
        assertTrue(received.get(0).endsWith("Bearer t0ken {\"a\": 1}"), received.get(0));
    }

    @Test
    void givesUpWithTheDiagnosticsOnceItsPatienceRunsOut() {
        unavailable.set(Integer.MAX_VALUE);
        AgainWhileUnavailable again = new AgainWhileUnavailable(Duration.ofMillis(200), Duration.ofMillis(20),
                () -> "what the replicas said");
        AssertionError error = assertThrows(AssertionError.class,
                () -> given().filter(again).port(server.getAddress().getPort()).get("/hotspots"));
        assertTrue(error.getMessage().contains("still answered 503"), error.getMessage());
        assertTrue(error.getMessage().endsWith("what the replicas said"), error.getMessage());
        assertTrue(received.size() > 2, "asked again before giving up: " + received.size());
    }

    @AfterEach
    void noGlobalState() {
        RestAssured.reset();
    }
}
