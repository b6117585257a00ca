package org.prismq.runner.adapters.persistence.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

import org.prismq.runner.domain.log.LogEntry;

/**
 * The differences that matter to {@link RowPerLineLogStore}, for a database that keeps log lines one row each in a
 * {@code log_lines} table. Implementations are stateless and thread-safe.
 */
public interface LogRowsDialect extends SqlDialect {

    /** Binds the first whole microsecond at or after {@code instant}: the bound of an "at or after" filter. */
    void bindInstantCeiling(PreparedStatement statement, int index, Instant instant) throws SQLException;

    /**
     * Inserts every entry of {@code batch} into {@code log_lines} as lines of the run whose key is {@code runKey},
     * in the connection's current transaction, and storing its message as {@link #storeText} does.
     *
     * @throws SQLException when the database refuses a line; {@link #isDuplicateKey} tells a stored seq apart
     */
    void insertLines(Connection connection, long runKey, List<LogEntry> batch) throws SQLException;

    /**
     * Whether {@code failure} is a row refused because its key is already stored. A database that reports only
     * that some constraint was violated answers {@code true} for any constraint.
     */
    boolean isDuplicateKey(SQLException failure);
}
