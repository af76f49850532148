package gov.petitions.intake.material;

import gov.petitions.platform.files.ChunkedFiles;
import gov.petitions.platform.files.FileType;
import gov.petitions.platform.files.ScanVerdicts;
import gov.petitions.platform.files.Uploads;
import gov.petitions.platform.jdbc.Jdbc;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * petition_material and its chunks, in plain JDBC (the platform's {@link Jdbc}): the bytes go in and out one chunk
 * (256 KiB) per statement, so neither a file nor a result set of a whole file is ever held in memory (the platform's
 * {@link ChunkedFiles}); and the table the platform's {@link ScanVerdicts} records clamd's verdicts in.
 */
@ApplicationScoped
public class MaterialStore implements ScanVerdicts.Table {

    private static final String SELECT = "select id, petition_id, file_name, content_type, size_bytes, sha256, state, "
            + "signature, uploaded_by_kind, uploaded_by, uploaded_at, scanned_at from petition_material";

    private final Jdbc jdbc;
    private final ChunkedFiles chunks;

    public MaterialStore(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource, "petition materials");
        this.chunks = new ChunkedFiles(dataSource, "petition_material_chunk", "material_id");
    }

    /** Count and total size of a petition's materials (quarantined ones included: they were uploaded too). */
    private static Uploads.Usage usage(Connection c, UUID petitionId) throws SQLException {
        return Jdbc.query(c, "select count(*), coalesce(sum(size_bytes), 0) from petition_material "
                + "where petition_id = ?", r -> new Uploads.Usage(r.getInt(1), r.getLong(2)), petitionId).get(0);
    }

    public Uploads.Usage usage(UUID petitionId) {
        return jdbc.run(c -> usage(c, petitionId));
    }

    /**
     * In one transaction: waits for the petition's other uploads (an advisory lock per petition, so two uploads at
     * once cannot both pass the limits), asks {@code limits} whether this one still fits, then writes the row as
     * PENDING and the file's bytes chunk by chunk.
     */
    public void insert(Material m, Path file, java.util.function.Consumer<Uploads.Usage> limits) {
        QuarkusTransaction.requiringNew().run(() -> jdbc.run(c -> {
            Jdbc.query(c, "select pg_advisory_xact_lock(hashtext('material:' || ?))", r -> true,
                    m.petitionId().toString());
            limits.accept(usage(c, m.petitionId()));
            Jdbc.update(c, "insert into petition_material (id, petition_id, file_name, content_type, size_bytes, "
                            + "sha256, state, uploaded_by_kind, uploaded_by, uploaded_at) "
                            + "values (?, ?, ?, ?, ?, ?, 'PENDING', ?, ?, ?)",
                    m.id(), m.petitionId(), m.fileName(), m.type().mediaType, m.sizeBytes(), m.sha256(),
                    m.uploadedByKind().name(), m.uploadedBy(), m.uploadedAt());
            try {
                chunks.write(c, m.id(), file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return null;
        }));
    }

    public List<Material> list(UUID petitionId) {
        return jdbc.query(SELECT + " where petition_id = ? order by uploaded_at, id", MaterialStore::material,
                petitionId);
    }

    public Optional<Material> find(UUID petitionId, UUID materialId) {
        return jdbc.query(SELECT + " where petition_id = ? and id = ?", MaterialStore::material, petitionId, materialId)
                .stream().findFirst();
    }

    /** The oldest materials still waiting for a verdict (an archived petition's have no bytes left to scan). */
    @Override
    public List<ScanVerdicts.Waiting> pending(int limit) {
        return jdbc.query("select id, petition_id from petition_material where state = 'PENDING' and not exists "
                        + "(select 1 from petition p where p.id = petition_material.petition_id "
                        + "and p.archived_at is not null) order by uploaded_at limit ?",
                r -> new ScanVerdicts.Waiting(r.getObject(1, UUID.class), r.getObject(2, UUID.class)), limit);
    }

    /** Records clamd's verdict on a material still PENDING (a verdict is never changed once given). */
    @Override
    public void verdict(UUID materialId, boolean infected, String signature, Instant at) {
        jdbc.update("update petition_material set state = ?, signature = ?, scanned_at = ?, "
                        + "scan_attempts = scan_attempts + 1 where id = ? and state = 'PENDING'",
                (infected ? Material.State.INFECTED : Material.State.CLEAN).name(), signature, at, materialId);
    }

    @Override
    public void attemptFailed(UUID materialId) {
        jdbc.update("update petition_material set scan_attempts = scan_attempts + 1 where id = ? and state = 'PENDING'",
                materialId);
    }

    public void recordDownload(Material m, String subject, String roles, Instant at) {
        QuarkusTransaction.requiringNew().run(() -> jdbc.update("insert into petition_material_download "
                        + "(material_id, petition_id, subject, roles, downloaded_at) values (?, ?, ?, ?, ?)",
                m.id(), m.petitionId(), subject, roles, at));
    }

    /** The material's bytes, fetched one chunk per query as the stream is read. */
    @Override
    public InputStream content(UUID materialId) {
        return chunks.content(materialId);
    }

    private static Material material(ResultSet r) throws SQLException {
        return new Material(r.getObject(1, UUID.class), r.getObject(2, UUID.class), r.getString(3),
                FileType.ofMediaType(r.getString(4)), r.getLong(5), r.getString(6),
                Material.State.valueOf(r.getString(7)), r.getString(8), Material.UploaderKind.valueOf(r.getString(9)),
                r.getString(10), r.getTimestamp(11).toInstant(), Jdbc.instant(r.getTimestamp(12)));
    }
}
