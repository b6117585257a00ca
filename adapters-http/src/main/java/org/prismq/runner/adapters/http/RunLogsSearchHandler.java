package org.prismq.runner.adapters.http;

import java.io.IOException;
import java.util.Locale;

import org.prismq.runner.application.port.in.ReadLogsUseCase;
import org.prismq.runner.domain.log.LogLevel;
import org.prismq.runner.domain.log.LogSearch;
import org.prismq.runner.domain.log.LogStream;
import org.prismq.runner.domain.log.SearchPage;
import org.prismq.runner.domain.log.SearchPattern;
import org.prismq.runner.domain.run.RunId;

/**
 * {@code GET /api/runs/{run_id}/logs/search?q=TEXT&regex=&case_sensitive=&level=&stream=&from=&direction=&limit=}:
 * one page of the stored lines whose text (terminal escape codes removed) holds {@code q}, as
 * {@code {"run_id", "matches", "next_from", "total"}}.
 * <ul>
 *   <li>{@code q} (required): a substring, or with {@code regex=true} a Java regular expression; case-insensitive
 *       unless {@code case_sensitive=true}. An invalid expression is a 400 {@code invalid_query} naming the
 *       problem; one that runs away on a line is a 422 {@code search_too_slow}.</li>
 *   <li>{@code level} and {@code stream} filter as on {@code /logs}.</li>
 *   <li>{@code direction=forward} (default): the first {@code limit} matches with a seq above {@code from}
 *       (default 0); {@code backward}: the last {@code limit} matches below {@code from} (default: the end).
 *       Matches are in seq order either way.</li>
 *   <li>{@code next_from}: the {@code from} of the next page in the same direction; {@code null} once the search
 *       has passed the last stored line (backward: the first). A page may hold fewer than {@code limit} matches,
 *       even none, with a {@code next_from}: a scan answers after a few seconds with what it found.</li>
 *   <li>{@code total}: every match in the log, when this page holds them all; else {@code null}.</li>
 * </ul>
 */
final class RunLogsSearchHandler implements ResourceHandler {

    static final int MAX_LIMIT = 1000;
    static final int DEFAULT_LIMIT = 100;

    private final ReadLogsUseCase logs;

    RunLogsSearchHandler(ReadLogsUseCase logs) {
        this.logs = logs;
    }

    @Override
    public void handle(ApiRequest request) throws IOException {
        RunId run = request.runId();
        QueryParameters query = request.query();
        String text = query.string("q");
        if (text == null) {
            throw ApiException.badQuery("query parameter 'q' is required: the text to search for");
        }
        boolean regex = Boolean.TRUE.equals(query.parsed("regex", RunLogsSearchHandler::flag));
        boolean caseSensitive = Boolean.TRUE.equals(query.parsed("case_sensitive", RunLogsSearchHandler::flag));
        SearchPattern pattern = query.parsed("q", value -> regex
                ? SearchPattern.regex(value, caseSensitive)
                : SearchPattern.substring(value, caseSensitive));
        LogLevel level = query.parsed("level", LogLevel::parse);
        LogStream stream = query.parsed("stream", LogStream::fromWireName);
        boolean backward = Boolean.TRUE.equals(query.parsed("direction", RunLogsSearchHandler::backward));
        Long from = query.wholeNumber("from", 0, Long.MAX_VALUE);
        int limit = query.integer("limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        LogSearch search = new LogSearch(pattern, level, stream,
                from != null ? from : backward ? LogSearch.END : 0, backward, limit);
        SearchPage page = logs.search(run, search);
        request.respond(200, SearchJson.from(run, page));
    }

    private static Boolean flag(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> throw new IllegalArgumentException("expected true or false, got '"
                    + QueryParameters.shortened(value) + "'");
        };
    }

    private static Boolean backward(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "forward" -> false;
            case "backward" -> true;
            default -> throw new IllegalArgumentException("expected forward or backward, got '"
                    + QueryParameters.shortened(value) + "'");
        };
    }
}
