package org.prismq.runner.application.fakes;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.prismq.runner.application.port.out.ModuleConfigs;
import org.prismq.runner.application.port.out.SavedConfig;
import org.prismq.runner.domain.catalog.ModuleId;

/**
 * {@link ModuleConfigs} held in memory, for service tests. Thread-safe: every method holds the instance's
 * monitor for the duration of the call (it never blocks inside).
 */
public final class InMemoryModuleConfigs implements ModuleConfigs {

    private final Map<ModuleId, SavedConfig> configs = new HashMap<>();

    @Override
    public synchronized Optional<SavedConfig> find(ModuleId module) {
        return Optional.ofNullable(configs.get(module));
    }

    @Override
    public synchronized void save(SavedConfig config) {
        configs.put(config.moduleId(), config);
    }

    @Override
    public synchronized boolean delete(ModuleId module) {
        return configs.remove(module) != null;
    }
}
