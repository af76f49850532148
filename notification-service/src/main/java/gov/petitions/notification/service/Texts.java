package gov.petitions.notification.service;

import gov.petitions.notification.domain.Channel;
import gov.petitions.notification.repository.TemplateRepository;
import io.quarkus.logging.Log;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateException;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Renders message texts from the current version of each Qute template in MongoDB, in the {@link TemplateSandbox}:
 * a stored text is people's input and sees nothing but its message's data.
 */
@ApplicationScoped
public class Texts {

    public record Rendered(String subject, String text, int version) {
    }

    private final TemplateSandbox sandbox;
    private final TemplateRepository templates;
    /** Parsed templates by id:channel:version; a version never changes, so entries never go stale. */
    private final Map<String, Template> parsed = new ConcurrentHashMap<>();

    public Texts(TemplateSandbox sandbox, TemplateRepository templates) {
        this.sandbox = sandbox;
        this.templates = templates;
    }

    void seed(@Observes StartupEvent startup) {
        for (TemplateCatalog.Entry entry : TemplateCatalog.all()) {
            for (Channel channel : entry.channels()) {
                templates.seed(entry.id(), channel, resource(entry.id(), channel));
            }
        }
    }

    static String resource(String templateId, Channel channel) {
        String path = "notification-templates/" + templateId + "." + channel + ".txt";
        try (InputStream in = Texts.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing template resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The channel whose text a channel uses: each has its own template, except the development log
     * channel, which shows what the first production channel of the message would have said.
     */
    static Channel textChannel(TemplateCatalog.Entry entry, Channel channel) {
        return entry.channels().contains(channel) ? channel : entry.channels().get(0);
    }

    /** One text to render: a template for a channel, with the event's data. */
    public record Request(String templateId, Channel channel, Map<String, Object> data) {
    }

    public Rendered render(String templateId, Channel channel, Map<String, Object> data) {
        return render(List.of(new Request(templateId, channel, data))).get(0);
    }

    /**
     * Renders the text of each item (its {@link Request}) and makes each into what the caller wants with its text,
     * in the order given.
     */
    public <T, R> List<R> render(List<T> items, Function<T, Request> request, BiFunction<T, Rendered, R> then) {
        List<Rendered> rendered = render(items.stream().map(request).toList());
        List<R> results = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            results.add(then.apply(items.get(i), rendered.get(i)));
        }
        return results;
    }

    /**
     * Renders the texts of an event's messages with one read of the versions in use (an edit takes effect with
     * the next event on every replica); the text of each version is read once and then kept, parsed.
     */
    public List<Rendered> render(List<Request> requests) {
        Set<String> keys = new LinkedHashSet<>();
        for (Request request : requests) {
            keys.add(TemplateRepository.key(request.templateId(), textChannel(entry(request.templateId()), request.channel())));
        }
        Map<String, Integer> versions = templates.currentVersions(keys);
        List<Rendered> rendered = new ArrayList<>(requests.size());
        for (Request request : requests) {
            TemplateCatalog.Entry entry = entry(request.templateId());
            Channel textChannel = textChannel(entry, request.channel());
            Integer version = versions.get(TemplateRepository.key(request.templateId(), textChannel));
            if (version == null) {
                throw new IllegalStateException("template " + request.templateId() + "/" + textChannel + " not seeded");
            }
            rendered.add(render(entry, textChannel, version, request.data()));
        }
        return rendered;
    }

    private static TemplateCatalog.Entry entry(String templateId) {
        return TemplateCatalog.find(templateId)
                .orElseThrow(() -> new IllegalArgumentException("unknown template " + templateId));
    }

    private Rendered render(TemplateCatalog.Entry entry, Channel textChannel, int version, Map<String, Object> data) {
        String templateId = entry.id();
        try {
            Template template = parsed.computeIfAbsent(templateId + ":" + textChannel + ":" + version,
                    key -> sandbox.parse(templates.version(templateId, textChannel, version)
                            .orElseThrow(() -> new IllegalStateException("template " + templateId + "/" + textChannel
                                    + " version " + version + " missing"))
                            .source()));
            return new Rendered(subject(entry, data), render(template, data).strip(), version);
        } catch (TemplateException e) {
            // an edited version that passed with the sample data but not with this event's: the petitioner
            // still hears of the step, in the built-in wording (version 0), instead of the event being lost
            Log.warnf("Template %s/%s version %d failed (%s); the built-in text is used", templateId, textChannel,
                    version, e.getClass().getSimpleName());
            Template builtIn = parsed.computeIfAbsent(templateId + ":" + textChannel + ":0",
                    key -> sandbox.parse(resource(templateId, textChannel)));
            return new Rendered(subject(entry, data), render(builtIn, data).strip(), 0);
        }
    }

    /**
     * Renders a message's text again with the version it was first rendered with (or the one in use if unknown), with
     * data learnt at send time: a letter's decision text.
     */
    public Rendered render(String templateId, Channel channel, Integer version, Map<String, Object> data) {
        if (version == null) {
            return render(templateId, channel, data);
        }
        TemplateCatalog.Entry entry = entry(templateId);
        return render(entry, textChannel(entry, channel), version, data);
    }

    /**
     * Parses and renders a candidate source with sample data, within the preview limits: what an edit must pass
     * before it is saved, and what a preview shows.
     *
     * @throws TemplateSandbox.NotAllowed    if the source names a namespace
     * @throws TemplateSandbox.LimitExceeded if rendering it needs more than the preview limits
     * @throws TemplateException             if it does not parse or render with the data
     */
    public String trial(String source, Map<String, Object> data) {
        return sandbox.render(sandbox.parse(source), data, sandbox.previewLimits()).strip();
    }

    static String subject(TemplateCatalog.Entry entry, Map<String, Object> data) {
        Object number = data.get("trackingNumber");
        return "【信访】" + entry.title() + (number == null ? "" : "（" + number + "）");
    }

    private String render(Template template, Map<String, Object> data) {
        return sandbox.render(template, data, sandbox.deliveryLimits());
    }
}
