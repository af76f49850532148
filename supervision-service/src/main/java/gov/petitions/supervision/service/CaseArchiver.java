package gov.petitions.supervision.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gov.petitions.platform.client.CallFailure;
import gov.petitions.platform.outbox.Outbox;
import gov.petitions.platform.time.ChinaTime;
import gov.petitions.supervision.TimelineEvent;
import gov.petitions.supervision.client.IntakeArchive;
import gov.petitions.supervision.config.RetentionPeriods;
import gov.petitions.supervision.events.CaseArchivedEvent;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Archives one case (信访档案, docs/archiving.md) in three steps, so that nothing is ever half-archived:
 * <ol>
 *   <li>a short read transaction takes what supervision holds of the case (the ledger entry and its related rows, the
 *   timeline with its chain and anchors) and checks it is still due;</li>
 *   <li>outside any transaction the archive file is written, streamed, to a temporary file in the archive directory:
 *   case.json, timeline.json, petition.json and the clean materials from intake, and last manifest.json with the
 *   SHA-256 of every other entry and the timeline's chain head and anchor proofs. intake unreachable: the temporary
 *   file is deleted and the case stays pending for the next run;</li>
 *   <li>a transaction locks the case's ledger row, decides again (a case reopened meanwhile is skipped, one changed
 *   meanwhile is left pending), moves the file into place atomically, records it (archive_record), removes the case's
 *   personal data from supervision's tables (free texts become {@link #REMOVED}; codes, dates, states, units and
 *   counts stay, so statistics and ledger_month do not move), marks its timeline redacted and tells case.archived
 *   through the outbox.</li>
 * </ol>
 */
@ApplicationScoped
public class CaseArchiver {

    /** What a removed free text reads after archiving. */
    public static final String REMOVED = "[已归档删除]";

    public static final String FORMAT = "petitions-case-archive/1";

    static final String HASHING = "entries: SHA-256 of each entry's bytes, hex; timeline: hash = SHA-256(prevHash as 32 bytes, "
            + "32 zero bytes for the first || UTF-8 bytes of 'canonical'), canonical = RFC 8785 JSON of actor, actorRole, at "
            + "(UTC, six fraction digits), fromStatus, petitionId, position, reason, toStatus, unitCode; anchors: leaf = "
            + "petitionId:position:head, leaf hash = SHA-256(0x00 || leaf), root by the RFC 9162 audit path, digest = "
            + "SHA-256(previousDigest as 32 bytes || RFC 8785 JSON of day, leaves, root)";

    private static final HexFormat HEX = HexFormat.of();

    private final EntityManager entityManager;
    private final Retention retention;
    private final TimelineAnchoring anchoring;
    private final IntakeArchive intake;
    private final CaseDocumentStore documents;
    private final RetentionPeriods periods;
    private final Outbox outbox;
    private final Clock clock;
    private final ObjectMapper json;

    public CaseArchiver(EntityManager entityManager, Retention retention, TimelineAnchoring anchoring,
                        IntakeArchive intake, CaseDocumentStore documents, RetentionPeriods periods, Outbox outbox,
                        Clock clock, ObjectMapper json) {
        this.entityManager = entityManager;
        this.retention = retention;
        this.anchoring = anchoring;
        this.intake = intake;
        this.documents = documents;
        this.periods = periods;
        this.outbox = outbox;
        this.clock = clock;
        this.json = json.copy().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
    }

    /** How archiving one case ended. PENDING: try again in a later run (intake unreachable, the case changed). */
    public enum State { ARCHIVED, SKIPPED, PENDING, FAILED }

    public record Outcome(State state, String reason, UUID archiveId, String sha256) {
        static Outcome of(State state, String reason) {
            return new Outcome(state, reason, null, null);
        }
    }

    /** What the read transaction took of the case. */
    private record Snapshot(Retention.Candidate candidate, ObjectNode caseJson, ArrayNode timeline, int timelineLength,
                            String head, List<TimelineAnchoring.Inclusion> anchors) {
    }

    public Path directory() {
        return periods.archiveDirectory().toAbsolutePath();
    }

    /**
     * Deletes the temporary files a process that died while writing an archive left behind. Called by a real run while
     * it holds the job's lock, so no other writer is at work.
     */
    public int sweepTemporaryFiles() {
        Path directory = directory();
        if (!Files.isDirectory(directory)) {
            return 0;
        }
        int swept = 0;
        try (var files = Files.newDirectoryStream(directory, ".tmp-*.zip")) {
            for (Path file : files) {
                deleteQuietly(file);
                swept++;
            }
        } catch (IOException e) {
            Log.warnf("Could not sweep the archive directory's temporary files: %s", e.toString());
        }
        if (swept > 0) {
            Log.infof("Deleted %d temporary archive files left by an earlier run", swept);
        }
        return swept;
    }

    /** Archives the case if it is still due; {@code runId} names the run whose item the outcome is written to. */
    public Outcome archive(UUID runId, UUID petitionId) {
        OffsetDateTime now = OffsetDateTime.now(clock).truncatedTo(ChronoUnit.MICROS);
        Object read = QuarkusTransaction.requiringNew().call(() -> snapshot(petitionId, now));
        if (read instanceof Outcome refused) {
            return refused;
        }
        Snapshot snapshot = (Snapshot) read;
        UUID archiveId = UUID.randomUUID();
        Path directory = directory();
        Path temporary = directory.resolve(".tmp-" + archiveId + ".zip");
        Written written;
        try {
            Files.createDirectories(directory);
            written = write(snapshot, archiveId, now, temporary);
        } catch (CallFailure | org.eclipse.microprofile.faulttolerance.exceptions.FaultToleranceException e) {
            deleteQuietly(temporary);
            return Outcome.of(State.PENDING, truncate("intake unavailable: " + (e instanceof CallFailure
                    ? e.getMessage() : e.getClass().getSimpleName())));
        } catch (IntakeArchive.Unknown e) {
            deleteQuietly(temporary);
            return Outcome.of(State.FAILED, truncate(e.getMessage()));
        } catch (Mismatch e) {
            deleteQuietly(temporary);
            return Outcome.of(State.FAILED, truncate(e.getMessage()));
        } catch (IOException | UncheckedIOException e) {
            deleteQuietly(temporary);
            return Outcome.of(State.PENDING, truncate("archive file not written: " + e.getClass().getSimpleName()));
        } catch (RuntimeException e) {
            deleteQuietly(temporary);
            throw e;
        }
        String year = String.valueOf(ChinaTime.dateInChina(now).getYear());
        Path relative = Path.of(year, petitionId + "-" + archiveId + ".zip");
        Path target = directory.resolve(relative);
        try {
            Outcome recorded = QuarkusTransaction.requiringNew().call(() ->
                    record(runId, snapshot, archiveId, now, written, temporary, target, relative));
            if (recorded.state() != State.ARCHIVED) {
                deleteQuietly(temporary);
            }
            return recorded;
        } catch (RuntimeException e) {
            // the transaction did not commit: no record points at the file, so it must not stay
            deleteQuietly(temporary);
            deleteQuietly(target);
            throw e;
        }
    }

    private Object snapshot(UUID petitionId, OffsetDateTime now) {
        Optional<Retention.Facts> facts = retention.facts(petitionId);
        if (facts.isEmpty()) {
            return Outcome.of(State.SKIPPED, "no such case in the ledger");
        }
        Retention.Decision decision = retention.decide(facts.get(), now);
        if (!decision.archive()) {
            return Outcome.of(State.SKIPPED, decision.whyNot());
        }
        List<TimelineEvent> events = TimelineEvent.of(petitionId);
        TimelineChain.Verification chain = TimelineChain.verify(events, anchoring.anchoredHeads(petitionId));
        if (!chain.verified()) {
            // an archive must prove the timeline it keeps: a broken chain is for a person to look at first
            return Outcome.of(State.FAILED, "timeline chain broken at position " + chain.brokenAt().position() + " ("
                    + chain.brokenAt().reason() + ")");
        }
        ArrayNode timeline = json.createArrayNode();
        for (TimelineEvent e : events) {
            ObjectNode entry = timeline.addObject();
            entry.put("id", e.id);
            entry.put("position", e.position);
            entry.put("at", ChinaTime.inChina(e.at.toInstant()).toString());
            entry.put("fromStatus", e.fromStatus == null ? null : e.fromStatus.name());
            entry.put("toStatus", e.toStatus.name());
            entry.put("actor", e.actor);
            entry.put("actorRole", e.actorRole);
            entry.put("unitCode", e.unitCode);
            entry.put("reason", e.reason);
            entry.put("prevHash", e.prevHash);
            entry.put("hash", e.hash);
            entry.put("canonical", TimelineChain.canonical(e));
        }
        return new Snapshot(decision.candidate(), caseJson(petitionId), timeline, events.size(), chain.head(),
                anchoring.inclusions(petitionId));
    }

    /** The ledger entry and every row of supervision's tables that belongs to the case, as PostgreSQL writes them. */
    private ObjectNode caseJson(UUID petitionId) {
        ObjectNode out = json.createObjectNode();
        out.set("ledgerEntry", query("select row_to_json(t)::text from ledger_entry t where t.petition_id = :id", petitionId));
        Map<String, String> related = new java.util.LinkedHashMap<>();
        related.put("deadlines", "deadline t where t.petition_id = :id order by t.id");
        related.put("instructions", "instruction t where t.petition_id = :id order by t.id");
        related.put("minutes", "minutes t where t.petition_id = :id");
        related.put("followUps", "follow_up t where t.petition_id = :id order by t.id");
        related.put("callBacks", "call_back t where t.petition_id = :id order by t.id");
        related.put("links", "case_link t where t.lead_id = :id or t.member_id = :id order by t.id");
        related.put("documents", "case_document t where t.petition_id = :id order by t.uploaded_at, t.id");
        related.forEach((name, from) -> out.set(name, query("select coalesce(json_agg(row_to_json(t)), '[]'::json)::text from "
                + "(select t.* from " + from + ") t", petitionId)));
        return out;
    }

    private JsonNode query(String sql, UUID petitionId) {
        Object text = entityManager.createNativeQuery(sql).setParameter("id", petitionId).getSingleResult();
        try {
            return json.readTree(text.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The written file: its SHA-256 and size, and each entry's. */
    private record Written(String sha256, long size, List<ObjectNode> entries) {
    }

    /** A material's bytes are not what intake says they are. */
    static class Mismatch extends RuntimeException {
        Mismatch(String message) {
            super(message);
        }
    }

    private Written write(Snapshot snapshot, UUID archiveId, OffsetDateTime now, Path temporary) throws IOException {
        Retention.Candidate c = snapshot.candidate();
        // before anything is written: intake down leaves no file at all
        JsonNode petition = intake.petition(c.petitionId());
        MessageDigest whole = TimelineChain.sha256();
        List<ObjectNode> entries = new ArrayList<>();
        long size;
        try (OutputStream file = Files.newOutputStream(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
             Counting counted = new Counting(new DigestOutputStream(new BufferedOutputStream(file, 64 * 1024), whole));
             ZipOutputStream zip = new ZipOutputStream(counted)) {
            entries.add(entry(zip, "case.json", out -> json.writerWithDefaultPrettyPrinter().writeValue(out, snapshot.caseJson())));
            entries.add(entry(zip, "timeline.json", out -> json.writerWithDefaultPrettyPrinter().writeValue(out, snapshot.timeline())));
            entries.add(entry(zip, "petition.json", out -> json.writerWithDefaultPrettyPrinter().writeValue(out, petition)));
            for (JsonNode material : petition.path("materials")) {
                if (!"CLEAN".equals(material.path("state").asText())) {
                    continue; // infected or unscanned files are not kept
                }
                String id = material.path("id").asText();
                String name = "materials/" + safe(id) + "-" + safe(material.path("fileName").asText("file"));
                ObjectNode written = entry(zip, name, out -> intake.material(c.petitionId(), id, out));
                String declared = material.path("sha256").asText("");
                if (!declared.isEmpty() && !declared.equalsIgnoreCase(written.path("sha256").asText())) {
                    throw new Mismatch("material " + id + " does not match intake's SHA-256");
                }
                entries.add(written);
            }
            // the case's own documents (handlers' evidence, decision scans): those found clean, as served
            for (CaseDocument document : documents.list(c.petitionId())) {
                if (document.state() != CaseDocument.State.CLEAN) {
                    continue;
                }
                String name = "documents/" + safe(document.id().toString()) + "-" + safe(document.fileName());
                ObjectNode written = entry(zip, name, out -> {
                    try (var in = documents.content(document.id())) {
                        in.transferTo(out);
                    }
                });
                if (!document.sha256().equalsIgnoreCase(written.path("sha256").asText())) {
                    throw new Mismatch("case document " + document.id() + " does not match its SHA-256");
                }
                entries.add(written);
            }
            ObjectNode manifest = manifest(snapshot, archiveId, now, entries);
            zip.putNextEntry(new ZipEntry("manifest.json"));
            zip.write(json.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest));
            zip.closeEntry();
            zip.finish();
            counted.flush();
            size = counted.count;
        }
        try (var channel = java.nio.channels.FileChannel.open(temporary, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        return new Written(HEX.formatHex(whole.digest()), size, entries);
    }

    private ObjectNode manifest(Snapshot snapshot, UUID archiveId, OffsetDateTime now, List<ObjectNode> entries) {
        Retention.Candidate c = snapshot.candidate();
        ObjectNode manifest = json.createObjectNode();
        manifest.put("format", FORMAT);
        manifest.put("archiveId", archiveId.toString());
        manifest.put("petitionId", c.petitionId().toString());
        manifest.put("trackingNumber", c.trackingNumber());
        manifest.put("closedAt", ChinaTime.inChina(c.closedAt().toInstant()).toString());
        manifest.put("retentionClass", c.retentionClass());
        manifest.put("retentionPeriod", c.period().toString());
        manifest.put("archivedAt", ChinaTime.inChina(now.toInstant()).toString());
        manifest.put("hashing", HASHING);
        ArrayNode list = manifest.putArray("entries");
        entries.forEach(list::add);
        ObjectNode timeline = manifest.putObject("timeline");
        timeline.put("entries", snapshot.timelineLength());
        timeline.put("head", snapshot.head());
        manifest.set("anchors", json.valueToTree(snapshot.anchors()));
        return manifest;
    }

    private interface Body {
        void write(OutputStream out) throws IOException;
    }

    /** Writes one entry, streamed, and returns its name, SHA-256 and size for the manifest. */
    private ObjectNode entry(ZipOutputStream zip, String name, Body body) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        MessageDigest sha = TimelineChain.sha256();
        Counting counted = new Counting(new DigestOutputStream(new FilterOutputStream(zip) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() {
                // the entry ends, not the archive
            }
        }, sha));
        body.write(counted);
        counted.flush();
        zip.closeEntry();
        ObjectNode entry = json.createObjectNode();
        entry.put("name", name);
        entry.put("sha256", HEX.formatHex(sha.digest()));
        entry.put("size", counted.count);
        return entry;
    }

    /** Counts the bytes that pass. */
    private static final class Counting extends FilterOutputStream {
        long count;

        Counting(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }

        @Override
        public void close() throws IOException {
            // Jackson closes what it writes to; only the outermost owner closes the file
            flush();
        }
    }

    /** A file name safe inside a zip on every system: no directories, no control characters. */
    static String safe(String name) {
        String cleaned = name.replaceAll("[\\\\/:*?\"<>|\\p{Cntrl}]", "_").strip();
        if (cleaned.isEmpty() || cleaned.equals(".") || cleaned.equals("..")) {
            cleaned = "file";
        }
        return cleaned.length() > 120 ? cleaned.substring(0, 120) : cleaned;
    }

    private Outcome record(UUID runId, Snapshot snapshot, UUID archiveId, OffsetDateTime now, Written written,
                           Path temporary, Path target, Path relative) throws IOException {
        Retention.Candidate c = snapshot.candidate();
        UUID id = c.petitionId();
        // the same lock as every ledger write: nothing changes the case while it is decided, recorded and anonymised
        entityManager.createNativeQuery("select 1 from ledger_entry where petition_id = :id for update")
                .setParameter("id", id).getResultList();
        Optional<Retention.Facts> facts = retention.facts(id);
        if (facts.isEmpty()) {
            return Outcome.of(State.SKIPPED, "no such case in the ledger");
        }
        Retention.Decision decision = retention.decide(facts.get(), now);
        if (!decision.archive()) {
            return Outcome.of(State.SKIPPED, decision.whyNot());
        }
        Number length = (Number) entityManager.createNativeQuery("select count(*) from timeline_event where petition_id = :id")
                .setParameter("id", id).getSingleResult();
        if (facts.get().version() != c.version() || length.intValue() != snapshot.timelineLength()) {
            return Outcome.of(State.PENDING, "the case changed while its archive was written");
        }
        Files.createDirectories(target.getParent());
        Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
        entityManager.createNativeQuery("insert into archive_record (petition_id, archive_id, sha256, path, size_bytes, "
                        + "retention_class, retention_period, closed_at, archived_at, run_id) values (:id, :archive, :sha, "
                        + ":path, :size, :class, :period, :closed, :at, :run)")
                .setParameter("id", id).setParameter("archive", archiveId).setParameter("sha", written.sha256())
                .setParameter("path", relative.toString()).setParameter("size", written.size())
                .setParameter("class", c.retentionClass()).setParameter("period", c.period().toString())
                .setParameter("closed", c.closedAt()).setParameter("at", now).setParameter("run", runId)
                .executeUpdate();
        anonymise(id);
        entityManager.createNativeQuery("insert into timeline_redaction (petition_id, through_position, archive_sha256, "
                        + "redacted_at) values (:id, :through, :sha, :at)")
                .setParameter("id", id).setParameter("through", snapshot.timelineLength())
                .setParameter("sha", written.sha256()).setParameter("at", now).executeUpdate();
        entityManager.createNativeQuery("update retention_item set state = 'ARCHIVED', reason = null, "
                        + "attempts = attempts + 1, updated_at = :at where run_id = :run and petition_id = :id")
                .setParameter("at", now).setParameter("run", runId).setParameter("id", id).executeUpdate();
        outbox.record(new CaseArchivedEvent(id, c.trackingNumber(), ChinaTime.inChina(c.closedAt().toInstant()),
                c.retentionClass(), c.period().toString(), archiveId, written.sha256(), ChinaTime.inChina(now.toInstant())));
        Log.infof("Case %s archived (%s, %s): archive %s", c.trackingNumber(), c.retentionClass(), c.period(), archiveId);
        return new Outcome(State.ARCHIVED, null, archiveId, written.sha256());
    }

    /**
     * Removes the personal data supervision holds of the case: every free text (reasons, written answers, the
     * petitioner's comments, instructions, minutes, follow-up notes, call-back comments, link reasons) and the names
     * of the staff who acted on it (timeline actors, the leader of an instruction or minutes, who recorded a call-back,
     * reported a follow-up, linked or split the case): the archive keeps them. Codes, dates, states, units, flags and counts stay: ledger_month's trigger sees
     * no figure change, and every statistic stays what it was.
     */
    private void anonymise(UUID id) {
        String r = "'" + REMOVED + "'";
        update("update ledger_entry set extension_reason = " + m("extension_reason", r) + ", decision_reason = "
                + m("decision_reason", r) + ", reply_text = " + m("reply_text", r) + ", evaluation_comment = "
                + m("evaluation_comment", r) + ", review_reply_text = " + m("review_reply_text", r)
                + ", re_review_reply_text = " + m("re_review_reply_text", r) + ", not_accepted_reason = "
                + m("not_accepted_reason", r) + ", version = version + 1 where petition_id = :id", id);
        update("update timeline_event set reason = " + m("reason", r) + ", actor = case when actor_role in "
                + "('system', 'petitioner') then actor else " + r + " end where petition_id = :id", id);
        update("update instruction set text = " + r + ", leader = " + r + " where petition_id = :id", id);
        update("update minutes set summary = " + r + ", team = " + r + ", leader = " + r + " where petition_id = :id", id);
        update("update follow_up set note = " + m("note", r) + ", reported_by = " + m("reported_by", r)
                + " where petition_id = :id", id);
        update("update call_back set comment = " + m("comment", r) + ", recorded_by = " + r + " where petition_id = :id", id);
        update("update case_link set reason = " + r + ", unlink_reason = " + m("unlink_reason", r) + ", linked_by = " + r
                + ", unlinked_by = " + m("unlinked_by", r) + " where lead_id = :id or member_id = :id", id);
        // the documents' bytes are in the archive: only their kind, type, size, digest, state and dates stay
        update("delete from case_document_chunk where document_id in (select d.id from case_document d "
                + "where d.petition_id = :id)", id);
        update("update case_document set file_name = " + r + ", uploaded_by = " + r + " where petition_id = :id", id);
        update("update case_document_download set subject = " + r + " where petition_id = :id", id);
    }

    private static String m(String column, String removed) {
        return "case when " + column + " is null then null else " + removed + " end";
    }

    private void update(String sql, UUID id) {
        entityManager.createNativeQuery(sql).setParameter("id", id).executeUpdate();
    }

    /** The archive recorded for a case: where its file is, and what it is. */
    public record Recorded(UUID petitionId, UUID archiveId, String sha256, Path file, long sizeBytes,
                           String retentionClass, String retentionPeriod, OffsetDateTime closedAt,
                           OffsetDateTime archivedAt) {
    }

    public Optional<Recorded> recorded(UUID petitionId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery("select petition_id, archive_id, sha256, path, size_bytes, "
                + "retention_class, retention_period, closed_at, archived_at from archive_record where petition_id = :id")
                .setParameter("id", petitionId).getResultList();
        return rows.stream().findFirst().map(r -> new Recorded((UUID) r[0], (UUID) r[1], (String) r[2],
                directory().resolve((String) r[3]), ((Number) r[4]).longValue(), (String) r[5], (String) r[6],
                ChinaTime.inChina(FollowUpScanner.time(r[7]).toInstant()),
                ChinaTime.inChina(FollowUpScanner.time(r[8]).toInstant())));
    }

    /** The redaction of a case's timeline after archiving, if it was archived. */
    public record Redaction(int throughPosition, String archiveSha256, OffsetDateTime redactedAt) {
    }

    public Optional<Redaction> redaction(UUID petitionId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery("select through_position, archive_sha256, redacted_at "
                + "from timeline_redaction where petition_id = :id").setParameter("id", petitionId).getResultList();
        return rows.stream().findFirst().map(r -> new Redaction(((Number) r[0]).intValue(), (String) r[1],
                ChinaTime.inChina(FollowUpScanner.time(r[2]).toInstant())));
    }

    /** Audits a download of a case's archive or manifest. */
    public void downloaded(Recorded archive, String what, String who, String role) {
        entityManager.createNativeQuery("insert into archive_download (petition_id, archive_id, what, downloaded_by, role, at) "
                        + "values (:id, :archive, :what, :who, :role, :at)")
                .setParameter("id", archive.petitionId()).setParameter("archive", archive.archiveId())
                .setParameter("what", what).setParameter("who", who).setParameter("role", role)
                .setParameter("at", OffsetDateTime.now(clock)).executeUpdate();
    }

    private static String truncate(String text) {
        return text == null || text.length() <= 480 ? text : text.substring(0, 480);
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            Log.warnf("Could not delete %s: %s", file, e.toString());
        }
    }
}
