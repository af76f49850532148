package gov.petitions.console.rest;

import gov.petitions.console.config.ConsoleConfig;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import io.vertx.core.http.HttpServerRequest;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The browser talks to one origin: {@code /api/intake/**}, {@code /api/routing/**}, {@code /api/supervision/**} and
 * {@code /api/notification/**} go to the services unchanged, bearer token included. The services decide who may do
 * what; the console adds no rules of its own, and their problem+json answers reach the page as they were sent.
 */
@Path("/api/{service: intake|routing|supervision|notification}")
public class ApiProxy {

    /** Request headers a service may need; cookies and everything else stay at the console. */
    private static final List<String> FORWARDED = List.of(HttpHeaders.AUTHORIZATION, HttpHeaders.CONTENT_TYPE,
            HttpHeaders.ACCEPT, HttpHeaders.ACCEPT_LANGUAGE, "Idempotency-Key",
            // the online form's human-verification token, checked by intake when a challenge is configured
            "Petitions-Challenge");
    /** Response headers the page reads. */
    private static final List<String> RETURNED = List.of(HttpHeaders.CONTENT_TYPE, HttpHeaders.LOCATION,
            "Idempotent-Replayed", "Content-Disposition", "Retry-After");
    /** The largest body a service accepts is 256 KB; beyond twice that the console does not even forward it. */
    private static final int MAX_BODY = 512 * 1024;

    private final ConsoleConfig config;
    private final HttpClient client;

    public ApiProxy(ConsoleConfig config) {
        this.config = config;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(config.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @GET
    @Path("{path: .*}")
    public CompletionStage<Response> get(@PathParam("service") String service, @Context UriInfo uri, @Context HttpHeaders headers,
                                         @Context HttpServerRequest caller) {
        return forward("GET", service, uri, headers, caller, null);
    }

    /** A DELETE may carry a body (splitting a linked case says why), forwarded as a POST's is. */
    @DELETE
    @Path("{path: .*}")
    @Consumes(MediaType.WILDCARD)
    public CompletionStage<Response> delete(@PathParam("service") String service, @Context UriInfo uri, @Context HttpHeaders headers,
                                         @Context HttpServerRequest caller, byte[] body) {
        return forward("DELETE", service, uri, headers, caller, body);
    }

    @POST
    @Path("{path: .*}")
    @Consumes(MediaType.WILDCARD)
    public CompletionStage<Response> post(@PathParam("service") String service, @Context UriInfo uri, @Context HttpHeaders headers,
                                          @Context HttpServerRequest caller, byte[] body) {
        return forward("POST", service, uri, headers, caller, body);
    }

    @PUT
    @Path("{path: .*}")
    @Consumes(MediaType.WILDCARD)
    public CompletionStage<Response> put(@PathParam("service") String service, @Context UriInfo uri, @Context HttpHeaders headers,
                                         @Context HttpServerRequest caller, byte[] body) {
        return forward("PUT", service, uri, headers, caller, body);
    }

    private CompletionStage<Response> forward(String method, String service, UriInfo uri, HttpHeaders headers,
                                              HttpServerRequest caller, byte[] body) {
        String prefix = "/api/" + service;
        String rawPath = uri.getRequestUri().getRawPath();
        String requested = rawPath.length() > prefix.length() ? rawPath.substring(prefix.length()) : "/";
        // only the paths the pages call, as the service will read them: service-to-service endpoints (contacts
        // in clear), management endpoints and anything encoded to look like something else are never forwarded
        java.util.Optional<String> allowed = ForwardedPaths.forwardable(method, service, requested);
        if (allowed.isEmpty()) {
            return CompletableFuture.completedFuture(Problems.of(404, "not-found", "Not found",
                    "The console does not forward this path"));
        }
        String path = allowed.get();
        if (body != null && body.length > MAX_BODY) {
            return CompletableFuture.completedFuture(Problems.of(413, "body-too-large", "Too large",
                    "A request body may have at most 256 KB"));
        }
        String query = uri.getRequestUri().getRawQuery();
        URI base = baseOf(service);
        URI target = URI.create(base.toString().replaceAll("/+$", "") + path + (query == null ? "" : "?" + query));
        HttpRequest.Builder request = HttpRequest.newBuilder(target).timeout(config.requestTimeout());
        for (String name : FORWARDED) {
            String value = headers.getHeaderString(name);
            if (value != null && !value.isBlank()) {
                request.header(name, value);
            }
        }
        // the services limit public requests per citizen: they learn the citizen's address from the console, which
        // sets it itself (a client's own X-Forwarded-For is never passed on)
        if (caller != null && caller.remoteAddress() != null && caller.remoteAddress().hostAddress() != null) {
            request.header("X-Forwarded-For", caller.remoteAddress().hostAddress());
        }
        request.method(method, body == null || body.length == 0
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        return client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofByteArray())
                .thenApply(ApiProxy::relay)
                .exceptionally(failure -> UpstreamFailure.answer(service, method, path, failure));
    }

    private static Response relay(HttpResponse<byte[]> upstream) {
        Response.ResponseBuilder answer = Response.status(upstream.statusCode());
        Map<String, List<String>> upstreamHeaders = upstream.headers().map();
        for (String name : RETURNED) {
            upstream.headers().firstValue(name).ifPresent(value -> answer.header(name, value));
        }
        if (upstream.body() != null && upstream.body().length > 0 && upstream.statusCode() != 204) {
            answer.entity(upstream.body());
        }
        if (!upstreamHeaders.containsKey("content-type") && upstream.statusCode() != 204) {
            answer.type(MediaType.APPLICATION_OCTET_STREAM);
        }
        answer.header("Cache-Control", "no-store");
        return answer.build();
    }

    private URI baseOf(String service) {
        return switch (service) {
            case "intake" -> config.intake().url();
            case "routing" -> config.routing().url();
            case "supervision" -> config.supervision().url();
            default -> config.notification().url();
        };
    }
}
