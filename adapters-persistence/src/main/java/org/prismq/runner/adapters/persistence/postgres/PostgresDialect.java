package org.prismq.runner.adapters.persistence.postgres;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

import org.postgresql.PGConnection;
import org.prismq.runner.adapters.persistence.jdbc.LogCodes;
import org.prismq.runner.adapters.persistence.jdbc.LogRowsDialect;
import org.prismq.runner.domain.log.LogEntry;

/**
 * PostgreSQL's SQL: instants as {@code timestamptz} (see {@link Timestamptz}), JSON cast to {@code json}, free
 * text with NUL escaped (see {@link PostgresText}), log lines inserted by one binary {@code COPY}, the fastest
 * way into PostgreSQL.
 */
final class PostgresDialect implements LogRowsDialect {

    private static final String UNIQUE_VIOLATION = "23505";
    private static final String COPY = "COPY log_lines (run_pk, seq, ts, stream, level, message) "
            + "FROM STDIN (FORMAT binary)";

    @Override
    public String jsonPlaceholder() {
        return "CAST(? AS json)";
    }

    @Override
    public String countWhere(String condition) {
        return "COUNT(*) FILTER (WHERE " + condition + ")";
    }

    @Override
    public void bindInstant(PreparedStatement statement, int index, Instant instant) throws SQLException {
        Timestamptz.bind(statement, index, instant);
    }

    @Override
    public void bindInstantCeiling(PreparedStatement statement, int index, Instant instant) throws SQLException {
        Timestamptz.bindCeiling(statement, index, instant);
    }

    @Override
    public Instant readInstant(ResultSet row, String column) throws SQLException {
        return Timestamptz.read(row, column);
    }

    @Override
    public String storeText(String text) {
        return PostgresText.store(text);
    }

    @Override
    public String loadText(String stored) {
        return PostgresText.load(stored);
    }

    @Override
    public void insertLines(Connection connection, long runKey, List<LogEntry> batch) throws SQLException {
        try {
            connection.unwrap(PGConnection.class).getCopyAPI()
                    .copyIn(COPY, new ByteArrayInputStream(copyData(runKey, batch)));
        } catch (IOException cannotHappen) {
            // The data is read from memory, which does not fail.
            throw new UncheckedIOException(cannotHappen);
        }
    }

    @Override
    public boolean isDuplicateKey(SQLException failure) {
        return UNIQUE_VIOLATION.equals(failure.getSQLState());
    }

    /**
     * The batch in the binary format of {@code COPY}: a signature and header, then per line its field count
     * and each field as its length and its bytes (big-endian integers, UTF-8 text), then -1.
     */
    private static byte[] copyData(long runKey, List<LogEntry> batch) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + batch.size() * 128);
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeBytes("PGCOPY\n\377\r\n\0");
        out.writeInt(0);
        out.writeInt(0);
        for (LogEntry entry : batch) {
            out.writeShort(6);
            out.writeInt(Long.BYTES);
            out.writeLong(runKey);
            out.writeInt(Long.BYTES);
            out.writeLong(entry.seq());
            out.writeInt(Long.BYTES);
            out.writeLong(Timestamptz.copyBinary(entry.timestamp()));
            out.writeInt(Short.BYTES);
            out.writeShort(LogCodes.streamCode(entry.stream()));
            out.writeInt(Short.BYTES);
            out.writeShort(LogCodes.levelCode(entry.level()));
            byte[] message = PostgresText.store(entry.message()).getBytes(StandardCharsets.UTF_8);
            out.writeInt(message.length);
            out.write(message);
        }
        out.writeShort(-1);
        return bytes.toByteArray();
    }
}
