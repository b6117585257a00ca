package org.prismq.runner.adapters.http;

import java.util.List;

import org.prismq.runner.domain.log.LogEntry;
import org.prismq.runner.domain.log.LogSlice;
import org.prismq.runner.domain.run.RunId;

/**
 * {@code GET /api/runs/{run_id}/logs}.
 *
 * @param totalLines how many lines the run has stored in all, whatever the query selected
 * @param truncated  whether more lines matched the query than {@code logs} holds
 */
record LogsJson(String runId, List<LogEntryJson> logs, long totalLines, boolean truncated) {

    static LogsJson from(RunId run, LogSlice slice, long totalLines) {
        return new LogsJson(run.value(), slice.entries().stream().map(LogEntryJson::from).toList(), totalLines,
                slice.truncated());
    }

    /** One line: {@code level} is {@code DEBUG|INFO|WARNING|ERROR|CRITICAL}, {@code stream} stdout or stderr. */
    record LogEntryJson(long seq, String timestamp, String level, String stream, String message) {

        static LogEntryJson from(LogEntry entry) {
            return new LogEntryJson(entry.seq(), Timestamps.format(entry.timestamp()), entry.level().name(),
                    entry.stream().wireName(), entry.message());
        }
    }
}
