package org.prismq.runner.application.port.out;

import java.util.List;
import java.util.Optional;

import org.prismq.runner.domain.catalog.ModuleDefinition;
import org.prismq.runner.domain.catalog.ModuleId;

/** The modules the service can run. Thread-safe; the answer may change when the catalog is reloaded. */
public interface ModuleCatalog {

    /** Every module, in catalog order. */
    List<ModuleDefinition> modules();

    Optional<ModuleDefinition> find(ModuleId id);
}
