package org.prismq.runner.adapters.persistence.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.prismq.runner.adapters.persistence.jdbc.BlockLogStore;
import org.prismq.runner.adapters.persistence.jdbc.JdbcModuleConfigs;
import org.prismq.runner.adapters.persistence.jdbc.JdbcRuns;
import org.prismq.runner.adapters.persistence.jdbc.StorageException;
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

class PostgresDatabaseTest {

    private static final Instant T0 = Instant.parse("2025-03-04T05:06:07.123456Z");
    private static final ModuleId ALPHA = new ModuleId("alpha");
    private static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    static final TestPostgres POSTGRES = new TestPostgres();

    @Test
    void openAppliesEveryMigrationToTheUrlsSchema() {
        try (PostgresDatabase database = POSTGRES.open()) {
            List<String> versions = database.read(connection -> strings(connection,
                    "SELECT version FROM flyway_schema_history WHERE success ORDER BY installed_rank"));
            assertEquals(List.of("1", "2", "3", "4", "5", "6", "7", "8"), versions);
            assertEquals(List.of("log_blocks", "module_configs", "nodes", "run_processes", "run_queue", "runs"),
                    database.read(connection -> strings(connection, "SELECT table_name FROM "
                            + "information_schema.tables WHERE table_schema = current_schema() "
                            + "AND table_name <> 'flyway_schema_history' ORDER BY table_name")));
        }
    }

    /**
     * Blocks are compressed with lz4 where the server has it: with its default, pglz, the server spent more CPU on
     * a flooding run than the service did.
     */
    @Test
    void logBlocksAreCompressedWithLz4WhereTheServerHasIt() {
        try (PostgresDatabase database = POSTGRES.open()) {
            boolean serverHasLz4 = !database.read(connection -> strings(connection, "SELECT name FROM pg_settings "
                    + "WHERE name = 'default_toast_compression' AND 'lz4' = ANY (enumvals)")).isEmpty();
            // A column's compression method is recorded from version 14 on, the first with lz4.
            Assumptions.assumeTrue(serverHasLz4, "this PostgreSQL has no lz4: the migration keeps its default");
            List<String> method = database.read(connection -> strings(connection, "SELECT attcompression::text "
                    + "FROM pg_attribute WHERE attrelid = 'log_blocks'::regclass AND attname = 'lines'"));
            assertEquals(List.of("l"), method);
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
        try (PostgresDatabase database = POSTGRES.open()) {
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

        try (PostgresDatabase reopened = POSTGRES.open()) {
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
    void twoServicesOnOneDatabaseMigrateItOnceAndSeeEachOthersWrites() throws Exception {
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<PostgresDatabase> first = executor.submit(POSTGRES::open);
            Future<PostgresDatabase> second = executor.submit(POSTGRES::open);
            try (PostgresDatabase one = first.get(30, TimeUnit.SECONDS);
                    PostgresDatabase other = second.get(30, TimeUnit.SECONDS)) {
                Run run = Run.queued(new RunId("run-1"), ALPHA, "Alpha", Map.of(), T0);
                new JdbcRuns(one).add(run);
                new BlockLogStore(one).append(run.id(), List.of(
                        new LogEntry(1, T0, LogLevel.INFO, LogStream.STDOUT, "from one")));

                assertEquals(Optional.of(run), new JdbcRuns(other).find(run.id()));
                assertEquals("from one", new BlockLogStore(other).read(run.id(), 0, 10).getFirst().message());
                assertThrows(IllegalStateException.class, () -> new JdbcRuns(other).add(run));
                assertEquals(List.of("1", "2", "3", "4", "5", "6", "7", "8"), other.read(connection ->
                        strings(connection, "SELECT version FROM flyway_schema_history WHERE success"
                                + " ORDER BY installed_rank")));
            }
        }
    }

    @Test
    void aClosedDatabaseRefusesWorkAndClosesOnlyOnce() {
        PostgresDatabase database = POSTGRES.open();
        JdbcRuns runs = new JdbcRuns(database);
        runs.find(new RunId("run-1"));
        database.close();
        database.close();

        assertThrows(IllegalStateException.class, () -> runs.find(new RunId("run-1")));
        assertThrows(IllegalStateException.class,
                () -> runs.add(Run.queued(new RunId("run-1"), ALPHA, "Alpha", Map.of(), T0)));
    }

    @Test
    void readsGoOnWhileAWriteIsInProgressAndSeeOnlyWhatWasCommitted() throws Exception {
        try (PostgresDatabase database = POSTGRES.open();
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
    void aConnectionTheServerDropsFailsOneCallAndIsReplaced() throws Exception {
        try (PostgresDatabase database = POSTGRES.open()) {
            JdbcRuns runs = new JdbcRuns(database);
            Run run = Run.queued(new RunId("run-1"), ALPHA, "Alpha", Map.of(), T0);
            runs.add(run);
            long readerPid = database.read(PostgresDatabaseTest::backendPid);
            long writerPid = database.write(PostgresDatabaseTest::backendPid);

            terminate(readerPid);
            terminate(writerPid);

            assertThrows(StorageException.class, () -> runs.find(run.id()));
            assertEquals(Optional.of(run), runs.find(run.id()));
            assertThrows(StorageException.class, () -> runs.update(run.start(T0)));
            runs.update(run.start(T0));
            assertEquals(Optional.of(run.start(T0)), runs.find(run.id()));
        }
    }

    @Test
    void textWithNulAndTheEscapeCharacterComesBackExactlyAndNulIsNotStored() throws SQLException {
        String hostile = "nul\u0000 escape\uFFFF both\uFFFF\u0000 escaped-looking\uFFFF0 end\u0000";
        Run run = Run.queued(new RunId("run-1"), ALPHA, hostile, Map.of("text", hostile), T0)
                .fail(hostile, null, T0.plusSeconds(1));
        try (PostgresDatabase database = POSTGRES.open()) {
            new JdbcRuns(database).add(run);
            new BlockLogStore(database).append(run.id(),
                    List.of(new LogEntry(1, T0, LogLevel.ERROR, LogStream.STDERR, hostile)));

            Run found = new JdbcRuns(database).find(run.id()).orElseThrow();
            assertEquals(hostile, found.moduleName());
            assertEquals(hostile, found.errorMessage());
            assertEquals(hostile, found.parameters().get("text"));
            assertEquals(hostile, new BlockLogStore(database).read(run.id(), 0, 1).getFirst().message());
        }
    }

    @Test
    void aWrongPasswordIsRefusedWithoutShowingIt() {
        String wrong = "not-the-password-" + System.nanoTime();

        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> PostgresDatabase.open(POSTGRES.url(), POSTGRES.user(), wrong));
        IllegalStateException refusedInUrl = assertThrows(IllegalStateException.class,
                () -> PostgresDatabase.open(POSTGRES.url() + "&password=" + wrong, POSTGRES.user(), null));

        for (IllegalStateException error : List.of(refused, refusedInUrl)) {
            assertTrue(error.getMessage().startsWith("cannot connect to the database jdbc:postgresql:"), error.getMessage());
            assertFalse(fullText(error).contains(wrong), fullText(error));
        }
        assertTrue(refusedInUrl.getMessage().contains("password=***"), refusedInUrl.getMessage());
    }

    private static long backendPid(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT pg_backend_pid()")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** Ends the server process of a connection and waits until it is gone. */
    private static void terminate(long pid) throws SQLException {
        POSTGRES.execute("SELECT pg_terminate_backend(" + pid + ")");
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (POSTGRES.query("SELECT count(*) FROM pg_stat_activity WHERE pid = " + pid).equals("1")) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("backend " + pid + " still there after " + WAIT);
            }
            LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
        }
    }

    private static List<String> strings(Connection connection, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }

    private static String fullText(Throwable error) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = error; t != null; t = t.getCause()) {
            text.append(t).append('\n');
            for (Throwable suppressed : t.getSuppressed()) {
                text.append(fullText(suppressed));
            }
        }
        return text.toString();
    }
}
