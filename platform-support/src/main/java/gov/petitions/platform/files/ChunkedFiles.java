package gov.petitions.platform.files;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.UUID;

/**
 * A file's bytes in a PostgreSQL table of chunks ({@code <owner column> uuid, seq integer, data bytea}, primary key
 * on the first two), in plain JDBC: the bytes go in and out one chunk (256 KiB) per statement, so neither a file nor
 * a result set of a whole file is ever held in memory. The table and column are the service's own (named in its
 * code, never from input): intake's petition_material_chunk, supervision's case_document_chunk.
 */
public final class ChunkedFiles {

    public static final int CHUNK = 256 * 1024;

    private final DataSource dataSource;
    private final String insert;
    private final String select;

    public ChunkedFiles(DataSource dataSource, String table, String ownerColumn) {
        if (!table.matches("[a-z_]+") || !ownerColumn.matches("[a-z_]+")) {
            throw new IllegalArgumentException("not a table or column name: " + table + "." + ownerColumn);
        }
        this.dataSource = dataSource;
        this.insert = "insert into " + table + " (" + ownerColumn + ", seq, data) values (?, ?, ?)";
        this.select = "select data from " + table + " where " + ownerColumn + " = ? and seq = ?";
    }

    /** Writes the file's bytes chunk by chunk within the caller's connection (and so its transaction). */
    public void write(Connection c, UUID owner, Path file) throws SQLException, IOException {
        try (InputStream in = Files.newInputStream(file); PreparedStatement s = c.prepareStatement(insert)) {
            byte[] buffer = new byte[CHUNK];
            int n;
            int seq = 0;
            while ((n = in.readNBytes(buffer, 0, CHUNK)) > 0) {
                s.setObject(1, owner);
                s.setInt(2, seq++);
                s.setBytes(3, n == CHUNK ? buffer : Arrays.copyOf(buffer, n));
                s.executeUpdate();
            }
        }
    }

    /** The file's bytes, fetched one chunk per query (each on a connection of its own) as the stream is read. */
    public InputStream content(UUID owner) {
        return new InputStream() {
            private byte[] chunk = new byte[0];
            private int position;
            private int seq;
            private boolean done;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int n = read(one, 0, 1);
                return n < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) {
                    return 0;
                }
                while (position == chunk.length) {
                    if (done) {
                        return -1;
                    }
                    byte[] next = chunk(owner, seq++);
                    if (next == null) {
                        done = true;
                        return -1;
                    }
                    chunk = next;
                    position = 0;
                }
                int n = Math.min(len, chunk.length - position);
                System.arraycopy(chunk, position, b, off, n);
                position += n;
                return n;
            }
        };
    }

    private byte[] chunk(UUID owner, int seq) throws IOException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(select)) {
            s.setObject(1, owner);
            s.setInt(2, seq);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? r.getBytes(1) : null;
            }
        } catch (SQLException e) {
            throw new IOException("reading chunk " + seq + " of " + owner + ": " + e.getMessage(), e);
        }
    }
}
