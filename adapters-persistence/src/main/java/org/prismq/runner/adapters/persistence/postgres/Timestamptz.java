package org.prismq.runner.adapters.persistence.postgres;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/** Instants as {@code timestamptz}, which keeps microseconds: any finer part is dropped, never rounded. */
final class Timestamptz {

    private Timestamptz() {
    }

    static void bind(PreparedStatement statement, int index, Instant instant) throws SQLException {
        if (instant == null) {
            statement.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            statement.setObject(index, OffsetDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MICROS),
                    ZoneOffset.UTC), Types.TIMESTAMP_WITH_TIMEZONE);
        }
    }

    /** The instant in a column, or {@code null} for SQL NULL. */
    static Instant read(ResultSet row, String column) throws SQLException {
        OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
