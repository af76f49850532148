package gov.petitions.console.rest;

import gov.petitions.console.config.ConsoleConfig;
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
 * Calls forwarded as streams both ways, for the proxies whose bodies are files or too large for {@link ApiProxy}
 * (intake's materials, supervision's case documents, archives, an archive to verify, a queue's export): nothing is held
 * in memory, a known Content-Length goes on so that the service can refuse a file too large before reading it, and only
 * the headers named pass in either direction. One per proxy: its service, and the headers it lets pass.
 */
final class StreamedForward {

    /** How long an upload may take to send, beyond the usual time-out: a citizen on a slow line takes minutes. */
    static final Duration UPLOAD_TIME = Duration.ofMinutes(5);

    private final String service;
    private final String base;
    private final HttpClient client;
    private final Duration timeout;
    private final List<String> forwarded;
    private final List<String> returned;
    private final boolean flushEachChunk;

    /**
     * @param service   the service's short name, for the answer when it gives none ({@link UpstreamFailure})
     * @param url       its base URL (the console's configuration)
     * @param forwarded the caller's headers that go on to the service
     * @param returned  the service's headers that come back to the caller
     */
    StreamedForward(String service, URI url, ConsoleConfig config, List<String> forwarded, List<String> returned) {
        this(service, url.toString().replaceAll("/+$", ""), HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(config.connectTimeout()).followRedirects(HttpClient.Redirect.NEVER).build(),
                config.requestTimeout(), forwarded, returned, false);
    }

    private StreamedForward(String service, String base, HttpClient client, Duration timeout, List<String> forwarded,
                            List<String> returned, boolean flushEachChunk) {
        this.service = service;
        this.base = base;
        this.client = client;
        this.timeout = timeout;
        this.forwarded = forwarded;
        this.returned = returned;
        this.flushEachChunk = flushEachChunk;
    }

    /**
     * The same, but what arrives from the service goes on to the browser at once (16 KiB at a time), for a file the
     * service writes as it goes: the browser sees it grow, and the console holds one buffer.
     */
    StreamedForward flushingEachChunk() {
        return new StreamedForward(service, base, client, timeout, forwarded, returned, true);
    }

    /** Forwards a GET (no body) to {@code path} of the service; see {@link #send}. */
    Response get(String path, String query, HttpHeaders headers, HttpServerRequest caller) {
        return send("GET", path, query, timeout, headers, caller, null);
    }

    /**
     * Forwards a POST with the caller's upload as it arrives; the time-out includes sending it ({@link #UPLOAD_TIME}
     * more than for a GET).
     */
    Response post(String path, String query, HttpHeaders headers, HttpServerRequest caller, InputStream body) {
        return send("POST", path, query, timeout.plus(UPLOAD_TIME), headers, caller, body);
    }

    /**
     * Forwards one call to {@code path} of the service. The path and query are the proxy's to make safe (ids matched
     * by its path's pattern, a query rebuilt or bounded); {@code within} runs until the service's answer begins, so
     * for an upload it includes sending the file, and an answer's body takes as long as it takes.
     *
     * @param query the raw query, or null or empty for none
     * @param body  the upload, or null for a call without a body
     */
    private Response send(String method, String path, String query, Duration within, HttpHeaders headers,
                          HttpServerRequest caller, InputStream body) {
        URI target = URI.create(base + path + (query == null || query.isEmpty() ? "" : "?" + query));
        HttpRequest.Builder request = HttpRequest.newBuilder(target).timeout(within);
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
                if (!flushEachChunk) {
                    in.transferTo(sink);
                    return;
                }
                byte[] buffer = new byte[16 * 1024];
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    sink.write(buffer, 0, n);
                    sink.flush();
                }
            }
        };
        if (upstream.headers().firstValue(HttpHeaders.CONTENT_TYPE).isEmpty()) {
            answer.type(MediaType.APPLICATION_OCTET_STREAM);
        }
        return answer.entity(out).header("Cache-Control", "no-store").build();
    }

    private static long declaredLength(HttpHeaders headers) {
        String value = headers.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        try {
            return value == null ? -1 : Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
