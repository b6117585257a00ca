package org.prismq.runner.adapters.persistence.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postgresql.ds.PGSimpleDataSource;
import org.prismq.runner.adapters.persistence.jdbc.BlockLogStore;
import org.prismq.runner.adapters.persistence.jdbc.LogCodes;
import org.prismq.runner.domain.log.LogEntry;
import org.prismq.runner.domain.log.LogLevel;
import org.prismq.runner.domain.log.LogQuery;
import org.prismq.runner.domain.log.LogStream;
import org.prismq.runner.domain.run.RunId;

/** A database of the schema before lines were kept in blocks (V4, a row per line) keeps its lines when upgraded. */
class PostgresLogMigrationTest {

    private static final Instant T0 = Instant.parse("2025-03-04T05:06:07.123456Z");
    private static final LogLevel[] LEVELS = LogLevel.values();

    @RegisterExtension
    static final TestPostgres POSTGRES = new TestPostgres();

    @Test
    void linesStoredOneRowEachAreReadTheSameAfterTheUpgrade() throws SQLException {
        PGSimpleDataSource source = new PGSimpleDataSource();
        source.setURL(POSTGRES.url());
        source.setUser(POSTGRES.user());
        source.setPassword(POSTGRES.password());
        Flyway.configure(getClass().getClassLoader()).dataSource(source).locations("classpath:db/postgresql")
                .target("4").load().migrate();
        List<LogEntry> big = new ArrayList<>();
        for (int seq = 1; seq <= 2_500; seq++) {
            // A gap, as an output cap leaves: lines 2,001 to 2,010 were dropped.
            if (seq <= 2_000 || seq > 2_010) {
                big.add(new LogEntry(seq, T0.plusMillis(seq), LEVELS[seq % LEVELS.length],
                        seq % 3 == 0 ? LogStream.STDERR : LogStream.STDOUT, "line " + seq + (seq == 7 ? "\u0000nul" : "")));
            }
        }
        List<LogEntry> small = List.of(new LogEntry(1, T0, LogLevel.ERROR, LogStream.STDERR, "only line \uFFFF"));
        try (Connection connection = source.getConnection()) {
            insertRun(connection, 1, "run-big");
            insertRun(connection, 2, "run-small");
            insertRun(connection, 3, "run-empty");
            insertLines(connection, 1, big);
            insertLines(connection, 2, small);
        }

        try (PostgresDatabase database = POSTGRES.open()) {
            BlockLogStore logs = new BlockLogStore(database);

            assertEquals(big, logs.read(new RunId("run-big"), 0, 10_000));
            assertEquals(small, logs.read(new RunId("run-small"), 0, 10));
            assertEquals(List.of(), logs.read(new RunId("run-empty"), 0, 10));
            assertEquals(2_500, logs.lastSeq(new RunId("run-big")));
            assertEquals(big.subList(1_990, 2_000), logs.readBefore(new RunId("run-big"), 2_011, 10));
            assertEquals(big.stream().filter(line -> line.level().compareTo(LogLevel.ERROR) >= 0).limit(5).toList(),
                    logs.query(new RunId("run-big"), new LogQuery(0, null, LogLevel.ERROR, 5, false)).entries());
            assertNull(POSTGRES.query("SELECT to_regclass('" + schema() + ".log_lines')"));

            LogEntry next = new LogEntry(2_501, T0, LogLevel.INFO, LogStream.STDOUT, "after the upgrade");
            logs.append(new RunId("run-big"), List.of(next));
            assertEquals(List.of(next), logs.read(new RunId("run-big"), 2_500, 10));
        }
    }

    private static String schema() {
        String url = POSTGRES.url();
        return url.substring(url.indexOf("currentSchema=") + "currentSchema=".length());
    }

    private static void insertRun(Connection connection, long id, String runId) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO runs (id, run_id, module_id, "
                + "module_name, status, created_at, parameters) OVERRIDING SYSTEM VALUE "
                + "VALUES (?, ?, 'alpha', 'Alpha', 'completed', now(), CAST('{}' AS json))")) {
            insert.setLong(1, id);
            insert.setString(2, runId);
            insert.executeUpdate();
        }
    }

    /** The lines as the row-per-line store kept them: text with NUL escaped, levels and streams as codes. */
    private static void insertLines(Connection connection, long runKey, List<LogEntry> lines) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO log_lines (run_pk, seq, ts, stream, "
                + "level, message) VALUES (?, ?, ?, ?, ?, ?)")) {
            for (LogEntry line : lines) {
                insert.setLong(1, runKey);
                insert.setLong(2, line.seq());
                Timestamptz.bind(insert, 3, line.timestamp());
                insert.setInt(4, LogCodes.streamCode(line.stream()));
                insert.setInt(5, LogCodes.levelCode(line.level()));
                insert.setString(6, PostgresText.store(line.message()));
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }
}
