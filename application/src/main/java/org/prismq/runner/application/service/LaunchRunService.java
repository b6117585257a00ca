package org.prismq.runner.application.service;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;

import org.prismq.runner.application.execution.Parameters;
import org.prismq.runner.application.execution.RunSupervisor;
import org.prismq.runner.application.port.in.LaunchRunCommand;
import org.prismq.runner.application.port.in.LaunchRunUseCase;
import org.prismq.runner.application.port.in.RunnerException;
import org.prismq.runner.application.port.out.ModuleCatalog;
import org.prismq.runner.application.port.out.ModuleConfigs;
import org.prismq.runner.application.port.out.RunIdGenerator;
import org.prismq.runner.application.port.out.SavedConfig;
import org.prismq.runner.domain.catalog.ModuleDefinition;
import org.prismq.runner.domain.catalog.ModuleStatus;
import org.prismq.runner.domain.catalog.ParameterValues;
import org.prismq.runner.domain.run.Run;

/**
 * Launches a module: checks that it exists and may run, validates the parameters, hands the run to the
 * {@link RunSupervisor} (where it waits while the host is short of resources), and saves the configuration when
 * asked.
 */
public final class LaunchRunService implements LaunchRunUseCase {

    private final ModuleCatalog catalog;
    private final ModuleConfigs configs;
    private final RunSupervisor supervisor;
    private final RunIdGenerator ids;
    private final Clock clock;

    public LaunchRunService(ModuleCatalog catalog, ModuleConfigs configs, RunSupervisor supervisor,
            RunIdGenerator ids, Clock clock) {
        this.catalog = catalog;
        this.configs = configs;
        this.supervisor = supervisor;
        this.ids = ids;
        this.clock = clock;
    }

    @Override
    public Run launch(LaunchRunCommand command) {
        ModuleDefinition module = catalog.find(command.moduleId())
                .orElseThrow(() -> new RunnerException.ModuleNotFound(command.moduleId()));
        if (!module.enabled()) {
            throw new RunnerException.ModuleNotLaunchable(module.id(), "it is disabled");
        }
        if (module.status() == ModuleStatus.MAINTENANCE) {
            throw new RunnerException.ModuleNotLaunchable(module.id(), "it is in maintenance");
        }
        Map<String, Object> saved = configs.find(module.id()).map(SavedConfig::parameters).orElse(Map.of());
        ParameterValues values = Parameters.resolve(module, command.parameters(), saved);
        Instant now = clock.instant();
        Run run = supervisor.submit(ids.next(module.id(), now), module, values, now);
        if (command.saveConfig()) {
            configs.save(new SavedConfig(module.id(), values.values(), now));
        }
        return run;
    }
}
