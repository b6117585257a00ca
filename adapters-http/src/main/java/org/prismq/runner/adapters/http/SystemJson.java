package org.prismq.runner.adapters.http;

import org.prismq.runner.application.port.in.SystemStatusUseCase;

/** The answers of {@code /api/health} and {@code /api/system/stats}. */
final class SystemJson {

    private SystemJson() {
    }

    /** @param reason why the service is degraded; null when healthy */
    record Health(String status, String version, double uptimeSeconds, int activeRuns, int totalModules,
            String reason) {

        static Health from(SystemStatusUseCase.Health health) {
            return new Health(health.healthy() ? "healthy" : "degraded", health.version(), health.uptimeSeconds(),
                    health.activeRuns(), health.totalModules(), health.degradedReason());
        }
    }

    /** A figure the host does not tell (negative in the use case's answer) is {@code null}. */
    record Stats(Runs runs, Modules modules, Host system, Database database) {

        static Stats from(SystemStatusUseCase.SystemStats stats) {
            return new Stats(
                    new Runs(stats.totalRuns(), stats.successfulRuns(), stats.failedRuns(), stats.successRate()),
                    new Modules(stats.totalModules(), stats.activeModules(), stats.idleModules()),
                    new Host(known(stats.cpuPercent()), known(stats.memoryPercent()), known(stats.diskFreeGb())),
                    new Database(known(stats.databaseSizeBytes()), known(stats.databaseFreeBytes())));
        }

        private static Double known(double figure) {
            return figure < 0 || Double.isNaN(figure) ? null : figure;
        }

        private static Long known(long figure) {
            return figure < 0 ? null : figure;
        }
    }

    record Runs(long total, long successful, long failed, double successRate) {
    }

    record Modules(int total, int active, int idle) {
    }

    record Host(Double cpuPercent, Double memoryPercent, Double diskFreeGb) {
    }

    /** {@code free_bytes}: free pages inside the file (SQLite); {@code null} where the database does not tell. */
    record Database(Long sizeBytes, Long freeBytes) {
    }
}
