package org.prismq.runner.application.port.out;

import java.util.Optional;

import org.prismq.runner.domain.catalog.ModuleId;

/** Saved parameter values per module, secrets included (they are masked only when shown). Thread-safe. */
public interface ModuleConfigs {

    Optional<SavedConfig> find(ModuleId module);

    /** Replaces the module's saved values. */
    void save(SavedConfig config);

    /** Forgets the module's saved values; returns whether there were any. */
    boolean delete(ModuleId module);
}
