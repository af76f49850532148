package gov.petitions.platform.tracing;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The processor in a real tracer provider, in front of an exporter: what the exporter receives. */
class QueryStringsWithheldTest {

    private final InMemorySpanExporter exported = InMemorySpanExporter.create();

    private SpanData export(SpanKind kind, String... attributes) {
        try (SdkTracerProvider provider = SdkTracerProvider.builder()
                .addSpanProcessor(new QueryStringsWithheld())
                .addSpanProcessor(SimpleSpanProcessor.create(exported))
                .build()) {
            var builder = provider.get("test").spanBuilder("GET /petitions/search").setSpanKind(kind);
            for (int i = 0; i < attributes.length; i += 2) {
                builder.setAttribute(attributes[i], attributes[i + 1]);
            }
            builder.startSpan().end();
            // read before the provider closes: closing shuts the exporter down, which empties it
            List<SpanData> spans = exported.getFinishedSpanItems();
            return spans.get(spans.size() - 1);
        }
    }

    @Test
    void aServerSpansQueryIsWithheldItsPathKept() {
        SpanData span = export(SpanKind.SERVER, "url.path", "/petitions/search", "url.query", "q=%E5%BC%A0%E4%B8%89",
                "http.route", "/petitions/search");
        assertEquals("withheld", span.getAttributes().get(AttributeKey.stringKey("url.query")));
        assertEquals("/petitions/search", span.getAttributes().get(AttributeKey.stringKey("url.path")));
        assertEquals("/petitions/search", span.getAttributes().get(AttributeKey.stringKey("http.route")));
    }

    @Test
    void aClientSpansAddressKeepsAllButItsQuery() {
        SpanData span = export(SpanKind.CLIENT, "url.full", "http://intake:8081/petitions/lookup?phone=13800000000#top",
                "http.url", "http://intake:8081/contacts?name=张三", "http.target", "/petitions/search?q=张三");
        assertEquals("http://intake:8081/petitions/lookup?withheld#top",
                span.getAttributes().get(AttributeKey.stringKey("url.full")));
        assertEquals("http://intake:8081/contacts?withheld", span.getAttributes().get(AttributeKey.stringKey("http.url")));
        assertEquals("/petitions/search?withheld", span.getAttributes().get(AttributeKey.stringKey("http.target")));
    }

    @Test
    void anAddressWithoutAQueryIsLeftAsItIs() {
        SpanData span = export(SpanKind.CLIENT, "url.full", "http://supervision:8083/cases/abc");
        assertEquals("http://supervision:8083/cases/abc", span.getAttributes().get(AttributeKey.stringKey("url.full")));
        assertEquals(null, span.getAttributes().get(AttributeKey.stringKey("url.query")));
    }
}
