package gov.petitions.console.rest;

import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * One call forwarded as streams both ways, for the proxies whose bodies are files (supervision's case documents, an
 * archive to verify): nothing is held in memory, a known Content-Length goes on so that the service can refuse a file
 * too large before reading it, and only the headers named pass in either direction.
 */
final class StreamedForward {

    private StreamedForward() {
    }

    static Response send(HttpClient client, URI target, String service, String method, String path, Duration timeout,
                         HttpHeaders headers, HttpServerRequest caller, InputStream body, List<String> forwarded,
                         List<String> returned) {
        HttpRequest.Builder request = HttpRequest.newBuilder(target).timeout(timeout);
        for (String name : forwarded) {
            String value = headers.getHeaderString(name);
            if (value != null && !value.isBlank()) {
                request.header(name, value);
            }
        }
        if (caller != null && caller.remoteAddress() != null && caller.remoteAddress().hostAddress() != null) {
            request.header("X-Forwarded-For", caller.remoteAddress().hostAddress());
        }
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            HttpRequest.BodyPublisher stream = HttpRequest.BodyPublishers.ofInputStream(() -> body);
            long length = declaredLength(headers);
            request.method(method, length >= 0 ? HttpRequest.BodyPublishers.fromPublisher(stream, length) : stream);
        }
        HttpResponse<InputStream> upstream;
        try {
            upstream = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException | InterruptedException e) {
            return UpstreamFailure.answer(service, method, path, e);
        }
        Response.ResponseBuilder answer = Response.status(upstream.statusCode());
        for (String name : returned) {
            upstream.headers().firstValue(name).ifPresent(value -> answer.header(name, value));
        }
        InputStream content = upstream.body();
        StreamingOutput out = sink -> {
            try (InputStream in = content) {
                in.transferTo(sink);
            }
        };
        if (upstream.headers().firstValue(HttpHeaders.CONTENT_TYPE).isEmpty()) {
            answer.type(MediaType.APPLICATION_OCTET_STREAM);
        }
        return answer.entity(out).header("Cache-Control", "no-store").build();
    }

    static HttpClient client(Duration connectTimeout) {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    static long declaredLength(HttpHeaders headers) {
        String value = headers.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        try {
            return value == null ? -1 : Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
