package org.prismq.runner.domain.run;

import org.prismq.runner.domain.catalog.ModuleId;

/**
 * Which runs to list; a {@code null} field does not filter.
 */
public record RunFilter(ModuleId moduleId, RunStatus status) {

    public static final RunFilter ALL = new RunFilter(null, null);

    public boolean matches(Run run) {
        return (moduleId == null || moduleId.equals(run.moduleId()))
                && (status == null || status == run.status());
    }
}
