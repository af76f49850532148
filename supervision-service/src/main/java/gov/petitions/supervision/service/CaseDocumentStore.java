package gov.petitions.supervision.service;

import gov.petitions.platform.files.ChunkedFiles;
import gov.petitions.platform.files.FileType;
import gov.petitions.platform.files.ScanVerdicts;
import gov.petitions.platform.files.Uploads;
import gov.petitions.platform.jdbc.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * case_document, its chunks and its downloads, in plain JDBC (the platform's {@link Jdbc}): the bytes go in and out
 * one chunk per statement (platform-support's {@link ChunkedFiles}). Within a transaction the connection is the
 * transaction's, so a document is stored in the same transaction as its timeline entry. It is also the table the
 * platform's {@link ScanVerdicts} records clamd's verdicts in.
 */
@ApplicationScoped
public class CaseDocumentStore implements ScanVerdicts.Table {

    private static final String SELECT = "select id, petition_id, kind, supports, file_name, content_type, size_bytes, "
            + "sha256, state, signature, uploaded_by, uploaded_by_role, uploaded_by_unit, uploaded_at, scanned_at "
            + "from case_document";

    private final Jdbc jdbc;
    private final ChunkedFiles chunks;

    public CaseDocumentStore(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource, "case documents");
        this.chunks = new ChunkedFiles(dataSource, "case_document_chunk", "document_id");
    }

    /** Count and total size of a case's documents (quarantined ones included: they were uploaded too). */
    public Uploads.Usage usage(UUID petitionId) {
        return jdbc.query("select count(*), coalesce(sum(size_bytes), 0) from case_document where petition_id = ?",
                r -> new Uploads.Usage(r.getInt(1), r.getLong(2)), petitionId).get(0);
    }

    /** Writes the row as PENDING and the file's bytes chunk by chunk (in the caller's transaction). */
    void insert(CaseDocument d, Path file) {
        jdbc.run(c -> {
            Jdbc.update(c, "insert into case_document (id, petition_id, kind, supports, file_name, content_type, "
                            + "size_bytes, sha256, state, uploaded_by, uploaded_by_role, uploaded_by_unit, "
                            + "uploaded_at) values (?, ?, ?, ?, ?, ?, ?, ?, 'PENDING', ?, ?, ?, ?)",
                    d.id(), d.petitionId(), d.kind().name(), d.supports() == null ? null : d.supports().name(),
                    d.fileName(), d.type().mediaType, d.sizeBytes(), d.sha256(), d.uploadedBy(), d.uploadedByRole(),
                    d.uploadedByUnit(), d.uploadedAt());
            try {
                chunks.write(c, d.id(), file);
            } catch (IOException e) {
                throw new SQLException("writing the document's bytes: " + e.getMessage(), e);
            }
            return null;
        });
    }

    public List<CaseDocument> list(UUID petitionId) {
        return jdbc.query(SELECT + " where petition_id = ? order by uploaded_at, id", CaseDocumentStore::document,
                petitionId);
    }

    public Optional<CaseDocument> find(UUID petitionId, UUID documentId) {
        return jdbc.query(SELECT + " where petition_id = ? and id = ?", CaseDocumentStore::document, petitionId,
                documentId).stream().findFirst();
    }

    /** The oldest documents still waiting for a verdict. */
    @Override
    public List<ScanVerdicts.Waiting> pending(int limit) {
        return jdbc.query("select id, petition_id from case_document where state = 'PENDING' "
                        + "order by uploaded_at limit ?",
                r -> new ScanVerdicts.Waiting(r.getObject(1, UUID.class), r.getObject(2, UUID.class)), limit);
    }

    /** Records clamd's verdict on a document still PENDING (a verdict is never changed once given). */
    @Override
    public void verdict(UUID documentId, boolean infected, String signature, Instant at) {
        jdbc.update("update case_document set state = ?, signature = ?, scanned_at = ?, "
                        + "scan_attempts = scan_attempts + 1 where id = ? and state = 'PENDING'",
                (infected ? CaseDocument.State.INFECTED : CaseDocument.State.CLEAN).name(), signature, at, documentId);
    }

    @Override
    public void attemptFailed(UUID documentId) {
        jdbc.update("update case_document set scan_attempts = scan_attempts + 1 where id = ? and state = 'PENDING'",
                documentId);
    }

    void recordDownload(CaseDocument d, String subject, String roles, String unit, Instant at) {
        jdbc.update("insert into case_document_download (document_id, petition_id, subject, roles, unit, "
                + "downloaded_at) values (?, ?, ?, ?, ?, ?)", d.id(), d.petitionId(), subject, roles, unit, at);
    }

    /** The document's bytes, fetched one chunk per query as the stream is read. */
    @Override
    public InputStream content(UUID documentId) {
        return chunks.content(documentId);
    }

    private static CaseDocument document(ResultSet r) throws SQLException {
        String supports = r.getString(4);
        return new CaseDocument(r.getObject(1, UUID.class), r.getObject(2, UUID.class),
                CaseDocument.Kind.valueOf(r.getString(3)),
                supports == null ? null : CaseDocument.Supports.valueOf(supports), r.getString(5),
                FileType.ofMediaType(r.getString(6)), r.getLong(7), r.getString(8),
                CaseDocument.State.valueOf(r.getString(9)), r.getString(10), r.getString(11), r.getString(12),
                r.getString(13), r.getTimestamp(14).toInstant(), Jdbc.instant(r.getTimestamp(15)));
    }
}
