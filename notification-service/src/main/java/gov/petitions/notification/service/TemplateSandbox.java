package gov.petitions.notification.service;

import gov.petitions.notification.config.NotificationConfig;
import io.quarkus.qute.Engine;
import io.quarkus.qute.Expression;
import io.quarkus.qute.IfSectionHelper;
import io.quarkus.qute.SetSectionHelper;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateException;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.qute.ValueResolvers;
import io.quarkus.qute.WhenSectionHelper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The Qute engine for message texts that people edit (stored templates) and preview. It is NOT the application's
 * engine: that one has namespace resolvers ({@code config:}, {@code inject:}, {@code cdi:}, {@code uri:}, {@code msg:}
 * ...) through which a template could read the service's secrets or call its beans. This one resolves only the data
 * handed to the template (maps, lists, strings, numbers, booleans), knows only {@code if}, {@code for}/{@code each},
 * {@code let}/{@code set} and {@code when}/{@code switch} (no {@code include}, {@code insert}, {@code eval}), refuses a
 * template that names any namespace before it is ever rendered, and renders within a budget of loop work, output
 * size and time (a loop nested in a loop is how one small template becomes gigabytes).
 */
@ApplicationScoped
public class TemplateSandbox {

    /** How much one rendering may do. {@code maxSteps} counts loop iterations weighted by the size of the loop body. */
    public record Limits(long maxSteps, int maxOutputChars, Duration maxTime) {
    }

    /** A template that reaches beyond its data (a namespace). */
    public static class NotAllowed extends TemplateException {
        public NotAllowed(String message) {
            super(message);
        }
    }

    /** A rendering that needed more loop work, output or time than its limits allow. */
    public static class LimitExceeded extends TemplateException {
        public LimitExceeded(String message) {
            super(message);
        }
    }

    private final Engine engine;
    private final Limits preview;
    private final Limits delivery;

    @Inject
    public TemplateSandbox(NotificationConfig config) {
        this(new Limits(config.templates().previewMaxSteps(), config.templates().previewMaxOutputChars(),
                        config.templates().previewMaxTime()),
                new Limits(config.templates().deliveryMaxSteps(), config.templates().deliveryMaxOutputChars(),
                        config.templates().deliveryMaxTime()));
    }

    public TemplateSandbox(Limits preview, Limits delivery) {
        this.preview = preview;
        this.delivery = delivery;
        this.engine = Engine.builder()
                // data only: no reflection, no namespaces, no template locators
                .addValueResolvers(ValueResolvers.mapperResolver(), ValueResolvers.mapResolver(),
                        ValueResolvers.mapEntryResolver(), ValueResolvers.listResolver(),
                        ValueResolvers.collectionResolver(), ValueResolvers.arrayResolver(),
                        ValueResolvers.thisResolver(), ValueResolvers.orResolver(), ValueResolvers.orEmpty(),
                        ValueResolvers.trueResolver(), ValueResolvers.logicalAndResolver(),
                        ValueResolvers.logicalOrResolver(), ValueResolvers.numberValueResolver(),
                        ValueResolvers.plusResolver(), ValueResolvers.minusResolver(), ValueResolvers.modResolver(),
                        ValueResolvers.equalsResolver())
                .addSectionHelper(new IfSectionHelper.Factory())
                .addSectionHelper(new BoundedLoopSection.Factory())
                .addSectionHelper(new SetSectionHelper.Factory())
                .addSectionHelper(new WhenSectionHelper.Factory())
                // as the application's engine does, so that a text renders the same as before
                .removeStandaloneLines(true)
                .strictRendering(true)
                .build();
    }

    public Limits previewLimits() {
        return preview;
    }

    public Limits deliveryLimits() {
        return delivery;
    }

    /**
     * Parses a template, refusing one that names a namespace anywhere (an output expression, a section parameter, a
     * method parameter, the right side of an elvis operator).
     *
     * @throws NotAllowed        if it names a namespace
     * @throws TemplateException if it does not parse
     */
    public Template parse(String source) {
        Template template = engine.parse(source);
        List<String> namespaces = new ArrayList<>();
        for (Expression expression : template.getExpressions()) {
            collectNamespaces(expression, namespaces);
        }
        if (!namespaces.isEmpty()) {
            throw new NotAllowed("a message text may use only its own data; it names "
                    + String.join(", ", namespaces.stream().distinct().map(n -> n + ":").toList()));
        }
        return template;
    }

    private static void collectNamespaces(Expression expression, List<String> namespaces) {
        if (expression.hasNamespace()) {
            namespaces.add(expression.getNamespace());
        }
        for (Expression.Part part : expression.getParts()) {
            if (part.isVirtualMethod()) {
                for (Expression parameter : part.asVirtualMethod().getParameters()) {
                    collectNamespaces(parameter, namespaces);
                }
            }
        }
    }

    /**
     * Renders within the limits; the output is cut off (and the rendering fails) at the first chunk beyond them.
     *
     * @throws LimitExceeded     if the rendering needed more than the limits allow
     * @throws TemplateException if the template does not render with this data
     */
    public String render(Template template, Map<String, Object> data, Limits limits) {
        RenderBudget budget = new RenderBudget(limits);
        TemplateInstance instance = template.instance();
        data.forEach(instance::data);
        instance.setAttribute(RenderBudget.ATTRIBUTE, budget);
        StringBuilder out = new StringBuilder();
        try {
            // rendering is synchronous for in-memory data: the stage is complete when consume returns
            instance.consume(chunk -> budget.write(out, chunk)).toCompletableFuture()
                    .get(limits.maxTime().toMillis() + 1_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | CompletionException e) {
            throw unwrap(e);
        } catch (TimeoutException e) {
            throw new LimitExceeded("rendering took longer than " + limits.maxTime());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TemplateException("rendering interrupted");
        } catch (RuntimeException e) {
            throw unwrap(e);
        }
        return out.toString();
    }

    private static RuntimeException unwrap(Throwable e) {
        Throwable cause = e;
        while ((cause instanceof ExecutionException || cause instanceof CompletionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof TemplateException t) {
            return t;
        }
        return new TemplateException(cause instanceof RuntimeException r ? r : new IllegalStateException(cause));
    }

    /** What one rendering has used of its limits; kept on the template instance, read by the loop section. */
    static final class RenderBudget {

        static final String ATTRIBUTE = "gov.petitions.notification.render-budget";

        private final Limits limits;
        private final long deadline;
        private long steps;
        private long chars;

        RenderBudget(Limits limits) {
            this.limits = limits;
            this.deadline = System.nanoTime() + limits.maxTime().toNanos();
        }

        void step(long cost) {
            steps += cost;
            if (steps > limits.maxSteps()) {
                throw new LimitExceeded("the loops of this template do more than " + limits.maxSteps()
                        + " steps of work (iterations times the size of their bodies)");
            }
            checkTime();
        }

        void write(StringBuilder out, String chunk) {
            chars += chunk.length();
            if (chars > limits.maxOutputChars()) {
                throw new LimitExceeded("the text would be longer than " + limits.maxOutputChars() + " characters");
            }
            checkTime();
            out.append(chunk);
        }

        private void checkTime() {
            if (System.nanoTime() - deadline > 0) {
                throw new LimitExceeded("rendering took longer than " + limits.maxTime());
            }
        }
    }
}
