package org.prismq.runner.adapters.persistence.jdbc;

import java.util.Optional;

/**
 * A database the JDBC stores of this module ({@link JdbcRuns}, {@link BlockLogStore}, {@link JdbcModuleConfigs})
 * work on: it lends connections one transaction at a time and names the {@link SqlDialect} its SQL is written in.
 * The stores hold no connection of their own.
 *
 * <p>Implementations are thread-safe; no connection is bound to a thread, so callers may be virtual threads.
 */
public interface JdbcDatabase {

    /**
     * Runs {@code work} inside one writing transaction, committed when the work returns and rolled back when it
     * throws. A {@link java.sql.SQLException} reaches the caller as a {@link StorageException} with it as the
     * cause; a {@link RuntimeException} of the work reaches it as it is.
     *
     * @throws IllegalStateException when the database is closed
     */
    <T> T write(SqlWork<T> work);

    /**
     * Runs {@code work} inside one read-only transaction that sees one consistent snapshot, with the failures of
     * {@link #write}.
     *
     * @throws IllegalStateException when the database is closed
     */
    <T> T read(SqlWork<T> work);

    /**
     * A {@link #read} that goes through much of the database, such as a search of a whole log: the database may
     * serve it faster at a cost in memory that it gives back when the work returns. A plain read by default.
     */
    default <T> T scan(SqlWork<T> work) {
        return read(work);
    }

    /** The few ways this database's SQL differs from the other's; a store asks once, when it is built. */
    SqlDialect dialect();

    /**
     * The files beside the database where {@link BlockLogStore} keeps the lines of the blocks it appends, if this
     * database has them; without, every block keeps its lines in its row. None by default. A store asks once.
     */
    default Optional<BlockFiles> blockFiles() {
        return Optional.empty();
    }

    /**
     * Gives the file system now the space that committed deletions freed, where the database would otherwise keep
     * it until later (SQLite keeps the old pages until its write-ahead log is checkpointed). Best effort: a
     * failure is logged, never thrown. Nothing by default.
     */
    default void shrinkFile() {
    }
}
