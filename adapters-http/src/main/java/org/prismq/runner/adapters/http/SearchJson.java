package org.prismq.runner.adapters.http;

import java.util.List;

import org.prismq.runner.domain.log.SearchPage;
import org.prismq.runner.domain.run.RunId;

/**
 * {@code GET /api/runs/{run_id}/logs/search}.
 *
 * @param matches  the matching lines as {@code /logs} gives lines, in seq order
 * @param nextFrom the {@code from} of the next page, or {@code null} when the search reached the end
 * @param total    every match in the log when this page holds them all, else {@code null}
 */
record SearchJson(String runId, List<LogsJson.LogEntryJson> matches, Long nextFrom, Long total) {

    static SearchJson from(RunId run, SearchPage page) {
        return new SearchJson(run.value(), page.matches().stream().map(LogsJson.LogEntryJson::from).toList(),
                page.nextFrom(), page.total());
    }
}
