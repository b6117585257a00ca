package org.prismq.runner.adapters.http;

import java.io.IOException;
import java.time.Instant;

import org.prismq.runner.application.port.in.ReadLogsUseCase;
import org.prismq.runner.domain.log.LogLevel;
import org.prismq.runner.domain.log.LogQuery;
import org.prismq.runner.domain.log.LogSlice;
import org.prismq.runner.domain.run.RunId;

/**
 * {@code GET /api/runs/{run_id}/logs?tail=500&since=ISO&after=SEQ&level=LEVEL}: stored lines as
 * {@code {"run_id", "logs", "total_lines", "truncated"}}.
 * <ul>
 *   <li>{@code tail} (1..10000, default 500) is the most lines returned.</li>
 *   <li>Without {@code after}: the <em>last</em> {@code tail} lines that match (a tail, oldest first).</li>
 *   <li>With {@code after=SEQ} (0 or more): the <em>first</em> {@code tail} matching lines with a greater seq, a
 *       page forward. To read a whole log, start with {@code after=0} and pass the last seq received until
 *       {@code truncated} is {@code false}.</li>
 *   <li>{@code since} (ISO-8601; without a zone read as UTC) keeps lines captured at or after it.</li>
 *   <li>{@code level} keeps lines at least that severe: {@code DEBUG < INFO < WARNING < ERROR < CRITICAL},
 *       case-insensitive, with the aliases {@code WARN}, {@code TRACE}, {@code EXCEPTION}, {@code FATAL}.</li>
 *   <li>{@code total_lines} counts every stored line of the run, whatever the filters; {@code truncated} says
 *       that more lines matched than were returned.</li>
 * </ul>
 */
final class RunLogsHandler implements ResourceHandler {

    static final int MAX_TAIL = 10_000;

    private final ReadLogsUseCase logs;

    RunLogsHandler(ReadLogsUseCase logs) {
        this.logs = logs;
    }

    @Override
    public void handle(ApiRequest request) throws IOException {
        RunId run = request.runId();
        QueryParameters query = request.query();
        int tail = query.integer("tail", 500, 1, MAX_TAIL);
        Instant since = query.instant("since");
        Long after = query.wholeNumber("after", 0, Long.MAX_VALUE);
        LogLevel level = query.parsed("level", LogLevel::parse);
        LogQuery selection = after == null
                ? new LogQuery(0, since, level, tail, true)
                : new LogQuery(after, since, level, tail, false);
        LogSlice slice = logs.query(run, selection);
        request.respond(200, LogsJson.from(run, slice, logs.lineCount(run)));
    }
}
