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

    private static final long MICROS_PER_SECOND = 1_000_000L;
    private static final int NANOS_PER_MICRO = 1_000;
    /** PostgreSQL's own epoch, 2000-01-01T00:00:00Z, in Unix epoch microseconds. */
    private static final long POSTGRES_EPOCH_MICROS = 946_684_800L * MICROS_PER_SECOND;

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

    /** Binds the first whole microsecond at or after the instant: the bound of an "at or after" filter. */
    static void bindCeiling(PreparedStatement statement, int index, Instant instant) throws SQLException {
        Instant truncated = instant.truncatedTo(ChronoUnit.MICROS);
        bind(statement, index, truncated.equals(instant) ? truncated : truncated.plusNanos(NANOS_PER_MICRO));
    }

    /** The instant in a column, or {@code null} for SQL NULL. */
    static Instant read(ResultSet row, String column) throws SQLException {
        OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    /** The instant as {@code COPY ... (FORMAT binary)} takes a {@code timestamptz}: microseconds since 2000. */
    static long copyBinary(Instant instant) {
        long unixMicros = Math.addExact(Math.multiplyExact(instant.getEpochSecond(), MICROS_PER_SECOND),
                instant.getNano() / NANOS_PER_MICRO);
        return Math.subtractExact(unixMicros, POSTGRES_EPOCH_MICROS);
    }
}
