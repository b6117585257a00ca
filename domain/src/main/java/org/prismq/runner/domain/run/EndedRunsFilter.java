package org.prismq.runner.domain.run;

import java.time.Instant;

import org.prismq.runner.domain.catalog.ModuleId;

/**
 * Which ended runs to delete: those of a module, of a final status, ended before an instant; the given fields
 * combine. At least one is given, so that no filter can mean "every run" by mistake.
 *
 * @param moduleId    the module whose runs, or {@code null} for every module
 * @param status      a final status, or {@code null} for every final status
 * @param endedBefore runs whose {@code completed_at} is strictly before it, or {@code null} for any end
 */
public record EndedRunsFilter(ModuleId moduleId, RunStatus status, Instant endedBefore) {

    public EndedRunsFilter {
        if (moduleId == null && status == null && endedBefore == null) {
            throw new IllegalArgumentException("a filter of ended runs needs a module, a status or an end time");
        }
        if (status != null && !status.isTerminal()) {
            throw new IllegalArgumentException("status must be a final one, was " + status.wireName());
        }
    }

    /** Whether {@code run} has ended and passes every given field. */
    public boolean matches(Run run) {
        return !run.isActive()
                && (moduleId == null || moduleId.equals(run.moduleId()))
                && (status == null || status == run.status())
                && (endedBefore == null || run.completedAt().isBefore(endedBefore));
    }
}
