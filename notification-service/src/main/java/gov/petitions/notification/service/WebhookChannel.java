package gov.petitions.notification.service;

import gov.petitions.notification.domain.Channel;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import gov.petitions.notification.config.NotificationConfig;
import gov.petitions.notification.repository.RecipientRepository;
import jakarta.enterprise.context.ApplicationScoped;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A signed POST to the endpoint an agency registered for itself. Headers: {@code X-Petitions-Timestamp}
 * (epoch seconds), {@code X-Petitions-Signature: sha256=<hex HMAC-SHA256 of "timestamp.body" with the
 * endpoint's secret>}, {@code X-Petitions-Message-Id} (the same on every retry, for the receiver's dedup).
 *
 * <p>The URL's host is resolved and checked by {@link WebhookAddressPolicy} at every send, and the connection goes
 * to the very address checked (the name is still sent as Host and TLS server name, and the certificate is verified
 * against it): resolving again to connect would let a DNS answer that changed in between reach inside. Redirects
 * are not followed; a 3xx is a failed attempt.
 */
@ApplicationScoped
public class WebhookChannel implements DeliveryChannel {

    private final java.time.Clock clock;

    private final RecipientRepository recipients;
    private final NotificationConfig.Webhook config;
    private final ObjectMapper mapper;
    private final WebhookAddressPolicy policy;
    private final HttpClient http;

    public WebhookChannel(RecipientRepository recipients, NotificationConfig config, ObjectMapper mapper,
                          WebhookAddressPolicy policy, Vertx vertx, java.time.Clock clock) {
        this.clock = clock;
        this.recipients = recipients;
        this.config = config.webhook();
        this.mapper = mapper;
        this.policy = policy;
        int timeout = (int) this.config.timeout().toMillis();
        this.http = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(timeout)
                .setVerifyHost(true).setForceSni(true).setKeepAlive(false).setMaxRedirects(0));
    }

    @Override
    public Channel channel() {
        return Channel.WEBHOOK;
    }

    /**
     * RFC 3339 with the seconds always written: {@code OffsetDateTime.toString()} leaves out ":00" seconds, and a
     * receiver that parses RFC 3339 strictly refuses "2026-12-06T10:00+08:00".
     */
    static String sentAt(OffsetDateTime now) {
        return java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(now);
    }

    @Override
    public String send(Outgoing message) {
        gov.petitions.notification.repository.Recipient.Webhook endpoint = recipients.webhook(message.recipientRef())
                .orElseThrow(() -> new ChannelFailure("no webhook registered for the recipient any more"));
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("messageId", message.messageId());
        payload.put("petitionId", message.petitionId());
        payload.put("template", message.template());
        payload.put("recipientKind", message.recipientKind());
        payload.put("recipientRef", message.recipientRef());
        payload.put("subject", message.subject());
        payload.put("text", message.text());
        payload.put("sentAt", sentAt(OffsetDateTime.now(clock)));
        byte[] body;
        try {
            body = mapper.writeValueAsBytes(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        // real time, not the injected clock: the receiver checks it against its own clock (README: timestamps older
        // than a few minutes are refused), and the platform's clock may be moved (tests, petitions.clock.start)
        String timestamp = Long.toString(System.currentTimeMillis() / 1000);
        URI url;
        InetAddress address;
        String host;
        try {
            url = URI.create(endpoint.url());
            host = policy.checkForm(url);
            address = policy.resolve(url);
        } catch (IllegalArgumentException e) {
            throw new ChannelFailure("webhook URL is not valid");
        } catch (WebhookAddressPolicy.Refused e) {
            throw new ChannelFailure("webhook address refused: " + e.getMessage());
        }
        boolean tls = "https".equalsIgnoreCase(url.getScheme());
        int port = url.getPort() > 0 ? url.getPort() : tls ? 443 : 80;
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        long timeout = config.timeout().toMillis();
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST)
                .setServer(SocketAddress.inetSocketAddress(new InetSocketAddress(address, port)))
                .setHost(host).setPort(port).setSsl(tls)
                .setURI(url.getRawQuery() == null ? path : path + "?" + url.getRawQuery())
                .setFollowRedirects(false).setConnectTimeout(timeout).setIdleTimeout(timeout)
                .putHeader("Content-Type", "application/json; charset=utf-8")
                .putHeader("X-Petitions-Timestamp", timestamp)
                .putHeader("X-Petitions-Signature", "sha256=" + Signatures.sign(endpoint.secret(), timestamp, body))
                .putHeader("X-Petitions-Message-Id", message.messageId());
        AtomicReference<HttpClientRequest> sent = new AtomicReference<>();
        CompletableFuture<Integer> answer = http.request(options).compose(request -> {
            sent.set(request);
            return request.send(Buffer.buffer(body));
        }).compose(response -> {
            // the answer's body is not wanted: read and dropped, so that a large one costs nothing
            response.handler(chunk -> { });
            return response.end().map(done -> response.statusCode());
        }).toCompletionStage().toCompletableFuture();
        int status;
        try {
            status = answer.get(timeout, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            abort(sent.get());
            throw new ChannelFailure("webhook did not answer within " + config.timeout());
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause.getClass().getSimpleName().contains("Timeout")) {
                throw new ChannelFailure("webhook did not answer within " + config.timeout());
            }
            throw new ChannelFailure("webhook unreachable (" + cause.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            abort(sent.get());
            Thread.currentThread().interrupt();
            throw new ChannelFailure("webhook call interrupted");
        }
        if (status / 100 != 2) {
            throw new ChannelFailure("webhook answered HTTP " + status);
        }
        return Masks.url(url);
    }

    private static void abort(HttpClientRequest request) {
        if (request != null) {
            request.reset();
        }
    }
}
