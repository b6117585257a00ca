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
 *   <li>{@code around=SEQ&context=N} (N 0..5000, default 50; without {@code around} it is checked, then
 *       ignored): a window around one line, the N lines before SEQ,
 *       SEQ itself and the N lines after it, whatever their level; a SEQ past the last line reads as the last
 *       line. It combines with no other selection ({@code tail}, {@code after}, {@code before}, {@code since},
 *       {@code level}: 400), and {@code truncated} says whether the run has lines outside the window.</li>
 *   <li>{@code before=SEQ} (1 or more): the <em>last</em> {@code tail} lines with a smaller seq, a page backward
 *       for scrolling up, whatever their level or time (with {@code after}, {@code since} or {@code level}: 400);
 *       {@code truncated} says that earlier lines remain.</li>
 *   <li>{@code total_lines} counts every stored line of the run, whatever the filters; {@code truncated} says
 *       that more lines matched than were returned.</li>
 * </ul>
 */
final class RunLogsHandler implements ResourceHandler {

    static final int MAX_TAIL = 10_000;
    static final int MAX_CONTEXT = 5_000;
    static final int DEFAULT_CONTEXT = 50;

    private final ReadLogsUseCase logs;

    RunLogsHandler(ReadLogsUseCase logs) {
        this.logs = logs;
    }

    @Override
    public void handle(ApiRequest request) throws IOException {
        RunId run = request.runId();
        QueryParameters query = request.query();
        Long around = query.wholeNumber("around", 1, Long.MAX_VALUE);
        int context = query.integer("context", DEFAULT_CONTEXT, 0, MAX_CONTEXT);
        if (around != null) {
            refuseWith("around", query, "tail", "after", "before", "since", "level");
            request.respond(200, LogsJson.from(run, logs.around(run, around, context), logs.lineCount(run)));
            return;
        }
        int tail = query.integer("tail", 500, 1, MAX_TAIL);
        Long before = query.wholeNumber("before", 1, Long.MAX_VALUE);
        if (before != null) {
            refuseWith("before", query, "after", "since", "level");
            request.respond(200, LogsJson.from(run, logs.before(run, before, tail), logs.lineCount(run)));
            return;
        }
        Instant since = query.instant("since");
        Long after = query.wholeNumber("after", 0, Long.MAX_VALUE);
        LogLevel level = query.parsed("level", LogLevel::parse);
        LogQuery selection = after == null
                ? new LogQuery(0, since, level, tail, true)
                : new LogQuery(after, since, level, tail, false);
        LogSlice slice = logs.query(run, selection);
        request.respond(200, LogsJson.from(run, slice, logs.lineCount(run)));
    }

    private static void refuseWith(String selection, QueryParameters query, String... others) {
        for (String other : others) {
            if (query.string(other) != null) {
                throw ApiException.badQuery("query parameters '" + selection + "' and '" + other
                        + "' do not go together");
            }
        }
    }
}
