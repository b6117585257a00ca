package org.prismq.runner.domain.log;

import java.time.Instant;

/**
 * A selection of a run's lines.
 *
 * @param afterSeq only lines with a greater seq (0: from the first line)
 * @param since    only lines captured at or after this instant, or {@code null}
 * @param minLevel only lines at least this severe, or {@code null}
 * @param limit    the most lines to return, at least 1
 * @param newest   {@code true}: the last {@code limit} matching lines (a tail); {@code false}: the first
 *                 {@code limit} matching lines (a page forward from {@code afterSeq})
 */
public record LogQuery(long afterSeq, Instant since, LogLevel minLevel, int limit, boolean newest) {

    public LogQuery {
        if (afterSeq < 0) {
            throw new IllegalArgumentException("afterSeq must not be negative, was " + afterSeq);
        }
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
    }

    public boolean matches(LogEntry entry) {
        return entry.seq() > afterSeq
                && (since == null || !entry.timestamp().isBefore(since))
                && (minLevel == null || entry.level().isAtLeast(minLevel));
    }
}
