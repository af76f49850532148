package gov.petitions.notification.service;

import io.quarkus.qute.Engine;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateException;
import io.quarkus.qute.TemplateInstance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sandbox renders our texts as Qute always did, and nothing beyond their data, within its limits. */
class TemplateSandboxTest {

    private static final TemplateSandbox.Limits PREVIEW = new TemplateSandbox.Limits(200_000, 64_000, Duration.ofSeconds(2));
    private final TemplateSandbox sandbox = new TemplateSandbox(PREVIEW, PREVIEW);

    @Test
    void everyBuiltInTextRendersAsWithTheFullEngine() {
        Engine full = Engine.builder().addDefaults().removeStandaloneLines(true).strictRendering(true).build();
        int rendered = 0;
        for (TemplateCatalog.Entry entry : TemplateCatalog.all()) {
            for (gov.petitions.notification.domain.Channel channel : entry.channels()) {
                String source = Texts.resource(entry.id(), channel);
                TemplateInstance expected = full.parse(source).instance();
                entry.sample().forEach(expected::data);
                assertEquals(expected.render(), sandbox.render(sandbox.parse(source), entry.sample(), PREVIEW),
                        entry.id() + "/" + channel);
                rendered++;
            }
        }
        assertTrue(rendered >= 30, "rendered " + rendered);
    }

    @Test
    void loopsKeepTheirMetadataAndAMissingNameStillFails() {
        Template template = sandbox.parse("{#for c in cases}{c_count}.{c.n}{#if c_hasNext},{/if}{/for}|{#each cases}{it.n}{/each}");
        assertEquals("1.a,2.b|ab", sandbox.render(template, Map.of("cases", List.of(Map.of("n", "a"), Map.of("n", "b"))), PREVIEW));
        assertThrows(TemplateException.class, () -> sandbox.render(sandbox.parse("{trackingNumbr}"),
                Map.of("trackingNumber", "x"), PREVIEW));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{config:property('petitions.service-identity.client-secret')}",
            "{config:['petitions.service-identity.client-secret']}",
            "{inject:contactLookup}",
            "{cdi:contactLookup.reveal('x','y','z')}",
            "{uri:Foo.bar}",
            "{msg:hello}",
            "{data:trackingNumber}",
            "{#if config:property('x')}y{/if}",
            "{#let t=config:property('petitions.service-identity.client-secret')}{t}{/let}",
            "{#for x in config:property('x')}{x}{/for}",
            "{trackingNumber ?: config:property('petitions.service-identity.client-secret')}",
            "{trackingNumber.or(config:property('petitions.service-identity.client-secret'))}",
    })
    void aNamespaceIsRefusedBeforeAnythingIsRendered(String source) {
        TemplateSandbox.NotAllowed refused = assertThrows(TemplateSandbox.NotAllowed.class, () -> sandbox.parse(source));
        assertTrue(refused.getMessage().contains(":"), refused.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"{#include foo /}", "{#insert foo}x{/insert}", "{#eval '{config:x}' /}", "{#fragment id=f}x{/fragment}"})
    void sectionsThatReachOtherTemplatesDoNotExist(String source) {
        assertThrows(TemplateException.class, () -> sandbox.render(sandbox.parse(source), Map.of(), PREVIEW));
    }

    @Test
    void reflectionFindsNothing() {
        assertThrows(TemplateException.class, () -> sandbox.render(sandbox.parse("{trackingNumber.getClass().getName()}"),
                Map.of("trackingNumber", "x"), PREVIEW));
    }

    @Test
    void nestedLoopsStopAtTheBudgetQuickly() {
        long start = System.nanoTime();
        assertThrows(TemplateSandbox.LimitExceeded.class, () -> sandbox.render(sandbox.parse(
                "{#for a in 100000}{#for b in 100000}{#for c in 100000}x{/for}{/for}{/for}"), Map.of(), PREVIEW));
        List<Object> thousand = new ArrayList<>(Collections.nCopies(1000, "x"));
        assertThrows(TemplateSandbox.LimitExceeded.class, () -> sandbox.render(sandbox.parse(
                "{#for a in l}{#for b in l}{#for c in l}{c}{/for}{/for}{/for}"), Map.of("l", thousand), PREVIEW));
        assertThrows(TemplateSandbox.LimitExceeded.class, () -> sandbox.render(sandbox.parse(
                "{#for i in 2000000000}{/for}"), Map.of(), PREVIEW));
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(5).toNanos(), "refused within the limits");
    }

    @Test
    void outputStopsAtItsLimit() {
        String kilobyte = "x".repeat(1_000);
        // 100 iterations, each a 1,000-character value: 100,000 characters, beyond 64,000
        TemplateSandbox.LimitExceeded refused = assertThrows(TemplateSandbox.LimitExceeded.class, () ->
                sandbox.render(sandbox.parse("{#for i in 100}{k}{/for}"), Map.of("k", kilobyte), PREVIEW));
        assertTrue(refused.getMessage().contains("64000"), refused.getMessage());
        assertEquals(60_000, sandbox.render(sandbox.parse("{#for i in 60}{k}{/for}"), Map.of("k", kilobyte), PREVIEW).length());
    }

    @Test
    void renderingStopsAtItsTime() {
        TemplateSandbox.Limits slow = new TemplateSandbox.Limits(Long.MAX_VALUE, 64_000, Duration.ofMillis(200));
        long start = System.nanoTime();
        TemplateSandbox.LimitExceeded refused = assertThrows(TemplateSandbox.LimitExceeded.class, () ->
                sandbox.render(sandbox.parse("{#for i in 2000000000}{/for}"), Map.of(), slow));
        assertTrue(refused.getMessage().contains("PT0.2S"), refused.getMessage());
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(3).toNanos());
    }
}
