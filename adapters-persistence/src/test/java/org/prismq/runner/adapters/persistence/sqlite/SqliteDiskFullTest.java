package org.prismq.runner.adapters.persistence.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.prismq.runner.adapters.persistence.jdbc.BlockLogStore;
import org.prismq.runner.adapters.persistence.jdbc.JdbcRuns;
import org.prismq.runner.application.port.out.StorageFailedException;
import org.prismq.runner.domain.catalog.ModuleId;
import org.prismq.runner.domain.log.LogEntry;
import org.prismq.runner.domain.log.LogLevel;
import org.prismq.runner.domain.log.LogStream;
import org.prismq.runner.domain.run.Run;
import org.prismq.runner.domain.run.RunId;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * A full database, made portable by SQLite's own size limit ({@code PRAGMA max_page_count}), which answers
 * {@code SQLITE_FULL} exactly as a full disk does, and by a size limit of the log files beside it. The same on a
 * real full file system: {@link SqliteFullDiskTest}.
 */
class SqliteDiskFullTest {

    private static final Instant T0 = Instant.parse("2025-03-04T05:06:07.123456Z");
    private static final ModuleId MODULE = new ModuleId("alpha");

    @TempDir
    Path temp;

    @Test
    void aFullDiskFailsTheAppendAsFullAndStoresNoneOfIt() {
        try (SqliteDatabase database = SqliteDatabase.open(temp)) {
            JdbcRuns runs = new JdbcRuns(database);
            BlockLogStore logs = new BlockLogStore(database);
            Run run = running(runs, 1);
            logs.append(run.id(), lines(1, 100));
            long logFiles = database.segments().totalBytes();

            SqliteFileLimit.limitToCurrentSize(database);

            StorageFailedException full = assertThrows(StorageFailedException.class,
                    () -> logs.append(run.id(), lines(101, 50_000)));

            assertEquals(StorageFailedException.Problem.FULL, full.problem(), full.toString());
            assertTrue(full.getMessage().contains("are full"), full.getMessage());
            assertEquals(logFiles, database.segments().totalBytes(), "nothing of the failed batch in the log files");
            assertEquals(100, logs.lastSeq(run.id()), "nothing of the failed batch stored");
            assertEquals(100, logs.read(run.id(), 0, 1000).size(), "lines stored before stay readable");
        }
    }

    /** The lines go into their file before their rows into the database: rows that do not fit take them back. */
    @Test
    void rowsThatDoNotFitFailWithSqlitesOwnErrorAndTakeTheirLinesOutOfTheLogFiles() {
        try (SqliteDatabase database = SqliteDatabase.open(temp)) {
            JdbcRuns runs = new JdbcRuns(database);
            BlockLogStore logs = new BlockLogStore(database);
            Run run = running(runs, 1);
            SqliteFileLimit.limitDatabaseToCurrentSize(database);

            StorageFailedException full = null;
            long seq = 0;
            while (full == null && seq < 100_000) {
                try {
                    logs.append(run.id(), lines(seq + 1, 1));
                    seq++;
                } catch (StorageFailedException failed) {
                    full = failed;
                }
            }

            assertTrue(full != null, "the database never filled");
            assertEquals(StorageFailedException.Problem.FULL, full.problem(), full.toString());
            assertTrue(full.getMessage().contains("is full"), full.getMessage());
            SQLiteException cause = assertInstanceOf(SQLiteException.class, full.getCause());
            assertEquals(SQLiteErrorCode.SQLITE_FULL.code, cause.getResultCode().code & 0xff);
            assertEquals(seq, logs.lastSeq(run.id()), "nothing of the failed batch stored");
            assertEquals(bytesNamedByRows(database), database.segments().totalBytes(),
                    "the log files hold the lines of the stored rows and nothing else");
        }
    }

    private static long bytesNamedByRows(SqliteDatabase database) {
        return database.read(connection -> {
            try (Statement statement = connection.createStatement();
                    ResultSet sum = statement.executeQuery("SELECT COALESCE(SUM(file_bytes), 0) FROM log_blocks")) {
                sum.next();
                return sum.getLong(1);
            }
        });
    }

    @Test
    void storageIsDegradedWhileFullAndWritesWorkAgainOnceThereIsRoomWithoutReopening() {
        try (SqliteDatabase database = SqliteDatabase.open(temp)) {
            JdbcRuns runs = new JdbcRuns(database);
            BlockLogStore logs = new BlockLogStore(database);
            Run run = running(runs, 1);
            assertTrue(database.state().writable());

            SqliteFileLimit.limitToCurrentSize(database);
            assertThrows(StorageFailedException.class, () -> logs.append(run.id(), lines(1, 50_000)));
            assertThrows(StorageFailedException.class, () -> logs.append(run.id(), lines(1, 50_000)));
            assertFalse(database.state().writable());
            assertEquals(StorageFailedException.Problem.FULL, database.state().problem());
            assertTrue(database.state().reason().contains("full"), database.state().reason());

            SqliteFileLimit.makeRoom(database);
            logs.append(run.id(), lines(1, 50_000));
            Run second = running(runs, 2);

            assertTrue(database.state().writable());
            assertEquals(50_000, logs.lastSeq(run.id()));
            assertTrue(runs.find(second.id()).isPresent());
        }
    }

    @Test
    void aRunIsRecordedWholeOrNotAtAll() {
        try (SqliteDatabase database = SqliteDatabase.open(temp)) {
            JdbcRuns runs = new JdbcRuns(database);
            Run big = Run.queued(runId(1), MODULE, "Alpha", Map.of("text", "x".repeat(200_000)), T0);

            SqliteFileLimit.limitToCurrentSize(database);

            assertThrows(StorageFailedException.class, () -> runs.add(big));

            assertTrue(runs.find(big.id()).isEmpty());
            SqliteFileLimit.makeRoom(database);
            runs.add(big);
            assertEquals(big.parameters(), runs.find(big.id()).orElseThrow().parameters());
        }
    }

    private static Run running(JdbcRuns runs, int n) {
        Run run = Run.queued(runId(n), MODULE, "Alpha", Map.of(), T0);
        runs.add(run);
        return run;
    }

    private static RunId runId(int n) {
        return new RunId("run_20250304_050607_alpha_0000000" + n);
    }

    private static List<LogEntry> lines(long first, int count) {
        List<LogEntry> lines = new ArrayList<>(count);
        for (long seq = first; seq < first + count; seq++) {
            lines.add(new LogEntry(seq, T0, LogLevel.INFO, LogStream.STDOUT, "line " + seq + " " + "y".repeat(40)));
        }
        return lines;
    }
}
