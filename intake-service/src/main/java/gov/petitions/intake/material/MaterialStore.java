package gov.petitions.intake.material;

import gov.petitions.platform.files.ChunkedFiles;
import gov.petitions.platform.files.FileType;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
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
 * petition_material and its chunks, in plain JDBC: the bytes go in and out one chunk (256 KiB) per statement, so
 * neither a file nor a result set of a whole file is ever held in memory (the platform's {@link ChunkedFiles}).
 */
@ApplicationScoped
public class MaterialStore {

    private final DataSource dataSource;
    private final ChunkedFiles chunks;

    public MaterialStore(DataSource dataSource) {
        this.dataSource = dataSource;
        this.chunks = new ChunkedFiles(dataSource, "petition_material_chunk", "material_id");
    }

    /** Count and total size of a petition's materials (quarantined ones included: they were uploaded too). */
    public record Usage(int count, long bytes) {
    }

    Usage usage(Connection c, UUID petitionId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "select count(*), coalesce(sum(size_bytes), 0) from petition_material where petition_id = ?")) {
            s.setObject(1, petitionId);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return new Usage(r.getInt(1), r.getLong(2));
            }
        }
    }

    public Usage usage(UUID petitionId) {
        return jdbc(c -> usage(c, petitionId));
    }

    /**
     * In one transaction: waits for the petition's other uploads (an advisory lock per petition, so two uploads at
     * once cannot both pass the limits), asks {@code limits} whether this one still fits, then writes the row as
     * PENDING and the file's bytes chunk by chunk.
     */
    public void insert(Material m, Path file, java.util.function.Consumer<Usage> limits) {
        QuarkusTransaction.requiringNew().run(() -> jdbc(c -> {
            try (PreparedStatement lock = c.prepareStatement("select pg_advisory_xact_lock(hashtext('material:' || ?))")) {
                lock.setString(1, m.petitionId().toString());
                lock.execute();
            }
            limits.accept(usage(c, m.petitionId()));
            try (PreparedStatement s = c.prepareStatement("insert into petition_material (id, petition_id, file_name, "
                    + "content_type, size_bytes, sha256, state, uploaded_by_kind, uploaded_by, uploaded_at) "
                    + "values (?, ?, ?, ?, ?, ?, 'PENDING', ?, ?, ?)")) {
                s.setObject(1, m.id());
                s.setObject(2, m.petitionId());
                s.setString(3, m.fileName());
                s.setString(4, m.type().mediaType);
                s.setLong(5, m.sizeBytes());
                s.setString(6, m.sha256());
                s.setString(7, m.uploadedByKind().name());
                s.setString(8, m.uploadedBy());
                s.setTimestamp(9, Timestamp.from(m.uploadedAt()));
                s.executeUpdate();
            }
            try {
                chunks.write(c, m.id(), file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return null;
        }));
    }

    public List<Material> list(UUID petitionId) {
        return jdbc(c -> {
            try (PreparedStatement s = c.prepareStatement(SELECT + " where petition_id = ? order by uploaded_at, id")) {
                s.setObject(1, petitionId);
                return all(s);
            }
        });
    }

    public Optional<Material> find(UUID petitionId, UUID materialId) {
        return jdbc(c -> {
            try (PreparedStatement s = c.prepareStatement(SELECT + " where petition_id = ? and id = ?")) {
                s.setObject(1, petitionId);
                s.setObject(2, materialId);
                return all(s).stream().findFirst();
            }
        });
    }

    /** The oldest materials still waiting for a verdict (an archived petition's have no bytes left to scan). */
    public List<Material> pending(int limit) {
        return jdbc(c -> {
            try (PreparedStatement s = c.prepareStatement(SELECT + " where state = 'PENDING' and not exists (select 1 "
                    + "from petition p where p.id = petition_material.petition_id and p.archived_at is not null) "
                    + "order by uploaded_at limit ?")) {
                s.setInt(1, limit);
                return all(s);
            }
        });
    }

    /** Records clamd's verdict on a material still PENDING (a verdict is never changed once given). */
    public void verdict(UUID materialId, Material.State state, String signature, Instant at) {
        jdbc(c -> {
            try (PreparedStatement s = c.prepareStatement("update petition_material set state = ?, signature = ?, "
                    + "scanned_at = ?, scan_attempts = scan_attempts + 1 where id = ? and state = 'PENDING'")) {
                s.setString(1, state.name());
                s.setString(2, signature);
                s.setTimestamp(3, Timestamp.from(at));
                s.setObject(4, materialId);
                return s.executeUpdate();
            }
        });
    }

    public void attemptFailed(UUID materialId) {
        jdbc(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "update petition_material set scan_attempts = scan_attempts + 1 where id = ? and state = 'PENDING'")) {
                s.setObject(1, materialId);
                return s.executeUpdate();
            }
        });
    }

    public void recordDownload(Material m, String subject, String roles, Instant at) {
        QuarkusTransaction.requiringNew().run(() -> jdbc(c -> {
            try (PreparedStatement s = c.prepareStatement("insert into petition_material_download "
                    + "(material_id, petition_id, subject, roles, downloaded_at) values (?, ?, ?, ?, ?)")) {
                s.setObject(1, m.id());
                s.setObject(2, m.petitionId());
                s.setString(3, subject);
                s.setString(4, roles);
                s.setTimestamp(5, Timestamp.from(at));
                return s.executeUpdate();
            }
        }));
    }

    /** The material's bytes, fetched one chunk per query as the stream is read. */
    public InputStream content(UUID materialId) {
        return chunks.content(materialId);
    }

    private static final String SELECT = "select id, petition_id, file_name, content_type, size_bytes, sha256, state, "
            + "signature, uploaded_by_kind, uploaded_by, uploaded_at, scanned_at from petition_material";

    private static List<Material> all(PreparedStatement s) throws SQLException {
        List<Material> out = new ArrayList<>();
        try (ResultSet r = s.executeQuery()) {
            while (r.next()) {
                Timestamp scanned = r.getTimestamp(12);
                out.add(new Material(r.getObject(1, UUID.class), r.getObject(2, UUID.class), r.getString(3),
                        FileType.ofMediaType(r.getString(4)), r.getLong(5), r.getString(6),
                        Material.State.valueOf(r.getString(7)), r.getString(8),
                        Material.UploaderKind.valueOf(r.getString(9)), r.getString(10), r.getTimestamp(11).toInstant(),
                        scanned == null ? null : scanned.toInstant()));
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
            throw new IllegalStateException("petition materials: " + e.getMessage(), e);
        }
    }
}
