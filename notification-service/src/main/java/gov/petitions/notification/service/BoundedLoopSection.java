package gov.petitions.notification.service;

import io.quarkus.qute.Expression;
import io.quarkus.qute.Mapper;
import io.quarkus.qute.Parameter;
import io.quarkus.qute.ResolutionContext;
import io.quarkus.qute.ResultNode;
import io.quarkus.qute.Results;
import io.quarkus.qute.Scope;
import io.quarkus.qute.SectionBlock;
import io.quarkus.qute.SectionHelper;
import io.quarkus.qute.SectionHelperFactory;
import io.quarkus.qute.TemplateException;
import io.quarkus.qute.TemplateNode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * {@code {#for c in cases}...{/for}} and {@code {#each cases}...{/each}} that charge every iteration to the
 * rendering's {@link TemplateSandbox.RenderBudget}, weighted by the size of the loop body, so that nested loops
 * (or {@code {#for i in 2000000000}}) stop at the budget instead of filling the heap. Iteration metadata as in
 * Qute with the {@code <alias_>} prefix: {@code c_count}, {@code c_index}, {@code c_hasNext}, {@code c_isFirst},
 * {@code c_isLast}, {@code c_odd}, {@code c_even}.
 */
final class BoundedLoopSection implements SectionHelper {

    private static final String DEFAULT_ALIAS = "it";

    private final String alias;
    private final Expression iterable;
    /** The work of one iteration: the nodes of the body, nested sections included. */
    private final long cost;

    private BoundedLoopSection(String alias, Expression iterable, long cost) {
        this.alias = alias;
        this.iterable = iterable;
        this.cost = cost;
    }

    @Override
    public CompletionStage<ResultNode> resolve(SectionResolutionContext context) {
        Object attribute = context.resolutionContext().getAttribute(TemplateSandbox.RenderBudget.ATTRIBUTE);
        if (!(attribute instanceof TemplateSandbox.RenderBudget budget)) {
            // rendered without limits: refuse rather than loop unbounded
            return CompletableFuture.failedFuture(new TemplateException("a loop needs a render budget"));
        }
        return context.resolutionContext().evaluate(iterable).thenCompose(value -> {
            Iterator<?> iterator = iterator(value);
            List<CompletableFuture<ResultNode>> results = new ArrayList<>();
            int index = 0;
            while (iterator.hasNext()) {
                budget.step(cost);
                Object element = iterator.next();
                ResolutionContext child = context.resolutionContext()
                        .createChild(new Iteration(alias, element, index++, iterator.hasNext()), null);
                results.add(context.execute(child).toCompletableFuture());
            }
            if (results.isEmpty()) {
                return ResultNode.NOOP;
            }
            return CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).thenApply(done -> new ResultNode() {
                @Override
                public void process(Consumer<String> consumer) {
                    for (CompletableFuture<ResultNode> result : results) {
                        result.join().process(consumer);
                    }
                }
            });
        });
    }

    private Iterator<?> iterator(Object value) {
        if (value instanceof Iterable<?> iterable) {
            return iterable.iterator();
        }
        if (value instanceof Map<?, ?> map) {
            return map.entrySet().iterator();
        }
        if (value instanceof Object[] array) {
            return Arrays.asList(array).iterator();
        }
        if (value instanceof Integer count) {
            return new Iterator<Integer>() {
                private int next = 1;

                @Override
                public boolean hasNext() {
                    return next <= count;
                }

                @Override
                public Integer next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    return next++;
                }
            };
        }
        throw new TemplateException("Loop section error: [" + iterable.toOriginalString() + "] resolved to ["
                + (value == null ? "null" : value.getClass().getSimpleName()) + "] which is not iterable");
    }

    private static long weight(List<SectionBlock> blocks) {
        long nodes = 0;
        for (SectionBlock block : blocks) {
            for (TemplateNode node : block.nodes) {
                nodes++;
                if (node.isSection()) {
                    nodes += weight(node.asSection().getBlocks());
                }
            }
        }
        return nodes;
    }

    /** One element and its metadata, looked up before the enclosing data. */
    private record Iteration(String alias, Object element, int index, boolean hasNext) implements Mapper {

        @Override
        public boolean appliesTo(String key) {
            return key.equals(alias) || key.startsWith(alias + "_");
        }

        @Override
        public Object get(String key) {
            if (key.equals(alias)) {
                return element;
            }
            return switch (key.substring(alias.length() + 1)) {
                case "count" -> index + 1;
                case "index" -> index;
                case "hasNext" -> hasNext;
                case "isFirst", "first" -> index == 0;
                case "isLast", "last" -> !hasNext;
                case "isOdd", "odd" -> index % 2 == 0;
                case "isEven", "even" -> index % 2 != 0;
                case "indexParity" -> index % 2 != 0 ? "even" : "odd";
                default -> Results.NotFound.from(key);
            };
        }
    }

    static final class Factory implements SectionHelperFactory<BoundedLoopSection> {

        private static final String ALIAS = "alias";
        private static final String IN = "in";
        private static final String ITERABLE = "iterable";

        @Override
        public List<String> getDefaultAliases() {
            return List.of("for", "each");
        }

        @Override
        public ParametersInfo getParameters() {
            return ParametersInfo.builder()
                    .addParameter(new Parameter(ALIAS, null, false))
                    .addParameter(new Parameter(IN, null, true))
                    .addParameter(new Parameter(ITERABLE, null, true))
                    .build();
        }

        @Override
        public Scope initializeBlock(Scope previousScope, BlockInfo block) {
            if (!block.isMainBlock()) {
                return previousScope;
            }
            String[] names = names(block.getParameter(ALIAS), block.getParameter(IN), block.getParameter(ITERABLE), block);
            block.addExpression(ITERABLE, names[1]);
            Scope scope = new Scope(previousScope);
            scope.putBinding(names[0], null);
            return scope;
        }

        @Override
        public BoundedLoopSection initialize(SectionInitContext context) {
            String[] names = names(context.getParameter(ALIAS), context.getParameter(IN), context.getParameter(ITERABLE),
                    context);
            return new BoundedLoopSection(names[0], context.getExpression(ITERABLE), Math.max(1, weight(context.getBlocks())));
        }

        /** {@code for c in cases} → [c, cases]; {@code each cases} → [it, cases]. */
        private static String[] names(String alias, String in, String iterable, ParserDelegate parser) {
            if (iterable == null && in == null) {
                return new String[]{DEFAULT_ALIAS, alias};
            }
            if (!IN.equals(in) || iterable == null) {
                throw parser.createParserError("a loop reads {#for item in items} or {#each items}");
            }
            return new String[]{alias, iterable};
        }
    }
}
