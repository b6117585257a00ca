package org.prismq.runner.domain.log;

import java.time.Instant;
import java.util.Objects;

/**
 * One captured line of a run's output.
 *
 * @param seq       position in the run's output: 1 for the first line, then 2, 3, ... with no gaps
 * @param timestamp when the line was captured
 * @param message   the line without its line break and without trailing white space
 */
public record LogEntry(long seq, Instant timestamp, LogLevel level, LogStream stream, String message) {

    public LogEntry {
        if (seq < 1) {
            throw new IllegalArgumentException("seq starts at 1, was " + seq);
        }
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(message, "message");
    }

    /** An entry whose level is classified from its text and stream. */
    public static LogEntry classified(long seq, Instant timestamp, LogStream stream, String message) {
        return new LogEntry(seq, timestamp, LogLevel.classify(message, stream), stream, message);
    }
}
