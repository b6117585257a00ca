package org.prismq.runner.adapters.http;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;

/** Instants on the wire: ISO-8601 in UTC with a {@code Z} and microseconds, as the original backend sent them. */
final class Timestamps {

    private static final DateTimeFormatter WIRE =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private Timestamps() {
    }

    /** {@code 2024-05-01T12:00:00.123456Z}, or {@code null} for {@code null}. */
    static String format(Instant instant) {
        return instant == null ? null : WIRE.format(instant);
    }

    /**
     * Reads an ISO-8601 date-time as clients send it: with {@code Z} or an offset, or without a zone (read as
     * UTC, as Python's {@code datetime.isoformat()} writes a naive UTC time), or a plain date (its midnight UTC).
     *
     * @throws DateTimeException when {@code text} is none of these
     */
    static Instant parse(String text) {
        if (text.length() == 10) {
            return DateTimeFormatter.ISO_LOCAL_DATE.parse(text, LocalDate::from)
                    .atStartOfDay().toInstant(ZoneOffset.UTC);
        }
        TemporalAccessor parsed = DateTimeFormatter.ISO_DATE_TIME.parse(text);
        if (parsed.isSupported(ChronoField.OFFSET_SECONDS)) {
            return Instant.from(parsed);
        }
        return LocalDateTime.from(parsed).toInstant(ZoneOffset.UTC);
    }
}
