package org.prismq.runner.adapters.persistence.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.prismq.runner.adapters.persistence.jdbc.BlockLogStore;
import org.prismq.runner.adapters.persistence.jdbc.JdbcModuleConfigs;
import org.prismq.runner.adapters.persistence.jdbc.JdbcRuns;
import org.prismq.runner.adapters.persistence.jdbc.LogBlock;
import org.prismq.runner.application.fakes.Await;
import org.prismq.runner.application.port.out.SavedConfig;
import org.prismq.runner.domain.catalog.ModuleId;
import org.prismq.runner.domain.log.LogEntry;
import org.prismq.runner.domain.log.LogLevel;
import org.prismq.runner.domain.log.LogQuery;
import org.prismq.runner.domain.log.LogStream;
import org.prismq.runner.domain.run.Progress;
import org.prismq.runner.domain.run.Run;
import org.prismq.runner.domain.run.RunFilter;
import org.prismq.runner.domain.run.RunId;

class SqliteDatabaseTest {

    private static final Instant T0 = Instant.parse("2025-03-04T05:06:07.123456Z");
    private static final ModuleId ALPHA = new ModuleId("alpha");

    @TempDir
    Path temp;

    @Test
    void openCreatesTheDataDirectoryAndTheDatabaseFile() {
        Path dataDirectory = temp.resolve("nested").resolve("data");

        SqliteDatabase.open(dataDirectory).close();

        assertTrue(Files.isRegularFile(dataDirectory.resolve("prismq.db")));
    }

    @Test
    void openAppliesEveryMigration() {
        try (SqliteDatabase database = SqliteDatabase.open(temp)) {
            List<String> versions = database.read(connection -> {
                List<String> applied = new ArrayList<>();
                try (Statement statement = connection.createStatement();
                        ResultSet rows = statement.executeQuery("SELECT version FROM flyway_schema_history "
                                + "WHERE success = 1 ORDER BY installed_rank")) {
                    while (rows.next()) {
                        applied.add(rows.getString(1));
                    }
                }
                return applied;
            });
            assertEquals(List.of("1", "2", "3", "4", "5", "6", "7"), versions);
        }
    }

    @Test
    void linesStoredOneRowEachByAnEarlierVersionAreMovedIntoBlocks() throws SQLException {
        String url = "jdbc:sqlite:" + temp.resolve("prismq.db");
        Flyway.configure().dataSource(url, null, null).locations("classpath:db/migration").target("2").load()
                .migrate();
        try (Connection connection = DriverManager.getConnection(url);
             Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO runs (id, run_id, module_id, module_name, status, created_at, parameters) "
                    + "VALUES (7, 'run-old', 'alpha', 'Alpha', 'completed', 0, '{}')");
            // 2,500 lines, a gap after 2,000 (a batch that once failed to store), levels and streams mixed
            for (int seq = 1; seq <= 2_500; seq++) {
                if (seq > 2_000 && seq <= 2_010) {
                    continue;
                }
                statement.execute("INSERT INTO log_lines (run_pk, seq, ts, stream, level, message) VALUES (7, " + seq
                        + ", " + (1_700_000_000_000_000L + seq) + ", " + (seq % 2) + ", " + (10 * (1 + seq % 5))
                        + ", 'line " + seq + "')");
            }
        }

        try (SqliteDatabase database = SqliteDatabase.open(temp)) {
            List<LogEntry> lines = new BlockLogStore(database).read(new RunId("run-old"), 0, 10_000);
            assertEquals(2_490, lines.size());
            List<LogLevel> levels = List.of(LogLevel.DEBUG, LogLevel.INFO, LogLevel.WARNING, LogLevel.ERROR,
                    LogLevel.CRITICAL);
            long expectedSeq = 1;
            for (LogEntry line : lines) {
                if (expectedSeq == 2_001) {
                    expectedSeq = 2_011;
                }
                long seq = line.seq();
                assertEquals(expectedSeq++, seq);
                assertEquals("line " + seq, line.message());
                assertEquals(Instant.EPOCH.plus(1_700_000_000_000_000L + seq, ChronoUnit.MICROS), line.timestamp());
                assertEquals(seq % 2 == 0 ? LogStream.STDOUT : LogStream.STDERR, line.stream(), "line " + seq);
                assertEquals(levels.get((int) (seq % 5)), line.level(), "line " + seq);
            }
            assertEquals(0L, database.<Long>read(connection -> count(connection,
                    "SELECT COUNT(*) FROM sqlite_schema WHERE name = 'log_lines'")));
        }
    }

    /**
     * A new file has 16 KiB pages and its blocks in an ordinary (rowid) table: both cut what storing a block
     * costs (see {@link SqliteDatabase#PAGE_SIZE_BYTES} and migration 6).
     */
    @Test
    void aNewDatabaseHasLargePagesAndItsBlocksInARowidTable() {
        try (SqliteDatabase database = SqliteDatabase.open(temp)) {
            assertEquals((long) SqliteDatabase.PAGE_SIZE_BYTES, database.<Long>read(connection -> count(connection,
                    "PRAGMA page_size")));
            assertEquals(2L, database.<Long>read(connection -> count(connection, "PRAGMA auto_vacuum")));
            String table = database.read(connection -> {
                try (Statement statement = connection.createStatement();
                        ResultSet row = statement.executeQuery(
                                "SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = 'log_blocks'")) {
                    row.next();
                    return row.getString(1);
                }
            });
            assertFalse(table.toUpperCase(Locale.ROOT).contains("WITHOUT ROWID"), table);
        }
    }

    /**
     * A database of the version before keeps its page size and every block it held, now in the rowid table, and
     * takes new lines after them.
     */
    @Test
    void blocksOfAnEarlierVersionMoveIntoTheRowidTableAndTheFileKeepsItsPageSize() throws SQLException {
        String url = "jdbc:sqlite:" + temp.resolve("prismq.db");
        Flyway.configure().dataSource(url, null, null).locations("classpath:db/migration")
                .javaMigrations(new LogLinesToBlocks()).target("5").load()
                .migrate();
        RunId run = new RunId("run-earlier");
        List<LogEntry> earlier = new ArrayList<>();
        for (long seq = 1; seq <= 3_000; seq++) {
            earlier.add(new LogEntry(seq, T0.plusMillis(seq), seq % 7 == 0 ? LogLevel.ERROR : LogLevel.INFO,
                    seq % 3 == 0 ? LogStream.STDERR : LogStream.STDOUT, "earlier line " + seq));
        }
        try (Connection connection = DriverManager.getConnection(url);
                Statement statement = connection.createStatement();
                PreparedStatement insert = connection.prepareStatement(LogBlock.INSERT)) {
            statement.execute("INSERT INTO runs (id, run_id, module_id, module_name, status, created_at, parameters) "
                    + "VALUES (3, 'run-earlier', 'alpha', 'Alpha', 'completed', 0, '{}')");
            // Blocks of at most 1,024 lines, as the version before packed them.
            for (int from = 0; from < earlier.size(); from += 1_000) {
                for (LogBlock.Packed block : LogBlock.pack(earlier.subList(from, Math.min(from + 1_000,
                        earlier.size())))) {
                    LogBlock.bind(insert, 3, block);
                    insert.executeUpdate();
                }
            }
        }

        try (SqliteDatabase database = SqliteDatabase.open(temp)) {
            assertEquals(4096L, database.<Long>read(connection -> count(connection, "PRAGMA page_size")));
            BlockLogStore logs = new BlockLogStore(database);
            LogEntry next = new LogEntry(3_001, T0.plusSeconds(10), LogLevel.INFO, LogStream.STDOUT, "a new line");
            logs.append(run, List.of(next));
            List<LogEntry> all = new ArrayList<>(earlier);
            all.add(next);
            assertEquals(all, logs.read(run, 0, 10_000));
            assertEquals(earlier.subList(2_900, 3_000), logs.readBefore(run, 3_001, 100));
        }
    }

    /**
     * The write connection never checkpoints: a commit that did paused the run's output for the copy and the sync
     * of the whole log. The checkpoint thread copies the log into the file once it has grown past its threshold.
     */
    @Test
    void theLogIsCheckpointedByAThreadOfItsOwnNotByTheCommits() throws Exception {
        Path main = temp.resolve("prismq.db");
        try (SqliteDatabase database = SqliteDatabase.open(temp)) {
            assertEquals(0L, database.<Long>write(connection -> count(connection, "PRAGMA wal_autocheckpoint")));
            JdbcRuns runs = new JdbcRuns(database);
            long before = Files.size(main);
            String text = "x".repeat(200_000);
            // About 24 MB in 120 commits, past the threshold of 1,000 pages of 16 KiB. Not log lines: those go to
            // files of their own.
            for (int run = 0; run < 120; run++) {
                runs.add(Run.queued(new RunId("run-" + run), ALPHA, "Alpha", Map.of("text", text), T0));
            }
            Await.until("the log checkpointed into the file", Duration.ofSeconds(30),
                    () -> sizeOf(main) >= before + (12L << 20));
        }
    }

    /**
     * Inserting a block may need a statement journal; kept in a file, it cost a temporary file created, written and
     * deleted at most commits of a flooding run.
     */
    @Test
    void theWriterKeepsItsStatementJournalsInMemory() {
        try (SqliteDatabase database = SqliteDatabase.open(temp)) {
            long memory = 2;
            assertEquals(memory, database.<Long>write(connection -> count(connection, "PRAGMA temp_store")));
        }
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException failed) {
            throw new UncheckedIOException(failed);
        }
    }

    private static long count(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getLong(1);
        }
    }

    @Test
    void readAndWriteConnectionsUseWalNormalSyncBusyTimeoutAndForeignKeys() {
        try (SqliteDatabase database = SqliteDatabase.open(temp)) {
            List<String> expected = List.of("wal", "1", "10000", "1");
            assertEquals(expected, database.write(SqliteDatabaseTest::pragmas));
            assertEquals(expected, database.read(SqliteDatabaseTest::pragmas));
        }
    }

    /**
     * A search reads a whole log: mapped, it takes half the time. The mapping lasts only as long as the scan, so
     * the pages it touched do not stay in the service's resident memory.
     */
    @Test
    void aScanMapsTheFileForItsDurationOnlyExceptOnWindows() {
        boolean windows = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
        try (SqliteDatabase database = SqliteDatabase.open(temp)) {
            assertEquals(windows ? 0 : SqliteDatabase.SCAN_MMAP_BYTES, database.scan(SqliteDatabaseTest::mmapSize));
            for (int i = 0; i < 10; i++) {
                assertEquals(0, database.read(SqliteDatabaseTest::mmapSize), "a plain read after the scan");
            }
        }
    }

    private static long mmapSize(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("PRAGMA mmap_size")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    @Test
    void runsLinesAndConfigsSurviveARestart() {
        Run done = Run.queued(new RunId("run-done"), ALPHA, "Alpha", Map.of("count", 10, "ratio", 0.5), T0)
                .start(T0.plusSeconds(1))
                .withProgress(new Progress(100.0, 4L, 4L))
                .exited(0, null, T0.plusSeconds(5));
        Run running = Run.queued(new RunId("run-running"), ALPHA, "Alpha", Map.of("flag", true), T0.plusSeconds(9))
                .start(T0.plusSeconds(10));
        List<LogEntry> lines = new ArrayList<>();
        for (int seq = 1; seq <= 2_500; seq++) {
            lines.add(new LogEntry(seq, T0.plusMillis(seq), LogLevel.INFO, LogStream.STDOUT, "line " + seq));
        }
        SavedConfig config = new SavedConfig(ALPHA, Map.of("topic", "rivers"), T0);
        try (SqliteDatabase database = SqliteDatabase.open(temp)) {
            JdbcRuns runs = new JdbcRuns(database);
            BlockLogStore logs = new BlockLogStore(database);
            runs.add(done);
            runs.add(running);
            for (int from = 0; from < lines.size(); from += 1_000) {
                logs.append(done.id(), lines.subList(from, Math.min(from + 1_000, lines.size())));
            }
            logs.append(running.id(), lines.subList(0, 3));
            new JdbcModuleConfigs(database).save(config);
        }

        try (SqliteDatabase reopened = SqliteDatabase.open(temp)) {
            JdbcRuns runs = new JdbcRuns(reopened);
            BlockLogStore logs = new BlockLogStore(reopened);
            assertEquals(List.of(running, done), runs.list(RunFilter.ALL, 10, 0).runs());
            assertEquals(List.of(running), runs.active());
            assertEquals(lines, logs.read(done.id(), 0, 10_000));
            assertEquals(lines.subList(2_490, 2_500), logs.query(done.id(), new LogQuery(0, null, null, 10, true))
                    .entries());
            assertEquals(2_500, logs.lastSeq(done.id()));
            assertEquals(lines.subList(0, 3), logs.read(running.id(), 0, 10));
            assertEquals(Optional.of(config), new JdbcModuleConfigs(reopened).find(ALPHA));
        }
    }

    @Test
    void closeCheckpointsTheWriteAheadLogIntoTheFile() throws IOException {
        SqliteDatabase database = SqliteDatabase.open(temp);
        new JdbcRuns(database).add(Run.queued(new RunId("run-1"), ALPHA, "Alpha", Map.of(), T0));
        database.close();

        Path wal = temp.resolve("prismq.db-wal");
        assertTrue(Files.notExists(wal) || Files.size(wal) == 0, "the write-ahead log is empty");
    }

    @Test
    void aClosedDatabaseRefusesWorkAndClosesOnlyOnce() {
        SqliteDatabase database = SqliteDatabase.open(temp);
        JdbcRuns runs = new JdbcRuns(database);
        database.close();
        database.close();

        assertThrows(IllegalStateException.class, () -> runs.find(new RunId("run-1")));
        assertThrows(IllegalStateException.class,
                () -> runs.add(Run.queued(new RunId("run-1"), ALPHA, "Alpha", Map.of(), T0)));
    }

    @Test
    void readsGoOnWhileAWriteIsInProgress() throws Exception {
        try (SqliteDatabase database = SqliteDatabase.open(temp);
                ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            JdbcRuns runs = new JdbcRuns(database);
            Run committed = Run.queued(new RunId("run-committed"), ALPHA, "Alpha", Map.of(), T0);
            runs.add(committed);
            CountDownLatch writing = new CountDownLatch(1);
            CountDownLatch finish = new CountDownLatch(1);
            Future<?> slowWrite = executor.submit(() -> database.write(connection -> {
                try (PreparedStatement rename = connection.prepareStatement(
                        "UPDATE runs SET module_name = 'Renamed' WHERE run_id = 'run-committed'")) {
                    rename.executeUpdate();
                }
                writing.countDown();
                try {
                    return finish.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException interrupted) {
                    throw new IllegalStateException(interrupted);
                }
            }));
            try {
                assertTrue(writing.await(30, TimeUnit.SECONDS));
                Future<Optional<Run>> read = executor.submit(() -> runs.find(committed.id()));
                assertEquals("Alpha", read.get(30, TimeUnit.SECONDS).orElseThrow().moduleName(),
                        "the read sees the last commit, not the write in progress");
            } finally {
                finish.countDown();
            }
            slowWrite.get(30, TimeUnit.SECONDS);
            assertEquals("Renamed", runs.find(committed.id()).orElseThrow().moduleName());
        }
    }

    @Test
    void aFileThatIsNotADatabaseIsRefused() throws IOException {
        Files.writeString(temp.resolve("prismq.db"), "not a database, only some text ".repeat(100));

        assertThrows(IllegalStateException.class, () -> SqliteDatabase.open(temp));
    }

    private static List<String> pragmas(Connection connection) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Statement statement = connection.createStatement()) {
            for (String pragma : List.of("journal_mode", "synchronous", "busy_timeout", "foreign_keys")) {
                try (ResultSet rows = statement.executeQuery("PRAGMA " + pragma)) {
                    rows.next();
                    values.add(rows.getString(1));
                }
            }
        }
        return values;
    }
}
