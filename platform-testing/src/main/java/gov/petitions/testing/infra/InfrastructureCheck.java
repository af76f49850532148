package gov.petitions.testing.infra;

import org.junit.platform.engine.FilterResult;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.PostDiscoveryFilter;

import java.lang.annotation.Annotation;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * Fails a test run at once, with one line, when the tests about to run need the test infrastructure and it is not
 * there: without it every {@code @QuarkusTest} fails on its own, each with a long stack trace, and the cause is hard
 * to see. Registered for every module that has platform-testing on its test class path (through
 * {@code META-INF/services/org.junit.platform.launcher.PostDiscoveryFilter}); it includes every test, it only looks.
 *
 * <p>It looks only when a discovered test class starts a service ({@code @QuarkusTest}, {@code @QuarkusIntegrationTest},
 * {@code @QuarkusMainTest}) or is an integration test ({@code *IT}, run by failsafe), so that plain unit tests run
 * without any infrastructure, and it checks only what the module configures (see {@link TestInfrastructure}).
 * Where it is missing and a Docker daemon answers, it starts what is missing in containers first
 * ({@link ContainerInfrastructure}). {@code -Dpetitions.infrastructure-check=false} switches it off.
 */
public class InfrastructureCheck implements PostDiscoveryFilter {

    static final int TIMEOUT_MILLIS = 500;
    private static final Set<String> STARTS_A_SERVICE = Set.of("io.quarkus.test.junit.QuarkusTest",
            "io.quarkus.test.junit.QuarkusIntegrationTest", "io.quarkus.test.junit.main.QuarkusMainTest",
            "io.quarkus.test.junit.main.QuarkusMainIntegrationTest");

    /** Said after what is missing, where no Docker answers either. */
    static final String WITH_DOCKER = " (or run Docker: the tests then start what is missing in containers, Testcontainers)";

    /** Checked once per test JVM: null until then, then empty (all there) or the line to fail with. */
    private static volatile Optional<String> verdict;

    @Override
    public FilterResult apply(TestDescriptor descriptor) {
        if (verdict == null && needsInfrastructure(descriptor)) {
            verdict = check();
        }
        if (verdict != null && verdict.isPresent()) {
            throw new InfrastructureMissing(verdict.get());
        }
        return FilterResult.included("the test infrastructure is there, or not needed");
    }

    private static Optional<String> check() {
        if ("false".equals(System.getProperty("petitions.infrastructure-check"))) {
            return Optional.empty();
        }
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        boolean outbox = loader.getResource("gov/petitions/platform/outbox/OutboxRelay.class") != null;
        Properties config = TestInfrastructure.configuration(loader);
        List<TestInfrastructure.Endpoint> needed = TestInfrastructure.required(config, TestInfrastructure.systemSettings(), outbox);
        Optional<String> missing = TestInfrastructure.firstMissing(needed, TIMEOUT_MILLIS);
        if (missing.isEmpty()) {
            return missing;
        }
        if (!ContainerInfrastructure.available()) {
            return Optional.of(missing.get() + WITH_DOCKER);
        }
        List<TestInfrastructure.Endpoint> absent = needed.stream()
                .filter(e -> TestInfrastructure.check(e, TIMEOUT_MILLIS).isPresent()).toList();
        Optional<String> failed = ContainerInfrastructure.start(absent);
        if (failed.isPresent()) {
            return failed;
        }
        // the containers' addresses are system properties now: resolved and checked again
        return TestInfrastructure.firstMissing(
                TestInfrastructure.required(config, TestInfrastructure.systemSettings(), outbox), TIMEOUT_MILLIS);
    }

    static boolean needsInfrastructure(TestDescriptor descriptor) {
        Object source = descriptor.getSource().orElse(null);
        String className;
        if (source instanceof ClassSource c) {
            className = c.getClassName();
        } else if (source instanceof MethodSource m) {
            className = m.getClassName();
        } else {
            return false;
        }
        if (className.endsWith("IT")) {
            return true;
        }
        try {
            Class<?> start = source instanceof ClassSource c ? c.getJavaClass() : ((MethodSource) source).getJavaClass();
            // the class, its superclasses, and for a @Nested class the classes around it
            for (Class<?> outer = start; outer != null; outer = outer.getEnclosingClass()) {
                for (Class<?> type = outer; type != null && type != Object.class; type = type.getSuperclass()) {
                    for (Annotation annotation : type.getAnnotations()) {
                        if (STARTS_A_SERVICE.contains(annotation.annotationType().getName())) {
                            return true;
                        }
                    }
                }
            }
        } catch (RuntimeException | LinkageError unloadable) {
            return false; // the engine reports a class it cannot load; not this check's business
        }
        return false;
    }

    /** The one line, without a stack trace: the trace would only say where the check is. */
    public static final class InfrastructureMissing extends IllegalStateException {
        public InfrastructureMissing(String message) {
            super(message);
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }

        @Override
        public String toString() {
            return getMessage();
        }
    }
}
