package gov.petitions.bench;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.exporter.internal.otlp.traces.TraceRequestMarshaler;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class OtlpSinkTest {

    // ---------------------------------------------------------------- a minimal protobuf writer for the test's messages

    private static byte[] field(int number, byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        varint(out, (long) number << 3 | 2);
        varint(out, value.length);
        out.writeBytes(value);
        return out.toByteArray();
    }

    private static byte[] varintField(int number, long value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        varint(out, (long) number << 3);
        varint(out, value);
        return out.toByteArray();
    }

    private static byte[] fixed64Field(int number, long value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        varint(out, (long) number << 3 | 1);
        for (int i = 0; i < 8; i++) {
            out.write((int) (value >>> (8 * i)) & 0xff);
        }
        return out.toByteArray();
    }

    private static void varint(ByteArrayOutputStream out, long value) {
        while ((value & ~0x7fL) != 0) {
            out.write((int) (value & 0x7f) | 0x80);
            value >>>= 7;
        }
        out.write((int) value);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** KeyValue { key = 1; AnyValue value = 2 { string_value = 1 } } */
    private static byte[] attribute(String key, String value) {
        return concat(field(1, text(key)), field(2, field(1, text(value))));
    }

    /** Span with the fields a real one has: ids, name, kind (varint), times (fixed64), an attribute */
    private static byte[] span(String name) {
        return concat(field(1, new byte[16]), field(2, new byte[8]), field(5, text(name)), varintField(6, 2),
                fixed64Field(7, 1_700_000_000_000_000_000L), fixed64Field(8, 1_700_000_000_100_000_000L),
                field(9, attribute("http.route", "/petitions")));
    }

    /** ResourceSpans { resource = 1 { attributes = 1 }; scope_spans = 2 { scope = 1; spans = 2 } } */
    private static byte[] resourceSpans(String service, int scopes, int spansPerScope) {
        byte[] resource = field(1, concat(field(1, attribute("host.name", "bench")), field(1, attribute("service.name", service))));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(resource);
        for (int s = 0; s < scopes; s++) {
            ByteArrayOutputStream scope = new ByteArrayOutputStream();
            scope.writeBytes(field(1, field(1, text("io.quarkus.opentelemetry"))));
            for (int i = 0; i < spansPerScope; i++) {
                scope.writeBytes(field(2, span("POST /petitions")));
            }
            out.writeBytes(field(2, scope.toByteArray()));
        }
        return out.toByteArray();
    }

    private static byte[] export() {
        return concat(field(1, resourceSpans("intake-service", 2, 3)), field(1, resourceSpans("routing-service", 1, 4)),
                field(1, resourceSpans("intake-service", 1, 1)));
    }

    @Test
    void countsEverySpanOfEveryScopePerService() {
        assertEquals(Map.of("intake-service", 7L, "routing-service", 4L), OtlpSink.countSpans(export()));
        assertEquals(Map.of(), OtlpSink.countSpans(new byte[0]), "an empty export holds no span");
    }

    @Test
    void notAnExportIsRefused() {
        byte[] truncated = java.util.Arrays.copyOf(export(), export().length - 3);
        assertThrows(IllegalArgumentException.class, () -> OtlpSink.countSpans(truncated));
        assertThrows(IllegalArgumentException.class, () -> OtlpSink.countSpans(new byte[]{(byte) 0x0b})); // wire type 3
    }

    @Test
    void countsWhatOpenTelemetrysOwnMarshalerWrites() throws Exception {
        List<SpanData> ended = new CopyOnWriteArrayList<>();
        SpanExporter capture = new SpanExporter() {
            @Override
            public CompletableResultCode export(Collection<SpanData> spans) {
                ended.addAll(spans);
                return CompletableResultCode.ofSuccess();
            }

            @Override
            public CompletableResultCode flush() {
                return CompletableResultCode.ofSuccess();
            }

            @Override
            public CompletableResultCode shutdown() {
                return CompletableResultCode.ofSuccess();
            }
        };
        for (String service : List.of("intake-service", "routing-service")) {
            try (SdkTracerProvider provider = SdkTracerProvider.builder()
                    .setResource(Resource.getDefault().merge(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), service))))
                    .addSpanProcessor(SimpleSpanProcessor.create(capture)).build()) {
                Tracer tracer = provider.get("bench-test");
                Span request = tracer.spanBuilder("POST /petitions").setSpanKind(SpanKind.SERVER).startSpan();
                try (var scope = request.makeCurrent()) {
                    tracer.spanBuilder("petition.registered publish").setSpanKind(SpanKind.PRODUCER)
                            .setAttribute("messaging.system", "kafka").startSpan().end();
                }
                request.end();
                provider.get("another-scope").spanBuilder("outbox relay").startSpan().end();
            }
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        TraceRequestMarshaler.create(ended).writeBinaryTo(body);
        assertEquals(Map.of("intake-service", 3L, "routing-service", 3L), OtlpSink.countSpans(body.toByteArray()));
    }

    @Test
    void receivesExportsOverHttpPlainAndGzipped() throws Exception {
        try (OtlpSink sink = OtlpSink.start(0)) {
            HttpClient http = HttpClient.newHttpClient();
            URI traces = URI.create("http://127.0.0.1:" + sink.port() + "/v1/traces");
            HttpResponse<Void> plain = http.send(HttpRequest.newBuilder(traces).header("Content-Type", "application/x-protobuf")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(export())).build(), HttpResponse.BodyHandlers.discarding());
            assertEquals(200, plain.statusCode());
            ByteArrayOutputStream zipped = new ByteArrayOutputStream();
            try (GZIPOutputStream gzip = new GZIPOutputStream(zipped)) {
                gzip.write(export());
            }
            HttpResponse<Void> gzipped = http.send(HttpRequest.newBuilder(traces).header("Content-Encoding", "gzip")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(zipped.toByteArray())).build(), HttpResponse.BodyHandlers.discarding());
            assertEquals(200, gzipped.statusCode());
            HttpResponse<Void> garbage = http.send(HttpRequest.newBuilder(traces)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[]{(byte) 0x0a, 0x7f})).build(), HttpResponse.BodyHandlers.discarding());
            assertEquals(400, garbage.statusCode());
            http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sink.port() + "/v1/metrics"))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(export())).build(), HttpResponse.BodyHandlers.discarding());
            assertEquals(Map.of("intake-service", 14L, "routing-service", 8L), sink.spans());
            assertEquals(2, sink.exports());
            assertEquals(1, sink.refused());
            assertEquals(1, sink.otherPaths());
        }
    }
}
