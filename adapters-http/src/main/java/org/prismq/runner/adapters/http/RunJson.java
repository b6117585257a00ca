package org.prismq.runner.adapters.http;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.prismq.runner.domain.run.Run;
import org.prismq.runner.domain.run.RunPage;

/**
 * A run on the wire. {@code duration_seconds} runs on while the run does; {@code waiting_for} says why a queued run
 * waits for the host ({@code null} otherwise, always present); {@code parameters} are already masked by the domain.
 */
record RunJson(
        String runId,
        String moduleId,
        String moduleName,
        String status,
        String createdAt,
        String startedAt,
        String completedAt,
        Double durationSeconds,
        Double progressPercent,
        Long itemsProcessed,
        Long itemsTotal,
        Integer exitCode,
        String errorMessage,
        String waitingFor,
        Map<String, Object> parameters) {

    /** @param now the instant a running run's duration is measured to */
    static RunJson from(Run run, Instant now) {
        return new RunJson(
                run.id().value(),
                run.moduleId().value(),
                run.moduleName(),
                run.status().wireName(),
                Timestamps.format(run.createdAt()),
                Timestamps.format(run.startedAt()),
                Timestamps.format(run.completedAt()),
                run.durationSeconds(now),
                run.progress().percent(),
                run.progress().itemsProcessed(),
                run.progress().itemsTotal(),
                run.exitCode(),
                run.errorMessage(),
                run.waitingFor(),
                run.parameters());
    }

    /** {@code GET /api/runs}: one page, newest first. */
    record Page(List<RunJson> runs, long total, int limit, int offset) {

        static Page from(RunPage page, int limit, int offset, Instant now) {
            return new Page(page.runs().stream().map(run -> RunJson.from(run, now)).toList(), page.total(), limit,
                    offset);
        }
    }
}
