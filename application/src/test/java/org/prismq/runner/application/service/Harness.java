package org.prismq.runner.application.service;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import org.prismq.runner.application.execution.NodeMode;
import org.prismq.runner.application.execution.RunEngine;
import org.prismq.runner.application.execution.NodeRuns;
import org.prismq.runner.application.execution.RunSupervisor;
import org.prismq.runner.application.execution.RunnerSettings;
import org.prismq.runner.application.fakes.FixedResources;
import org.prismq.runner.application.fakes.FullDisk;
import org.prismq.runner.application.fakes.InMemoryLogStore;
import org.prismq.runner.application.fakes.InMemoryModuleConfigs;
import org.prismq.runner.application.fakes.InMemoryRuns;
import org.prismq.runner.application.fakes.MutableClock;
import org.prismq.runner.application.fakes.ScriptedProcessLauncher;
import org.prismq.runner.application.fakes.StaticCatalog;
import org.prismq.runner.application.port.out.RunMetrics;
import org.prismq.runner.domain.catalog.ModuleDefinition;
import org.prismq.runner.domain.run.RunId;

/** The application wired to in-memory doubles of every outgoing port. */
final class Harness implements AutoCloseable {

    final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));
    final InMemoryRuns runs = new InMemoryRuns();
    final InMemoryLogStore logs = new InMemoryLogStore();
    /** The disk {@link #runs} and {@link #logs} store on, which a test can fill. */
    final FullDisk disk = new FullDisk();
    final InMemoryModuleConfigs configs = new InMemoryModuleConfigs();
    final ScriptedProcessLauncher launcher = new ScriptedProcessLauncher();
    final FixedResources resources = new FixedResources();
    final StaticCatalog catalog;
    final RunnerSettings settings;
    final RunEngine engine;
    final RunSupervisor supervisor;
    final NodeRuns nodeRuns;
    final LaunchRunService launch;
    final CancelRunService cancel;
    final QueryRunsService query;
    final LogService logService;
    final ModuleService modules;
    private final AtomicInteger nextId = new AtomicInteger();

    Harness(RunnerSettings settings, ModuleDefinition... modules) {
        this(settings, RunMetrics.NONE, modules);
    }

    Harness(RunnerSettings settings, RunMetrics metrics, ModuleDefinition... modules) {
        this.settings = settings;
        runs.storeOn(disk);
        logs.storeOn(disk);
        this.catalog = StaticCatalog.of(modules);
        this.engine = RunEngine.builder(runs, logs, launcher, catalog, clock, settings, NodeMode.standalone(runs))
                .resources(resources).metrics(metrics).build();
        this.supervisor = engine.supervisor();
        this.nodeRuns = engine.nodeRuns();
        this.launch = new LaunchRunService(catalog, configs, supervisor,
                (module, at) -> RunId.create(module, at, nextId.incrementAndGet()), clock);
        this.cancel = new CancelRunService(supervisor);
        this.query = new QueryRunsService(runs, nodeRuns);
        this.logService = new LogService(logs, nodeRuns);
        this.modules = new ModuleService(catalog, configs, runs, clock);
    }

    Harness(ModuleDefinition... modules) {
        this(settings(10, 100, 10_000), modules);
    }

    static RunnerSettings settings(int maxConcurrent, int queueSize, int bufferLines) {
        return new RunnerSettings(maxConcurrent, queueSize, Duration.ofHours(1), Duration.ofSeconds(5),
                bufferLines, 8L << 20, 256, 95);
    }

    @Override
    public void close() {
        engine.close();
    }
}
