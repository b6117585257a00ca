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
    record Stats(Runs runs, Modules modules, Host system) {

        static Stats from(SystemStatusUseCase.SystemStats stats) {
            return new Stats(
                    new Runs(stats.totalRuns(), stats.successfulRuns(), stats.failedRuns(), stats.successRate()),
                    new Modules(stats.totalModules(), stats.activeModules(), stats.idleModules()),
                    new Host(known(stats.cpuPercent()), known(stats.memoryPercent()), known(stats.diskFreeGb())));
        }

        private static Double known(double figure) {
            return figure < 0 || Double.isNaN(figure) ? null : figure;
        }
    }

    record Runs(long total, long successful, long failed, double successRate) {
    }

    record Modules(int total, int active, int idle) {
    }

    record Host(Double cpuPercent, Double memoryPercent, Double diskFreeGb) {
    }
}
