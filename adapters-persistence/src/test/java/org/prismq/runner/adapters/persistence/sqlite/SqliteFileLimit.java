package org.prismq.runner.adapters.persistence.sqlite;

import java.sql.ResultSet;
import java.sql.Statement;

/**
 * A full disk, as SQLite sees one, for tests: the database file may not grow beyond the pages it has, nor its files
 * of log lines beyond the bytes they have.
 */
final class SqliteFileLimit {

    private SqliteFileLimit() {
    }

    /**
     * SQLite refuses to grow the database file beyond the pages it has now, and the log files theirs. The limit
     * belongs to the write connection: should a failure make the database replace that connection, the limit goes
     * with it.
     */
    static void limitToCurrentSize(SqliteDatabase database) {
        database.segments().limitToCurrentSize();
        limitDatabaseToCurrentSize(database);
    }

    /** {@link #limitToCurrentSize} for the database file alone: the log files may still grow. */
    static void limitDatabaseToCurrentSize(SqliteDatabase database) {
        database.write(connection -> {
            try (Statement statement = connection.createStatement();
                    ResultSet pages = statement.executeQuery("PRAGMA page_count")) {
                pages.next();
                statement.execute("PRAGMA max_page_count = " + pages.getLong(1));
            }
            return null;
        });
    }

    /** Lifts the limit again, as freeing disk space would; a write itself, so it fails while writes are broken. */
    static void makeRoom(SqliteDatabase database) {
        database.segments().removeLimit();
        database.write(connection -> {
            try (Statement statement = connection.createStatement()) {
                statement.execute("PRAGMA max_page_count = 1073741823");
            }
            return null;
        });
    }
}
