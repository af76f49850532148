package gov.petitions.intake.service;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.narayana.jta.QuarkusTransactionException;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.persistence.FlushModeType;
import org.hibernate.Session;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Group commit for registrations (issue #20): a queue in front of the database. Each caller hands in its work and
 * waits; one writer thread takes what has queued up (at most {@code max-size} at a time) and runs the works one after
 * another in a single transaction, so they share one commit, and the inserts of the whole group go to PostgreSQL as
 * JDBC batches at its end. A caller is answered only after that commit, with its own result or its own error.
 * <p>
 * A group is what queued while the previous group was being written: the writer takes it at once and waits for no
 * one (unless {@code max-wait} says otherwise, which only tests do). A registration that arrives alone is written
 * alone, at once; under load, the queue fills while a group commits, and the next group is larger by itself.
 * <p>
 * One work that fails must not fail the others: the group is rolled back, the failing work runs again alone (in its
 * own transaction, so it gets the error it would have got without grouping, or succeeds if the failure was its
 * neighbours'), and the rest are written again as a group; if that fails too, each runs alone. A failure at the
 * commit names no work, so then each runs alone at once.
 * <p>
 * One writer, so two groups never wait for each other's row locks (idempotency keys, per-phone counters): a second
 * writer would deadlock with the first whenever they took the same two rows in opposite orders.
 */
@ApplicationScoped
public class RegistrationGroups {

    private final RegistrationGroupConfig config;
    private final EntityManager entityManager;
    private final LinkedBlockingQueue<Item<?>> queue = new LinkedBlockingQueue<>();
    private volatile boolean accepting;
    private Thread writer;
    /** Counted for the tests and the docs (RegistrationCostTest): groups written, works in them, waits for company. */
    private final AtomicLong groupsWritten = new AtomicLong();
    private final AtomicLong worksWritten = new AtomicLong();
    private final AtomicLong waitsForCompany = new AtomicLong();

    public RegistrationGroups(RegistrationGroupConfig config, EntityManager entityManager) {
        this.config = config;
        this.entityManager = entityManager;
        if (config.maxSize() < 1 || config.maxSize() > 1000) {
            throw new IllegalStateException("intake.registration.group.max-size must be between 1 and 1000");
        }
        if (config.maxWait().isNegative() || config.maxWait().toMillis() > 1000) {
            throw new IllegalStateException("intake.registration.group.max-wait must be between PT0S and PT1S");
        }
    }

    void start(@Observes StartupEvent started) {
        if (!config.enabled()) {
            return;
        }
        accepting = true;
        writer = new Thread(this::writeGroups, "registration-groups");
        writer.setDaemon(true);
        writer.start();
    }

    /** Stops taking new work; what is queued is still written before the service stops. */
    void stop(@Observes ShutdownEvent stopping) throws InterruptedException {
        accepting = false;
        if (writer != null) {
            writer.join(10_000);
        }
        // one that slipped in after the writer's last look at the queue
        for (Item<?> late = queue.poll(); late != null; late = queue.poll()) {
            late.runAlone();
        }
    }

    /**
     * Runs {@code work} in a transaction shared with other registrations and returns its result once that
     * transaction has committed; throws what the work threw. The work must not be in a transaction already, and must
     * not call other services (the whole group would wait for them): do that before.
     */
    public <T> T write(Supplier<T> work) {
        if (!accepting) {
            return alone(work);
        }
        // the writer thread runs the work in the caller's trace context (the request's span), so that the outbox
        // rows it records carry this registration's trace, not another's of the group (docs/tracing.md)
        Context caller = Context.current();
        Item<T> item = new Item<>(() -> {
            try (Scope ignored = caller.makeCurrent()) {
                return work.get();
            }
        });
        queue.add(item);
        try {
            return item.result.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            // the registration may still commit: a retry with its Idempotency-Key gets it back
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the registration was being written", e);
        }
    }

    private static <T> T alone(Supplier<T> work) {
        try {
            return QuarkusTransaction.requiringNew().call(work::get);
        } catch (QuarkusTransactionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : e;
        }
    }

    private void writeGroups() {
        while (accepting || !queue.isEmpty()) {
            List<Item<?>> group = new ArrayList<>(config.maxSize());
            try {
                Item<?> first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                group.add(first);
                // whoever queued while the previous group was written: taken at once, without waiting for more (a
                // wait of 2 ms for company was the default once, paid by every registration that came alone)
                queue.drainTo(group, config.maxSize() - 1);
                if (!config.maxWait().isZero() && group.size() < config.maxSize()) {
                    lingerForCompany(group);
                }
                groupsWritten.incrementAndGet();
                worksWritten.addAndGet(group.size());
                write(group, true);
            } catch (InterruptedException e) {
                // nobody interrupts the writer but the JVM going down: whoever waits is told, not left waiting
                Thread.currentThread().interrupt();
                accepting = false;
                queue.drainTo(group);
                IllegalStateException stopped = new IllegalStateException("registration writer stopped", e);
                group.forEach(item -> item.result.completeExceptionally(stopped));
                return;
            } catch (RuntimeException | Error e) {
                // not a work's ordinary failure (each is handed to its caller): no caller may wait for ever, and the
                // writer must keep going
                Log.errorf(e, "registration group writer: unexpected failure");
                group.forEach(item -> item.result.completeExceptionally(e));
            }
        }
    }

    /** Only with a positive {@code max-wait} (tests that need requests sent together to be written together). */
    private void lingerForCompany(List<Item<?>> group) throws InterruptedException {
        waitsForCompany.incrementAndGet();
        long deadline = System.nanoTime() + config.maxWait().toNanos();
        while (group.size() < config.maxSize()) {
            long left = deadline - System.nanoTime();
            Item<?> next = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : queue.poll();
            if (next == null) {
                return;
            }
            group.add(next);
        }
    }

    /** groups: transactions the writer began (a group rewritten after a failure counts once); waits: for company. */
    public record Counts(long groups, long works, long waitsForCompany) {
    }

    public Counts counts() {
        return new Counts(groupsWritten.get(), worksWritten.get(), waitsForCompany.get());
    }

    /** Writes the group in one transaction; on a failure, as the class comment says. */
    private void write(List<Item<?>> group, boolean mayRegroup) {
        if (group.size() == 1) {
            group.get(0).runAlone();
            return;
        }
        Item<?> failed = null;
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                // inserts wait for the commit and go in batches; a registration that reads what an earlier one of
                // the group wrote flushes first (PetitionRegistration#register)
                entityManager.setFlushMode(FlushModeType.COMMIT);
                entityManager.unwrap(Session.class).setJdbcBatchSize(group.size());
                for (Item<?> item : group) {
                    item.runInGroup();
                }
                // a flush sorts the waiting inserts by table (hibernate.order_inserts) and sends a batch per table,
                // the outbox's events included (their key is the event id, not an identity read back: OutboxEvent).
                // A failure here names no registration: each is written alone then
                entityManager.flush();
            });
        } catch (RuntimeException e) {
            failed = failedItem(e);
            if (failed == null) {
                // no work threw, so the database refused the commit (a constraint checked at the end): unexpected
                Log.warnf("a group of %d registrations failed at its commit (%s); each is written alone",
                        group.size(), e.getClass().getName());
                group.forEach(Item::runAlone);
                return;
            }
        }
        if (failed == null) {
            group.forEach(Item::succeed);
            return;
        }
        failed.runAlone();
        List<Item<?>> rest = new ArrayList<>(group);
        rest.remove(failed);
        if (mayRegroup) {
            write(rest, false);
        } else {
            rest.forEach(Item::runAlone);
        }
    }

    private static Item<?> failedItem(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ItemFailed failed) {
                return failed.item;
            }
        }
        return null;
    }

    /** The work of one caller, where its answer goes, and its result inside a group until the group commits. */
    private static final class Item<T> {
        final Supplier<T> work;
        final CompletableFuture<T> result = new CompletableFuture<>();
        T value;

        Item(Supplier<T> work) {
            this.work = work;
        }

        void runInGroup() {
            try {
                value = work.get();
            } catch (RuntimeException | StackOverflowError e) {
                throw new ItemFailed(this, e);
            }
        }

        void succeed() {
            result.complete(value);
        }

        void runAlone() {
            try {
                result.complete(alone(work));
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        }
    }

    /** The work of {@code item} threw: the group cannot commit, and it is known whose fault that was. */
    private static final class ItemFailed extends RuntimeException {
        final transient Item<?> item;

        ItemFailed(Item<?> item, Throwable cause) {
            super(null, cause, false, false);
            this.item = item;
        }
    }
}
