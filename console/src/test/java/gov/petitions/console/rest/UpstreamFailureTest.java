package gov.petitions.console.rest;

import com.sun.net.httpserver.HttpServer;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The one mapping of a service's missing answer to problem+json, fed what the JDK's HTTP client really throws: a
 * refused connection, a service that takes the request and never answers, one that hangs up mid-answer.
 */
class UpstreamFailureTest {

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void aRefusedConnectionIs502Unreachable() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        Throwable thrown = failureOf(URI.create("http://127.0.0.1:" + closed + "/cases/export"), Duration.ofSeconds(2));
        Map<String, Object> problem = problem(UpstreamFailure.answer("supervision", "GET", "/cases/export", thrown), 502);
        assertEquals("https://petitions.gov.example/problems/service-unreachable", problem.get("type"));
        assertEquals("The supervision service does not answer; try again in a moment", problem.get("detail"));
        // the asynchronous client completes with the same failure wrapped: the same answer
        assertEquals(problem, problem(UpstreamFailure.answer("supervision", "GET", "/cases/export",
                new CompletionException(thrown)), 502));
    }

    @Test
    void aServiceThatTookTheRequestAndDidNotAnswerInTimeIs504() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        HttpServer slow = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        slow.setExecutor(Executors.newCachedThreadPool());
        slow.createContext("/", exchange -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        slow.start();
        try {
            Throwable thrown = failureOf(URI.create("http://127.0.0.1:" + slow.getAddress().getPort() + "/petitions/x/materials"),
                    Duration.ofMillis(300));
            Map<String, Object> problem = problem(UpstreamFailure.answer("intake", "POST", "/petitions/x/materials", thrown), 504);
            assertEquals("https://petitions.gov.example/problems/service-timeout", problem.get("type"));
            assertTrue(String.valueOf(problem.get("detail")).contains("may or may not have been carried out"), problem.toString());
        } finally {
            release.countDown();
            slow.stop(0);
        }
    }

    /** A connect time-out is an HttpTimeoutException too, but nothing was sent: unreachable, not slow. */
    @Test
    void aConnectTimeOutIs502NotA504() {
        Map<String, Object> problem = problem(UpstreamFailure.answer("routing", "GET", "/units",
                new HttpConnectTimeoutException("HTTP connect timed out")), 502);
        assertEquals("Service unreachable", problem.get("title"));
    }

    @Test
    void aServiceThatHangsUpMidAnswerIs502ServiceError() throws Exception {
        try (ServerSocket rude = new ServerSocket(0)) {
            Thread server = new Thread(() -> {
                try (Socket s = rude.accept()) {
                    s.getInputStream().read(new byte[1024]);
                    s.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nabc".getBytes());
                } catch (IOException ignored) {
                    // the client's side is what the test looks at
                }
            });
            server.start();
            Throwable thrown = failureOf(URI.create("http://127.0.0.1:" + rude.getLocalPort() + "/ledger"), Duration.ofSeconds(5));
            server.join(5_000);
            Map<String, Object> problem = problem(UpstreamFailure.answer("supervision", "GET", "/ledger", thrown), 502);
            assertEquals("https://petitions.gov.example/problems/service-error", problem.get("type"));
        }
    }

    @Test
    void anInterruptedCallIs503AndTheThreadStaysInterrupted() {
        try {
            problem(UpstreamFailure.answer("intake", "GET", "/petitions", new InterruptedException()), 503);
            assertTrue(Thread.currentThread().isInterrupted(), "the interrupt is not swallowed");
        } finally {
            assertTrue(Thread.interrupted());
        }
        assertFalse(Thread.currentThread().isInterrupted());
    }

    private Throwable failureOf(URI target, Duration timeout) throws InterruptedException {
        try {
            client.send(HttpRequest.newBuilder(target).timeout(timeout).GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return e;
        }
        return fail("no failure from " + target);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> problem(Response answer, int status) {
        assertEquals(status, answer.getStatus());
        assertEquals(Problems.MEDIA_TYPE, String.valueOf(answer.getMediaType()));
        Map<String, Object> body = (Map<String, Object>) answer.getEntity();
        assertEquals(status, body.get("status"));
        return body;
    }
}
