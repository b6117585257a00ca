package org.prismq.runner.adapters.persistence.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

import org.prismq.runner.domain.log.LogEntry;

/**
 * What differs between the databases of this module, and nothing else: a few SQL fragments, how instants and free
 * text are stored, and the fastest way to insert a batch of log lines. Everything else the JDBC stores write once,
 * in SQL both databases understand. Implementations are stateless and thread-safe.
 */
public interface SqlDialect {

    /** The placeholder for a JSON value bound as a string, with the cast the column's type may need. */
    String jsonPlaceholder();

    /** An aggregate counting the rows of a group for which the SQL {@code condition} holds: 0, not NULL, if none. */
    String countWhere(String condition);

    /** Binds {@code instant} to the microsecond, any finer part dropped; {@code null} binds SQL NULL. */
    void bindInstant(PreparedStatement statement, int index, Instant instant) throws SQLException;

    /** Binds the first whole microsecond at or after {@code instant}: the bound of an "at or after" filter. */
    void bindInstantCeiling(PreparedStatement statement, int index, Instant instant) throws SQLException;

    /** The instant stored in the named column of the current row, or {@code null} for SQL NULL. */
    Instant readInstant(ResultSet row, String column) throws SQLException;

    /** Free text (a message, a name) as it is stored; {@code null} stays {@code null}. */
    String storeText(String text);

    /** The free text that {@link #storeText} made {@code stored} from; {@code null} stays {@code null}. */
    String loadText(String stored);

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
