package gov.petitions.supervision.service;

import gov.petitions.platform.problem.ProblemException;
import gov.petitions.platform.time.ChinaTime;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The retention job (docs/archiving.md): daily by {@code supervision.retention.job.cron}, or when an admin starts a run.
 * A run is a row (retention_run: who, when, dry or not — the audit of every run) and one item per selected case
 * (retention_item). A dry run only lists what would be archived (class, closing and due dates) and changes nothing
 * else. A real run selects the due cases as PENDING items, then archives them one per transaction
 * ({@link CaseArchiver}); it also finishes the PENDING items any earlier run left (a crash, intake unreachable), so a
 * run that died half-way is resumed by the next one. Across replicas only one real run works at a time: it holds a
 * PostgreSQL advisory lock on a connection of its own for as long as it works, released by the database if the
 * process dies.
 */
@ApplicationScoped
public class RetentionJob {

    /** "RETAINED": the one lock of every real run, in every replica. */
    static final long LOCK = 0x52455441494e4544L;

    private final EntityManager entityManager;
    private final Retention retention;
    private final CaseArchiver archiver;
    private final DataSource dataSource;
    private final Clock clock;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "retention-run");
        thread.setDaemon(true);
        return thread;
    });

    public RetentionJob(EntityManager entityManager, Retention retention, CaseArchiver archiver, DataSource dataSource,
                        Clock clock) {
        this.entityManager = entityManager;
        this.retention = retention;
        this.archiver = archiver;
        this.dataSource = dataSource;
        this.clock = clock;
    }

    @PreDestroy
    void stop() {
        worker.shutdownNow();
    }

    @Scheduled(cron = "${supervision.retention.job.cron:0 30 2 * * ?}", timeZone = "Asia/Shanghai",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        try {
            execute(start(false, "scheduler", "system").id());
        } catch (RuntimeException e) {
            Log.warnf("Retention run failed, the next run resumes it: %s", e.toString());
        }
    }

    public record Run(UUID id, boolean dryRun, String triggeredBy, String triggeredRole, OffsetDateTime startedAt,
                      OffsetDateTime finishedAt, long total, long pending, long archived, long failed, long skipped,
                      long wouldArchive) {
    }

    public record Item(UUID petitionId, String trackingNumber, OffsetDateTime closedAt, String retentionClass,
                       String retentionPeriod, OffsetDateTime dueAt, String state, String reason, int attempts,
                       OffsetDateTime updatedAt) {
    }

    /** Puts a run on record (the audit of who started it, when, dry or not); {@link #submit} then works it. */
    public Run start(boolean dryRun, String who, String role) {
        UUID id = UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery("insert into retention_run (id, dry_run, "
                        + "triggered_by, triggered_role, started_at) values (:id, :dry, :who, :role, :at)")
                .setParameter("id", id).setParameter("dry", dryRun).setParameter("who", who).setParameter("role", role)
                .setParameter("at", now()).executeUpdate());
        Log.infof("Retention run %s started by %s (%s), dry run: %s", id, who, role, dryRun);
        return run(id).orElseThrow();
    }

    /** Works the run on the job's own thread; the caller gets its progress from {@link #run}. */
    public void submit(UUID runId) {
        worker.submit(() -> {
            try {
                execute(runId);
            } catch (RuntimeException e) {
                Log.warnf("Retention run %s failed, the next run resumes it: %s", runId, e.toString());
            }
        });
    }

    /** Selects and (unless dry) archives, then finishes the run. */
    public void execute(UUID runId) {
        Run run = run(runId).orElseThrow(() -> ProblemException.notFound("Retention run", "No run " + runId));
        if (run.dryRun()) {
            select(runId, true);
            finish(Set.of(runId));
            return;
        }
        try (Connection lock = dataSource.getConnection()) {
            lock.setAutoCommit(true);
            try (PreparedStatement take = lock.prepareStatement("select pg_advisory_lock(?)")) {
                // one real run at a time across replicas: a second one waits for the first to end
                take.setLong(1, LOCK);
                take.execute();
            }
            try {
                archiver.sweepTemporaryFiles();
                select(runId, false);
                Set<UUID> touched = resume();
                touched.add(runId);
                finish(touched);
            } finally {
                try (PreparedStatement release = lock.prepareStatement("select pg_advisory_unlock(?)")) {
                    release.setLong(1, LOCK);
                    release.execute();
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("retention run " + runId + ": " + e.getMessage(), e);
        }
    }

    /** The due cases as the run's items: PENDING for a real run, WOULD_ARCHIVE for a dry one. */
    public void select(UUID runId, boolean dryRun) {
        OffsetDateTime now = now();
        UUID after = null;
        do {
            Retention.Batch batch = retention.due(now, after, !dryRun);
            QuarkusTransaction.requiringNew().run(() -> {
                for (Retention.Candidate c : batch.due()) {
                    entityManager.createNativeQuery("insert into retention_item (run_id, petition_id, tracking_number, "
                                    + "closed_at, retention_class, retention_period, due_at, state, updated_at) values "
                                    + "(:run, :id, :tn, :closed, :class, :period, :due, :state, :at) on conflict do nothing")
                            .setParameter("run", runId).setParameter("id", c.petitionId())
                            .setParameter("tn", c.trackingNumber()).setParameter("closed", c.closedAt())
                            .setParameter("class", c.retentionClass()).setParameter("period", c.period().toString())
                            .setParameter("due", c.dueAt()).setParameter("state", dryRun ? "WOULD_ARCHIVE" : "PENDING")
                            .setParameter("at", now).executeUpdate();
                }
            });
            after = batch.next();
        } while (after != null);
    }

    /**
     * Archives every PENDING item of every real run (this one's and those an earlier run left), each once in this
     * pass: one still pending afterwards (intake unreachable) waits for the next run. Returns the runs touched.
     */
    public Set<UUID> resume() {
        Set<UUID> touched = new LinkedHashSet<>();
        // the smallest uuid in PostgreSQL's (unsigned byte) order
        UUID afterRun = new UUID(0, 0);
        UUID afterCase = new UUID(0, 0);
        while (true) {
            UUID fromRun = afterRun;
            UUID fromCase = afterCase;
            @SuppressWarnings("unchecked")
            List<Object[]> page = QuarkusTransaction.requiringNew().call(() -> entityManager.createNativeQuery(
                            "select i.run_id, i.petition_id from retention_item i join retention_run r on r.id = i.run_id "
                                    + "where i.state = 'PENDING' and not r.dry_run and (i.run_id, i.petition_id) > (:run, :case) "
                                    + "order by i.run_id, i.petition_id limit 100")
                    .setParameter("run", fromRun).setParameter("case", fromCase).getResultList());
            if (page.isEmpty()) {
                return touched;
            }
            for (Object[] row : page) {
                UUID run = (UUID) row[0];
                UUID id = (UUID) row[1];
                touched.add(run);
                work(run, id);
                afterRun = run;
                afterCase = id;
            }
        }
    }

    private void work(UUID run, UUID id) {
        CaseArchiver.Outcome outcome;
        try {
            outcome = archiver.archive(run, id);
        } catch (RuntimeException e) {
            Log.warnf("Archiving case %s failed: %s", id, e.toString());
            outcome = new CaseArchiver.Outcome(CaseArchiver.State.PENDING, "failed: " + e.getClass().getSimpleName(), null, null);
        }
        if (outcome.state() == CaseArchiver.State.ARCHIVED) {
            return; // written with the archive, in its transaction
        }
        String state = outcome.state().name();
        String reason = outcome.reason();
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery("update retention_item set state = :state, "
                        + "reason = :reason, attempts = attempts + 1, updated_at = :at where run_id = :run and petition_id = :id "
                        + "and state = 'PENDING'")
                .setParameter("state", state).setParameter("reason", reason).setParameter("at", now())
                .setParameter("run", run).setParameter("id", id).executeUpdate());
    }

    /** Counts kept on the run rows; a run is finished when nothing of it is pending any more. */
    private void finish(Set<UUID> runs) {
        OffsetDateTime now = now();
        QuarkusTransaction.requiringNew().run(() -> {
            for (UUID run : runs) {
                entityManager.createNativeQuery("""
                                update retention_run r set
                                    total = (select count(*) from retention_item i where i.run_id = r.id),
                                    archived = (select count(*) from retention_item i where i.run_id = r.id and i.state = 'ARCHIVED'),
                                    failed = (select count(*) from retention_item i where i.run_id = r.id and i.state = 'FAILED'),
                                    skipped = (select count(*) from retention_item i where i.run_id = r.id and i.state = 'SKIPPED'),
                                    finished_at = case when exists (select 1 from retention_item i where i.run_id = r.id
                                                                    and i.state = 'PENDING') then null else cast(:at as timestamptz) end
                                where r.id = :id""")
                        .setParameter("at", now).setParameter("id", run).executeUpdate();
            }
        });
    }

    private static final String RUN_COLUMNS = """
            select r.id, r.dry_run, r.triggered_by, r.triggered_role, r.started_at, r.finished_at,
                (select count(*) from retention_item i where i.run_id = r.id),
                (select count(*) from retention_item i where i.run_id = r.id and i.state = 'PENDING'),
                (select count(*) from retention_item i where i.run_id = r.id and i.state = 'ARCHIVED'),
                (select count(*) from retention_item i where i.run_id = r.id and i.state = 'FAILED'),
                (select count(*) from retention_item i where i.run_id = r.id and i.state = 'SKIPPED'),
                (select count(*) from retention_item i where i.run_id = r.id and i.state = 'WOULD_ARCHIVE')
            from retention_run r
            """;

    /** A run with its progress counted from its items. */
    public Optional<Run> run(UUID id) {
        return QuarkusTransaction.joiningExisting().call(() -> {
            @SuppressWarnings("unchecked")
            List<Object[]> rows = entityManager.createNativeQuery(RUN_COLUMNS + " where r.id = :id")
                    .setParameter("id", id).getResultList();
            return rows.stream().findFirst().map(RetentionJob::run);
        });
    }

    public List<Run> runs(int page, int size) {
        return QuarkusTransaction.joiningExisting().call(() -> {
            @SuppressWarnings("unchecked")
            List<Object[]> rows = entityManager.createNativeQuery(RUN_COLUMNS + " order by r.started_at desc, r.id "
                    + "offset " + ((long) page * size) + " limit " + size).getResultList();
            return rows.stream().map(RetentionJob::run).toList();
        });
    }

    public List<Item> items(UUID runId, int page, int size) {
        return QuarkusTransaction.joiningExisting().call(() -> {
            @SuppressWarnings("unchecked")
            List<Object[]> rows = entityManager.createNativeQuery("select petition_id, tracking_number, closed_at, "
                            + "retention_class, retention_period, due_at, state, reason, attempts, updated_at from retention_item "
                            + "where run_id = :run order by due_at, petition_id offset " + ((long) page * size) + " limit " + size)
                    .setParameter("run", runId).getResultList();
            List<Item> items = new ArrayList<>();
            for (Object[] r : rows) {
                items.add(new Item((UUID) r[0], (String) r[1], china(r[2]), (String) r[3], (String) r[4], china(r[5]),
                        (String) r[6], (String) r[7], ((Number) r[8]).intValue(), china(r[9])));
            }
            return items;
        });
    }

    private static Run run(Object[] r) {
        return new Run((UUID) r[0], (Boolean) r[1], (String) r[2], (String) r[3], china(r[4]),
                r[5] == null ? null : china(r[5]), n(r[6]), n(r[7]), n(r[8]), n(r[9]), n(r[10]), n(r[11]));
    }

    private static long n(Object value) {
        return ((Number) value).longValue();
    }

    private static OffsetDateTime china(Object value) {
        return ChinaTime.inChina(FollowUpScanner.time(value).toInstant());
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).truncatedTo(ChronoUnit.MICROS);
    }
}
