package org.prismq.runner.domain.run;

import java.time.Instant;

/**
 * Run statistics of one module.
 *
 * @param lastRun creation time of the module's newest run, or {@code null} when it has none
 */
public record ModuleRunStats(long totalRuns, long completedRuns, long failedRuns, Instant lastRun) {

    public static final ModuleRunStats NONE = new ModuleRunStats(0, 0, 0, null);

    public ModuleRunStats {
        if (totalRuns < 0 || completedRuns < 0 || failedRuns < 0 || completedRuns + failedRuns > totalRuns) {
            throw new IllegalArgumentException("inconsistent run counts: total " + totalRuns + ", completed "
                    + completedRuns + ", failed " + failedRuns);
        }
    }

    /** Percent of the runs that completed, 0 when there are none. */
    public double successRate() {
        return totalRuns == 0 ? 0.0 : completedRuns * 100.0 / totalRuns;
    }
}
