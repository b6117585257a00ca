package org.prismq.runner.adapters.persistence.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;

import org.prismq.runner.adapters.persistence.jdbc.Micros;
import org.prismq.runner.adapters.persistence.jdbc.SqlDialect;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * SQLite's SQL: instants as UTC epoch microseconds in {@code INTEGER} columns (see {@link Micros}), JSON and text
 * stored as given.
 */
final class SqliteDialect implements SqlDialect {

    private static final int SQLITE_CONSTRAINT = SQLiteErrorCode.SQLITE_CONSTRAINT.code;

    @Override
    public String jsonPlaceholder() {
        return "?";
    }

    @Override
    public String countWhere(String condition) {
        // A comparison is 0 or 1 in SQLite, so the sum counts; SUM of no rows is NULL.
        return "COALESCE(SUM(" + condition + "), 0)";
    }

    @Override
    public void bindInstant(PreparedStatement statement, int index, Instant instant) throws SQLException {
        if (instant == null) {
            statement.setNull(index, Types.BIGINT);
        } else {
            statement.setLong(index, Micros.of(instant));
        }
    }

    @Override
    public Instant readInstant(ResultSet row, String column) throws SQLException {
        long micros = row.getLong(column);
        return row.wasNull() ? null : Micros.toInstant(micros);
    }

    @Override
    public String storeText(String text) {
        return text;
    }

    @Override
    public String loadText(String stored) {
        return stored;
    }

    /** SQLite reports only that a constraint failed, not which: any constraint counts. */
    @Override
    public boolean isDuplicateKey(SQLException failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLiteException sqlite && (sqlite.getResultCode().code & 0xff) == SQLITE_CONSTRAINT) {
                return true;
            }
        }
        return false;
    }

    /**
     * Moves the pages freed by the deletion to the end of the file and cuts them off (the database is in
     * incremental auto-vacuum mode, see {@link SqliteDatabase}); the file shrinks at the checkpoint after the
     * deleting transaction ({@link SqliteDatabase#shrinkFile}).
     * {@code executeUpdate}, because the driver's {@code execute} steps the pragma once, which frees one page.
     */
    @Override
    public void reclaimSpace(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.executeUpdate("PRAGMA incremental_vacuum");
        }
    }
}
