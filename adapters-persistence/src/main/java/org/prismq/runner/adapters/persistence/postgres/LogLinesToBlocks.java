package org.prismq.runner.adapters.persistence.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;

import org.prismq.runner.adapters.persistence.jdbc.LinesIntoBlocks;
import org.prismq.runner.adapters.persistence.jdbc.LogBlock;
import org.prismq.runner.adapters.persistence.jdbc.LogCodes;
import org.prismq.runner.domain.log.LogEntry;

/**
 * Migration 6: moves every line of the {@code log_lines} table (one row per line, V1) into {@code log_blocks}
 * (V5), run by run and in seq order, then drops {@code log_lines} with its trigger. Runs in Flyway's transaction:
 * all or nothing. Rows are fetched a block's worth at a time, so its memory is about one block, whatever the
 * database holds.
 */
final class LogLinesToBlocks implements JavaMigration {

    @Override
    public MigrationVersion getVersion() {
        return MigrationVersion.fromVersion("6");
    }

    @Override
    public String getDescription() {
        return "move log lines into blocks";
    }

    @Override
    public Integer getChecksum() {
        return null;
    }

    @Override
    public boolean canExecuteInTransaction() {
        return true;
    }

    @Override
    public void migrate(Context context) throws SQLException {
        Connection connection = context.getConnection();
        // Nobody follows a run while the database is migrated: no news of each block moved.
        try (Statement trigger = connection.createStatement()) {
            trigger.execute("ALTER TABLE log_blocks DISABLE TRIGGER log_blocks_stored");
        }
        try (PreparedStatement select = connection.prepareStatement(
                     "SELECT run_pk, seq, ts, stream, level, message FROM log_lines ORDER BY run_pk, seq");
             PreparedStatement insert = connection.prepareStatement(LogBlock.INSERT)) {
            // A fetch size makes the driver read the rows in pieces (inside a transaction), not all at once.
            select.setFetchSize(LogBlock.MAX_LINES);
            try (ResultSet rows = select.executeQuery()) {
                LinesIntoBlocks blocks = new LinesIntoBlocks(insert);
                while (rows.next()) {
                    blocks.add(rows.getLong(1), new LogEntry(rows.getLong(2), Timestamptz.read(rows, "ts"),
                            LogCodes.level(rows.getInt(5)), LogCodes.stream(rows.getInt(4)),
                            PostgresText.load(rows.getString(6))));
                }
                blocks.flush();
            }
        }
        try (Statement drop = connection.createStatement()) {
            drop.execute("DROP TABLE log_lines");
            drop.execute("DROP FUNCTION prismq_lines_stored()");
            drop.execute("ALTER TABLE log_blocks ENABLE TRIGGER log_blocks_stored");
        }
    }
}
