package gov.petitions.supervision.service;

import gov.petitions.platform.files.ChunkedFiles;
import gov.petitions.platform.files.FileType;
import jakarta.enterprise.context.ApplicationScoped;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * case_document, its chunks and its downloads, in plain JDBC: the bytes go in and out one chunk per statement
 * (platform-support's {@link ChunkedFiles}). Within a transaction the connection is the transaction's, so a document
 * is stored in the same transaction as its timeline entry.
 */
@ApplicationScoped
public class CaseDocumentStore {

    private final DataSource dataSource;
    private final ChunkedFiles chunks;

    public CaseDocumentStore(DataSource dataSource) {
        this.dataSource = dataSource;
        this.chunks = new ChunkedFiles(dataSource, "case_document_chunk", "document_id");
    }

    /** Count and total size of a case's documents (quarantined ones included: they were uploaded too). */
    public record Usage(int count, long bytes) {
    }

    public Usage usage(UUID petitionId) {
        return jdbc(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "select count(*), coalesce(sum(size_bytes), 0) from case_document where petition_id = ?")) {
                s.setObject(1, petitionId);
                try (ResultSet r = s.executeQuery()) {
                    r.next();
                    return new Usage(r.getInt(1), r.getLong(2));
                }
            }
        });
    }

    /** Writes the row as PENDING and the file's bytes chunk by chunk (in the caller's transaction). */
    void insert(CaseDocument d, Path file) {
        jdbc(c -> {
            try (PreparedStatement s = c.prepareStatement("insert into case_document (id, petition_id, kind, supports, "
                    + "file_name, content_type, size_bytes, sha256, state, uploaded_by, uploaded_by_role, "
                    + "uploaded_by_unit, uploaded_at) values (?, ?, ?, ?, ?, ?, ?, ?, 'PENDING', ?, ?, ?, ?)")) {
                s.setObject(1, d.id());
                s.setObject(2, d.petitionId());
                s.setString(3, d.kind().name());
                s.setString(4, d.supports() == null ? null : d.supports().name());
                s.setString(5, d.fileName());
                s.setString(6, d.type().mediaType);
                s.setLong(7, d.sizeBytes());
                s.setString(8, d.sha256());
                s.setString(9, d.uploadedBy());
                s.setString(10, d.uploadedByRole());
                s.setString(11, d.uploadedByUnit());
                s.setTimestamp(12, Timestamp.from(d.uploadedAt()));
                s.executeUpdate();
            }
            try {
                chunks.write(c, d.id(), file);
            } catch (IOException e) {
                throw new SQLException("writing the document's bytes: " + e.getMessage(), e);
            }
            return null;
        });
    }

    public List<CaseDocument> list(UUID petitionId) {
        return jdbc(c -> {
            try (PreparedStatement s = c.prepareStatement(SELECT + " where petition_id = ? order by uploaded_at, id")) {
                s.setObject(1, petitionId);
                return all(s);
            }
        });
    }

    public Optional<CaseDocument> find(UUID petitionId, UUID documentId) {
        return jdbc(c -> {
            try (PreparedStatement s = c.prepareStatement(SELECT + " where petition_id = ? and id = ?")) {
                s.setObject(1, petitionId);
                s.setObject(2, documentId);
                return all(s).stream().findFirst();
            }
        });
    }

    /** The oldest documents still waiting for a verdict. */
    public List<CaseDocument> pending(int limit) {
        return jdbc(c -> {
            try (PreparedStatement s = c.prepareStatement(SELECT + " where state = 'PENDING' order by uploaded_at limit ?")) {
                s.setInt(1, limit);
                return all(s);
            }
        });
    }

    /** Records clamd's verdict on a document still PENDING (a verdict is never changed once given). */
    public void verdict(UUID documentId, CaseDocument.State state, String signature, Instant at) {
        jdbc(c -> {
            try (PreparedStatement s = c.prepareStatement("update case_document set state = ?, signature = ?, "
                    + "scanned_at = ?, scan_attempts = scan_attempts + 1 where id = ? and state = 'PENDING'")) {
                s.setString(1, state.name());
                s.setString(2, signature);
                s.setTimestamp(3, Timestamp.from(at));
                s.setObject(4, documentId);
                return s.executeUpdate();
            }
        });
    }

    public void attemptFailed(UUID documentId) {
        jdbc(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "update case_document set scan_attempts = scan_attempts + 1 where id = ? and state = 'PENDING'")) {
                s.setObject(1, documentId);
                return s.executeUpdate();
            }
        });
    }

    void recordDownload(CaseDocument d, String subject, String roles, String unit, Instant at) {
        jdbc(c -> {
            try (PreparedStatement s = c.prepareStatement("insert into case_document_download "
                    + "(document_id, petition_id, subject, roles, unit, downloaded_at) values (?, ?, ?, ?, ?, ?)")) {
                s.setObject(1, d.id());
                s.setObject(2, d.petitionId());
                s.setString(3, subject);
                s.setString(4, roles);
                s.setString(5, unit);
                s.setTimestamp(6, Timestamp.from(at));
                return s.executeUpdate();
            }
        });
    }

    /** The document's bytes, fetched one chunk per query as the stream is read. */
    public InputStream content(UUID documentId) {
        return chunks.content(documentId);
    }

    private static final String SELECT = "select id, petition_id, kind, supports, file_name, content_type, size_bytes, "
            + "sha256, state, signature, uploaded_by, uploaded_by_role, uploaded_by_unit, uploaded_at, scanned_at "
            + "from case_document";

    private static List<CaseDocument> all(PreparedStatement s) throws SQLException {
        List<CaseDocument> out = new ArrayList<>();
        try (ResultSet r = s.executeQuery()) {
            while (r.next()) {
                String supports = r.getString(4);
                Timestamp scanned = r.getTimestamp(15);
                out.add(new CaseDocument(r.getObject(1, UUID.class), r.getObject(2, UUID.class),
                        CaseDocument.Kind.valueOf(r.getString(3)),
                        supports == null ? null : CaseDocument.Supports.valueOf(supports), r.getString(5),
                        FileType.ofMediaType(r.getString(6)), r.getLong(7), r.getString(8),
                        CaseDocument.State.valueOf(r.getString(9)), r.getString(10), r.getString(11), r.getString(12),
                        r.getString(13), r.getTimestamp(14).toInstant(), scanned == null ? null : scanned.toInstant()));
            }
        }
        return out;
    }

    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T jdbc(Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw new IllegalStateException("case documents: " + e.getMessage(), e);
        }
    }
}
