package gov.petitions.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;

/**
 * The benchmark's OTLP/HTTP collector for {@code ./petitions bench --tracing RATIO} (issue 23): the services export
 * their spans here ({@code http/protobuf}, {@code POST /v1/traces}, an {@code ExportTraceServiceRequest}); it reads
 * the protobuf just far enough to count the spans per exporting service and answers 200, as a collector that accepted
 * everything. Nothing is kept but the counts: a run exports millions of spans. It runs in the load generator's JVM, so
 * its CPU is the load generator's (reported apart, not in the system's total) — as a collector runs on a machine of
 * its own in a deployment.
 *
 * <p>platform-testing's {@code OtlpReceiver} decodes every span for the tests to assert on; the bench does not depend
 * on it (it would bring Quarkus's test framework onto the generator's class path) and needs only the counts.
 */
final class OtlpSink implements AutoCloseable {

    private final HttpServer server;
    private final Map<String, AtomicLong> spansByService = new ConcurrentHashMap<>();
    private final AtomicLong exports = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong otherPaths = new AtomicLong();

    private OtlpSink(HttpServer server) {
        this.server = server;
    }

    /** Listens on 127.0.0.1:port, where ./petitions pointed the services' exporters. */
    static OtlpSink start(int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        OtlpSink sink = new OtlpSink(server);
        server.createContext("/", sink::handle);
        server.setExecutor(Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "otlp-sink");
            t.setDaemon(true);
            return t;
        }));
        server.start();
        return sink;
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** Spans received so far, per service.name (a cumulative count: the stage takes differences at its edges). */
    Map<String, Long> spans() {
        Map<String, Long> copy = new TreeMap<>();
        spansByService.forEach((service, n) -> copy.put(service, n.get()));
        return copy;
    }

    long exports() {
        return exports.get();
    }

    /** exports that were not a readable ExportTraceServiceRequest (answered 400) */
    long refused() {
        return refused.get();
    }

    /** exports to another path than /v1/traces (metrics, logs: not counted as spans) */
    long otherPaths() {
        return otherPaths.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            int status = 200;
            if (!exchange.getRequestURI().getPath().endsWith("/v1/traces")) {
                otherPaths.incrementAndGet();
            } else {
                try {
                    if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
                        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
                            body = in.readAllBytes();
                        }
                    }
                    countSpans(body).forEach((service, n) ->
                            spansByService.computeIfAbsent(service, s -> new AtomicLong()).addAndGet(n));
                    exports.incrementAndGet();
                } catch (IOException | RuntimeException e) {
                    refused.incrementAndGet();
                    status = 400;
                }
            }
            exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(status, -1);
        }
    }

    // ---------------------------------------------------------------- protobuf wire format, as far as counting goes

    /**
     * Spans per service.name in an ExportTraceServiceRequest { repeated ResourceSpans resource_spans = 1; },
     * ResourceSpans { Resource resource = 1; repeated ScopeSpans scope_spans = 2; }, Resource { repeated KeyValue
     * attributes = 1; }, ScopeSpans { InstrumentationScope scope = 1; repeated Span spans = 2; }.
     *
     * @throws IllegalArgumentException when the bytes are not such a message
     */
    static Map<String, Long> countSpans(byte[] request) {
        Map<String, Long> byService = new TreeMap<>();
        new Reader(request).each((field, resourceSpans) -> {
            if (field != 1) {
                return;
            }
            String[] service = {"unknown"};
            long[] spans = {0};
            resourceSpans.each((f, value) -> {
                if (f == 1) {
                    value.each((a, attribute) -> {
                        if (a == 1) {
                            String[] kv = keyValue(attribute);
                            if ("service.name".equals(kv[0]) && kv[1] != null) {
                                service[0] = kv[1];
                            }
                        }
                    });
                } else if (f == 2) {
                    value.each((s, span) -> spans[0] += s == 2 ? 1 : 0);
                }
            });
            byService.merge(service[0], spans[0], Long::sum);
        });
        return byService;
    }

    /** KeyValue { string key = 1; AnyValue value = 2; }, AnyValue { string string_value = 1; ... } */
    private static String[] keyValue(Reader message) {
        String[] kv = new String[2];
        message.each((f, value) -> {
            if (f == 1) {
                kv[0] = value.text();
            } else if (f == 2) {
                value.each((v, any) -> {
                    if (v == 1) {
                        kv[1] = any.text();
                    }
                });
            }
        });
        return kv;
    }

    /** A protobuf message's bytes [from, to): walks its fields, giving the length-delimited ones as messages. */
    private record Reader(byte[] bytes, int from, int to) {

        Reader(byte[] bytes) {
            this(bytes, 0, bytes.length);
        }

        interface Field {
            void accept(int number, Reader value);
        }

        String text() {
            return new String(bytes, from, to - from, StandardCharsets.UTF_8);
        }

        /** every length-delimited field (wire type 2) to {@code visit}; varints and fixed fields are skipped */
        void each(Field visit) {
            int[] at = {from};
            while (at[0] < to) {
                long tag = varint(at);
                int number = (int) (tag >>> 3);
                switch ((int) (tag & 7)) {
                    case 0 -> varint(at);
                    case 1 -> skip(at, 8);
                    case 5 -> skip(at, 4);
                    case 2 -> {
                        long length = varint(at);
                        if (length < 0 || length > to - at[0]) {
                            throw new IllegalArgumentException("truncated field " + number);
                        }
                        visit.accept(number, new Reader(bytes, at[0], at[0] + (int) length));
                        at[0] += (int) length;
                    }
                    default -> throw new IllegalArgumentException("unsupported wire type " + (tag & 7));
                }
            }
        }

        private void skip(int[] at, int n) {
            if (at[0] + n > to) {
                throw new IllegalArgumentException("truncated fixed field");
            }
            at[0] += n;
        }

        private long varint(int[] at) {
            long value = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (at[0] >= to) {
                    throw new IllegalArgumentException("truncated varint");
                }
                byte b = bytes[at[0]++];
                value |= (long) (b & 0x7f) << shift;
                if ((b & 0x80) == 0) {
                    return value;
                }
            }
            throw new IllegalArgumentException("malformed varint");
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
