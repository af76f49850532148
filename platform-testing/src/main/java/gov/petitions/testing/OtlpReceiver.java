package gov.petitions.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;

/**
 * An in-process OTLP/HTTP collector for tests: it takes what a service exports to {@code <endpoint>/v1/traces}
 * (protobuf, {@code ExportTraceServiceRequest}), decodes the spans with a few lines of protobuf wire format (no
 * generated classes: only the fields the tests look at), and keeps them for the test to assert on. It answers every
 * export with 200 and an empty {@code ExportTraceServiceResponse}, as a collector that accepted everything.
 */
public final class OtlpReceiver implements AutoCloseable {

    /** SpanKind of OTLP's trace.proto. */
    public static final int SERVER = 2;
    public static final int CLIENT = 3;
    public static final int PRODUCER = 4;
    public static final int CONSUMER = 5;

    /**
     * One span as exported.
     *
     * @param service      the exporting service's {@code service.name}
     * @param parentSpanId empty for a root span
     * @param attributes   string, int and bool attributes as text
     */
    public record ReceivedSpan(String service, String traceId, String spanId, String parentSpanId, String name, int kind,
                               Map<String, String> attributes) {

        public String attribute(String key) {
            return attributes.get(key);
        }
    }

    private final HttpServer server;
    private final List<ReceivedSpan> spans = new CopyOnWriteArrayList<>();
    private final List<String> paths = new CopyOnWriteArrayList<>();

    private OtlpReceiver(HttpServer server) {
        this.server = server;
    }

    /** Listens on 127.0.0.1, on a free port. */
    public static OtlpReceiver start() {
        return start(0);
    }

    /**
     * Listens on 127.0.0.1 at a given port: for services started outside the test (the end-to-end instance), whose
     * exporters were told the port before the test ran. What they exported before it listened is lost.
     */
    public static OtlpReceiver start(int port) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
            OtlpReceiver receiver = new OtlpReceiver(server);
            server.createContext("/", receiver::handle);
            server.start();
            return receiver;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the OTLP receiver", e);
        }
    }

    /** The base URL to configure as the OTLP/HTTP endpoint. */
    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Every span received so far. */
    public List<ReceivedSpan> spans() {
        return List.copyOf(spans);
    }

    /** The request paths exports arrived on (e.g. /v1/traces). */
    public List<String> paths() {
        return List.copyOf(paths);
    }

    /** Waits until a span matches (the exporter sends in batches, a moment after the span ended). */
    public ReceivedSpan await(Predicate<ReceivedSpan> match, Duration timeout, String what) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            for (ReceivedSpan span : spans) {
                if (match.test(span)) {
                    return span;
                }
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("no span " + what + " within " + timeout + "; received: " + spans);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
                try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(body))) {
                    body = in.readAllBytes();
                }
            }
            paths.add(exchange.getRequestURI().getPath());
            int status = 200;
            try {
                spans.addAll(decodeExport(body));
            } catch (RuntimeException e) {
                status = 400;
            }
            exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(status, -1);
        }
    }

    // ---------------------------------------------------------------- protobuf wire format, the fields we read

    /** ExportTraceServiceRequest { repeated ResourceSpans resource_spans = 1; } */
    static List<ReceivedSpan> decodeExport(byte[] message) {
        List<ReceivedSpan> out = new ArrayList<>();
        for (Field resourceSpans : Field.all(message)) {
            if (resourceSpans.number == 1) {
                decodeResourceSpans(resourceSpans.bytes, out);
            }
        }
        return out;
    }

    /** ResourceSpans { Resource resource = 1; repeated ScopeSpans scope_spans = 2; } */
    private static void decodeResourceSpans(byte[] message, List<ReceivedSpan> out) {
        String service = "";
        List<byte[]> scopes = new ArrayList<>();
        for (Field field : Field.all(message)) {
            if (field.number == 1) {
                // Resource { repeated KeyValue attributes = 1; }
                Map<String, String> attributes = new LinkedHashMap<>();
                for (Field attribute : Field.all(field.bytes)) {
                    if (attribute.number == 1) {
                        keyValue(attribute.bytes, attributes);
                    }
                }
                service = attributes.getOrDefault("service.name", "");
            } else if (field.number == 2) {
                scopes.add(field.bytes);
            }
        }
        for (byte[] scope : scopes) {
            // ScopeSpans { InstrumentationScope scope = 1; repeated Span spans = 2; }
            for (Field field : Field.all(scope)) {
                if (field.number == 2) {
                    out.add(span(service, field.bytes));
                }
            }
        }
    }

    /** Span { trace_id = 1; span_id = 2; parent_span_id = 4; name = 5; kind = 6; repeated KeyValue attributes = 9; } */
    private static ReceivedSpan span(String service, byte[] message) {
        HexFormat hex = HexFormat.of();
        String traceId = "", spanId = "", parent = "", name = "";
        int kind = 0;
        Map<String, String> attributes = new LinkedHashMap<>();
        for (Field field : Field.all(message)) {
            switch (field.number) {
                case 1 -> traceId = hex.formatHex(field.bytes);
                case 2 -> spanId = hex.formatHex(field.bytes);
                case 4 -> parent = hex.formatHex(field.bytes);
                case 5 -> name = field.text();
                case 6 -> kind = (int) field.varint;
                case 9 -> keyValue(field.bytes, attributes);
                default -> {
                }
            }
        }
        return new ReceivedSpan(service, traceId, spanId, parent, name, kind, attributes);
    }

    /** KeyValue { string key = 1; AnyValue value = 2; } AnyValue { string = 1; bool = 2; int = 3; double = 4; } */
    private static void keyValue(byte[] message, Map<String, String> into) {
        String key = null;
        String value = null;
        for (Field field : Field.all(message)) {
            if (field.number == 1) {
                key = field.text();
            } else if (field.number == 2) {
                for (Field any : Field.all(field.bytes)) {
                    switch (any.number) {
                        case 1 -> value = any.text();
                        case 2 -> value = Boolean.toString(any.varint != 0);
                        case 3 -> value = Long.toString(any.varint);
                        case 4 -> value = Double.toString(Double.longBitsToDouble(any.fixed));
                        default -> {
                        }
                    }
                }
            }
        }
        if (key != null) {
            into.put(key, value);
        }
    }

    /** One field of a message: a varint, a fixed 32/64-bit value or length-delimited bytes. */
    private static final class Field {
        int number;
        long varint;
        long fixed;
        byte[] bytes;

        String text() {
            return bytes == null ? "" : new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
        }

        static List<Field> all(byte[] message) {
            List<Field> fields = new ArrayList<>();
            int[] at = {0};
            while (at[0] < message.length) {
                long tag = varint(message, at);
                Field field = new Field();
                field.number = (int) (tag >>> 3);
                switch ((int) (tag & 7)) {
                    case 0 -> field.varint = varint(message, at);
                    case 1 -> {
                        field.fixed = little(message, at[0], 8);
                        at[0] += 8;
                    }
                    case 2 -> {
                        int length = (int) varint(message, at);
                        if (length < 0 || at[0] + length > message.length) {
                            throw new IllegalArgumentException("truncated field " + field.number);
                        }
                        field.bytes = java.util.Arrays.copyOfRange(message, at[0], at[0] + length);
                        at[0] += length;
                    }
                    case 5 -> {
                        field.fixed = little(message, at[0], 4);
                        at[0] += 4;
                    }
                    default -> throw new IllegalArgumentException("unsupported wire type " + (tag & 7));
                }
                fields.add(field);
            }
            return fields;
        }

        private static long varint(byte[] message, int[] at) {
            long value = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (at[0] >= message.length) {
                    throw new IllegalArgumentException("truncated varint");
                }
                byte b = message[at[0]++];
                value |= (long) (b & 0x7f) << shift;
                if ((b & 0x80) == 0) {
                    return value;
                }
            }
            throw new IllegalArgumentException("malformed varint");
        }

        private static long little(byte[] message, int from, int length) {
            if (from + length > message.length) {
                throw new IllegalArgumentException("truncated fixed field");
            }
            long value = 0;
            for (int i = length - 1; i >= 0; i--) {
                value = (value << 8) | (message[from + i] & 0xff);
            }
            return value;
        }
    }
}
