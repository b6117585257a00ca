package org.prismq.runner.application.fakes;

import java.util.List;
import java.util.Optional;

import org.prismq.runner.application.port.out.ModuleCatalog;
import org.prismq.runner.domain.catalog.ModuleDefinition;
import org.prismq.runner.domain.catalog.ModuleId;

/** A catalog of the modules a test gives. */
public record StaticCatalog(List<ModuleDefinition> modules) implements ModuleCatalog {

    public StaticCatalog {
        modules = List.copyOf(modules);
    }

    public static StaticCatalog of(ModuleDefinition... modules) {
        return new StaticCatalog(List.of(modules));
    }

    @Override
    public Optional<ModuleDefinition> find(ModuleId id) {
        return modules.stream().filter(module -> module.id().equals(id)).findFirst();
    }
}
