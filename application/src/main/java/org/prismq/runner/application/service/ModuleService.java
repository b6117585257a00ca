package org.prismq.runner.application.service;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.prismq.runner.application.execution.Parameters;
import org.prismq.runner.application.port.in.ListModulesUseCase;
import org.prismq.runner.application.port.in.ModuleConfigUseCase;
import org.prismq.runner.application.port.in.ModuleConfigView;
import org.prismq.runner.application.port.in.ModuleView;
import org.prismq.runner.application.port.in.RunnerException;
import org.prismq.runner.application.port.out.ModuleCatalog;
import org.prismq.runner.application.port.out.ModuleConfigs;
import org.prismq.runner.application.port.out.Runs;
import org.prismq.runner.application.port.out.SavedConfig;
import org.prismq.runner.domain.catalog.ModuleDefinition;
import org.prismq.runner.domain.catalog.ModuleId;
import org.prismq.runner.domain.catalog.ParameterDefinition;
import org.prismq.runner.domain.catalog.ParameterValues;
import org.prismq.runner.domain.run.ModuleRunStats;

/** The catalog with run statistics, and the modules' saved configurations. */
public final class ModuleService implements ListModulesUseCase, ModuleConfigUseCase {

    private final ModuleCatalog catalog;
    private final ModuleConfigs configs;
    private final Runs runs;
    private final Clock clock;

    public ModuleService(ModuleCatalog catalog, ModuleConfigs configs, Runs runs, Clock clock) {
        this.catalog = catalog;
        this.configs = configs;
        this.runs = runs;
        this.clock = clock;
    }

    @Override
    public List<ModuleView> modules() {
        Map<ModuleId, ModuleRunStats> stats = runs.statsByModule();
        return catalog.modules().stream()
                .map(module -> new ModuleView(module, stats.getOrDefault(module.id(), ModuleRunStats.NONE)))
                .toList();
    }

    @Override
    public ModuleView module(ModuleId id) {
        ModuleDefinition module = require(id);
        return new ModuleView(module, runs.statsByModule().getOrDefault(id, ModuleRunStats.NONE));
    }

    @Override
    public ModuleConfigView get(ModuleId id) {
        ModuleDefinition module = require(id);
        Optional<SavedConfig> saved = configs.find(id);
        Map<String, Object> merged = new LinkedHashMap<>();
        for (ParameterDefinition parameter : module.parameters()) {
            Object value = saved.map(config -> config.parameters().get(parameter.name()))
                    .orElse(parameter.effectiveDefault());
            merged.put(parameter.name(), value);
        }
        return new ModuleConfigView(id, ParameterValues.masked(module, merged),
                saved.map(SavedConfig::updatedAt).orElse(null));
    }

    @Override
    public ModuleConfigView save(ModuleId id, Map<String, Object> parameters) {
        ModuleDefinition module = require(id);
        Map<String, Object> saved = configs.find(id).map(SavedConfig::parameters).orElse(Map.of());
        ParameterValues values = Parameters.resolve(module, parameters, saved);
        configs.save(new SavedConfig(id, values.values(), clock.instant()));
        return get(id);
    }

    @Override
    public void delete(ModuleId id) {
        require(id);
        configs.delete(id);
    }

    private ModuleDefinition require(ModuleId id) {
        return catalog.find(id).orElseThrow(() -> new RunnerException.ModuleNotFound(id));
    }
}
