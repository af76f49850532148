package gov.petitions.console;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A queue's export passes the console as a stream (ExportProxy): the stand-in sends its headers and first line and
 * then holds back the rest; the browser gets both before the stand-in goes on, which a console that gathered the file
 * first could not give. The filter and the bearer token reach supervision; nothing else does.
 */
@QuarkusTest
@QuarkusTestResource(StubServices.class)
class ExportProxyTest {

    @Test
    void anExportReachesTheBrowserAsItComesNotGathered() throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(RestAssured.baseURI + ":" + RestAssured.port
                        + "/api/supervision/cases/export?format=csv&status=ACCEPTED&category=labour-wages"))
                .header("Authorization", "Bearer abc.def.ghi").header("Cookie", "session=secret").GET().build();
        try {
            HttpResponse<InputStream> response = client.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream())
                    .get(10, TimeUnit.SECONDS);
            assertEquals(200, response.statusCode());
            assertEquals("text/csv; charset=UTF-8", response.headers().firstValue("Content-Type").orElse(null));
            assertEquals("7", response.headers().firstValue("Export-Id").orElse(null));
            assertEquals("attachment; filename=\"cases.csv\"", response.headers().firstValue("Content-Disposition").orElse(null));
            assertTrue(response.headers().firstValue("Set-Cookie").isEmpty(), "a service's cookies stay behind");
            InputStream body = response.body();
            String first = CompletableFuture.supplyAsync(() -> line(body)).get(10, TimeUnit.SECONDS);
            assertEquals("query=format=csv&status=ACCEPTED&category=labour-wages;authorization=Bearer abc.def.ghi", first);
            assertFalse(first.contains("secret"));

            StubServices.EXPORT_RELEASE.countDown();
            byte[] rest = body.readAllBytes();
            assertEquals(10_000 * "XF20261206000001,已受理办理中\n".getBytes(StandardCharsets.UTF_8).length, rest.length);
        } finally {
            StubServices.EXPORT_RELEASE.countDown();
        }
    }

    private static String line(InputStream in) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (int b; (b = in.read()) != '\n' && b >= 0; ) {
                out.write(b);
            }
            return out.toString(StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
