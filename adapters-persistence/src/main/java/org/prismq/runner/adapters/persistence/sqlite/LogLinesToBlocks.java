package org.prismq.runner.adapters.persistence.sqlite;

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
import org.prismq.runner.adapters.persistence.jdbc.Micros;
import org.prismq.runner.domain.log.LogEntry;

/**
 * Migration 4: moves every line of the {@code log_lines} table (one row per line, V1) into {@code log_blocks}
 * (V3), run by run and in seq order, then drops {@code log_lines}. Runs in Flyway's transaction: all or nothing.
 * Its memory is one block, whatever the database holds.
 */
final class LogLinesToBlocks implements JavaMigration {

    @Override
    public MigrationVersion getVersion() {
        return MigrationVersion.fromVersion("4");
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
        try (Statement select = connection.createStatement();
             PreparedStatement insert = connection.prepareStatement(LogBlock.INSERT);
             ResultSet rows = select.executeQuery(
                     "SELECT run_pk, seq, ts, stream, level, message FROM log_lines ORDER BY run_pk, seq")) {
            LinesIntoBlocks blocks = new LinesIntoBlocks(insert);
            while (rows.next()) {
                blocks.add(rows.getLong(1), new LogEntry(rows.getLong(2), Micros.toInstant(rows.getLong(3)),
                        LogCodes.level(rows.getInt(5)), LogCodes.stream(rows.getInt(4)),
                        rows.getString(6)));
            }
            blocks.flush();
        }
        try (Statement drop = connection.createStatement()) {
            drop.execute("DROP TABLE log_lines");
        }
    }
}
