package org.prismq.runner.adapters.persistence.postgres;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

import org.prismq.runner.adapters.persistence.jdbc.SqlDialect;

/**
 * PostgreSQL's SQL: instants as {@code timestamptz} (see {@link Timestamptz}), JSON cast to {@code json}, free
 * text with NUL escaped (see {@link PostgresText}).
 */
final class PostgresDialect implements SqlDialect {

    private static final String UNIQUE_VIOLATION = "23505";

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
    public boolean isDuplicateKey(SQLException failure) {
        return UNIQUE_VIOLATION.equals(failure.getSQLState());
    }
}
