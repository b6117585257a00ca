package org.prismq.runner.application.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

import org.prismq.runner.application.execution.NodeRuns;
import org.prismq.runner.application.port.in.SystemStatusUseCase;
import org.prismq.runner.application.port.out.DatabaseSize;
import org.prismq.runner.application.port.out.ModuleCatalog;
import org.prismq.runner.application.port.out.ResourceSnapshot;
import org.prismq.runner.application.port.out.Runs;
import org.prismq.runner.application.port.out.StorageHealth;
import org.prismq.runner.application.port.out.StorageState;
import org.prismq.runner.application.port.out.SystemResources;
import org.prismq.runner.domain.run.ModuleRunStats;

/** Health and figures of the service and its host. */
public final class SystemStatusService implements SystemStatusUseCase {

    private static final double GIB = 1024.0 * 1024 * 1024;

    private final String version;
    private final Instant startedAt;
    private final Clock clock;
    private final ModuleCatalog catalog;
    private final Runs runs;
    private final NodeRuns nodeRuns;
    private final SystemResources resources;
    private final StorageHealth storage;
    private final DatabaseSize.Source database;

    /**
     * @param storage  whether storage could write lately: health is degraded while it cannot
     * @param database the size of the database, for the system stats
     */
    public SystemStatusService(String version, Clock clock, ModuleCatalog catalog, Runs runs,
            NodeRuns nodeRuns, SystemResources resources, StorageHealth storage,
            DatabaseSize.Source database) {
        this.version = version;
        this.clock = clock;
        this.startedAt = clock.instant();
        this.catalog = catalog;
        this.runs = runs;
        this.nodeRuns = nodeRuns;
        this.resources = resources;
        this.storage = storage;
        this.database = database;
    }

    @Override
    public Health health() {
        double uptime = Duration.between(startedAt, clock.instant()).toMillis() / 1000.0;
        StorageState state = storage.state();
        String degraded = state.writable() ? null : "storage cannot write since " + state.since() + " ("
                + state.problem().name().toLowerCase(Locale.ROOT) + "): " + state.reason();
        return new Health(version, uptime, nodeRuns.activeCount(), catalog.modules().size(), degraded);
    }

    @Override
    public SystemStats stats() {
        long total = 0;
        long completed = 0;
        long failed = 0;
        for (ModuleRunStats stats : runs.statsByModule().values()) {
            total += stats.totalRuns();
            completed += stats.completedRuns();
            failed += stats.failedRuns();
        }
        int modules = catalog.modules().size();
        int activeModules = nodeRuns.activeModules().size();
        ResourceSnapshot host = resources.snapshot();
        double successRate = total == 0 ? 0.0 : completed * 100.0 / total;
        double diskFreeGb = host.diskFreeBytes() < 0 ? -1 : host.diskFreeBytes() / GIB;
        DatabaseSize size = database.databaseSize();
        return new SystemStats(total, completed, failed, successRate, modules, activeModules,
                Math.max(0, modules - activeModules), host.cpuPercent(), host.memoryPercentUsed(), diskFreeGb,
                size.sizeBytes(), size.freeBytes());
    }
}
