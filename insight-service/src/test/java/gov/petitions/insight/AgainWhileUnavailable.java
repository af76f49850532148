package gov.petitions.insight;

import io.restassured.RestAssured;
import io.restassured.builder.RequestSpecBuilder;
import io.restassured.filter.Filter;
import io.restassured.filter.FilterContext;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;
import io.restassured.specification.RequestSpecification;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Asks again while the API answers 503 "try again in a moment", as a client is told to (insight answers so while
 * partitions move between replicas, or while its call to the owning replica is held back), for up to {@code patience}.
 * What stays unavailable fails with {@code diagnostics}.
 *
 * <p>RestAssured's filter chain can be walked once per request ({@link FilterContext#next} returns null the second
 * time), so each new attempt is a request of its own, without filters, with the first one's method, address,
 * credentials, headers and body.
 */
final class AgainWhileUnavailable implements Filter {

    private final Duration patience;
    private final Duration pause;
    private final Supplier<String> diagnostics;
    final AtomicInteger seen = new AtomicInteger();

    AgainWhileUnavailable(Duration patience, Duration pause, Supplier<String> diagnostics) {
        this.patience = patience;
        this.pause = pause;
        this.diagnostics = diagnostics;
    }

    @Override
    public Response filter(FilterableRequestSpecification request, FilterableResponseSpecification response,
                           FilterContext context) {
        long until = System.nanoTime() + patience.toNanos();
        Response answer = context.next(request, response);
        while (answer.statusCode() == 503) {
            seen.incrementAndGet();
            if (System.nanoTime() > until) {
                throw new AssertionError(request.getMethod() + " " + request.getURI() + " still answered 503 after "
                        + patience + ": " + answer.asString() + "\n" + diagnostics.get());
            }
            try {
                Thread.sleep(pause.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            answer = again(request);
        }
        return answer;
    }

    private static Response again(FilterableRequestSpecification request) {
        // the address as sent (query included, already encoded); the credentials are a scheme RestAssured applies
        // after the filters, not yet a header
        RequestSpecification again = RestAssured.given()
                .spec(new RequestSpecBuilder().setAuth(request.getAuthenticationScheme()).build())
                .noFilters().urlEncodingEnabled(false).headers(request.getHeaders());
        Object body = request.getBody();
        if (body != null) {
            again.body(body);
        }
        return again.request(request.getMethod(), request.getURI());
    }
}
