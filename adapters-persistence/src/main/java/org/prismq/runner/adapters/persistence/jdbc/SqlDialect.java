package org.prismq.runner.adapters.persistence.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/**
 * What differs between the databases of this module, and nothing else: a few SQL fragments and how instants and
 * free text are stored. Everything else the JDBC stores write once, in SQL both databases understand.
 * Implementations are stateless and thread-safe.
 */
public interface SqlDialect {

    /** The placeholder for a JSON value bound as a string, with the cast the column's type may need. */
    String jsonPlaceholder();

    /** An aggregate counting the rows of a group for which the SQL {@code condition} holds: 0, not NULL, if none. */
    String countWhere(String condition);

    /** Binds {@code instant} to the microsecond, any finer part dropped; {@code null} binds SQL NULL. */
    void bindInstant(PreparedStatement statement, int index, Instant instant) throws SQLException;

    /** The instant stored in the named column of the current row, or {@code null} for SQL NULL. */
    Instant readInstant(ResultSet row, String column) throws SQLException;

    /** Free text (a message, a name) as it is stored; {@code null} stays {@code null}. */
    String storeText(String text);

    /** The free text that {@link #storeText} made {@code stored} from; {@code null} stays {@code null}. */
    String loadText(String stored);

    /**
     * Whether {@code failure} is a row refused because its key is already stored. A database that reports only
     * that some constraint was violated answers {@code true} for any constraint.
     */
    boolean isDuplicateKey(SQLException failure);

    /**
     * Gives the space of rows just deleted back to the file system, or makes it reusable, inside the deleting
     * transaction on {@code connection}. Nothing by default: the database reuses it by itself.
     */
    default void reclaimSpace(Connection connection) throws SQLException {
    }
}
