package org.prismq.runner.application.port.in;

/** The service's health and figures. */
public interface SystemStatusUseCase {

    Health health();

    SystemStats stats();

    /** @param degradedReason why the service is degraded (storage cannot write, since when, why); null when healthy */
    record Health(String version, double uptimeSeconds, int activeRuns, int totalModules, String degradedReason) {

        public Health(String version, double uptimeSeconds, int activeRuns, int totalModules) {
            this(version, uptimeSeconds, activeRuns, totalModules, null);
        }

        public boolean healthy() {
            return degradedReason == null;
        }
    }

    /**
     * @param activeModules modules with a run queued or running now; {@code idleModules} the others
     * @param cpuPercent    negative when the host does not tell
     * @param databaseSizeBytes what the database takes on disk, -1 when unknown
     * @param databaseFreeBytes of that, what is free for reuse, -1 when the database does not tell
     */
    record SystemStats(long totalRuns, long successfulRuns, long failedRuns, double successRate, int totalModules,
            int activeModules, int idleModules, double cpuPercent, double memoryPercent, double diskFreeGb,
            long databaseSizeBytes, long databaseFreeBytes) {
    }
}
