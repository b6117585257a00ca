package org.prismq.runner.domain.log;

import java.util.Objects;

/**
 * A search of a run's stored lines: the lines whose text holds {@code pattern}, at least {@code minLevel} severe
 * and printed on {@code stream} (each {@code null}: any), one page at a time.
 *
 * @param from     where the page starts, exclusive: forward, lines with a greater seq ({@code 0}: from the first
 *                 line); backward, lines with a smaller seq ({@link #END}: from the last line)
 * @param backward {@code false}: the first {@code limit} matches after {@code from}; {@code true}: the last
 *                 {@code limit} matches before it (still answered in seq order)
 * @param limit    the most matches a page holds, at least 1
 */
public record LogSearch(SearchPattern pattern, LogLevel minLevel, LogStream stream, long from, boolean backward,
        int limit) {

    /** The {@code from} of a backward search that starts at the end of the log. */
    public static final long END = Long.MAX_VALUE;

    public LogSearch {
        Objects.requireNonNull(pattern, "pattern");
        if (from < 0) {
            throw new IllegalArgumentException("from must not be negative, was " + from);
        }
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
    }

    /** Whether the search starts at an end of the log, so that a page reaching the other end holds every match. */
    public boolean fromAnEnd() {
        return backward ? from == END : from == 0;
    }

    /** Whether {@code seq} is on the searched side of {@code from}. */
    public boolean inRange(long seq) {
        return backward ? seq < from : seq > from;
    }
}
