package org.prismq.runner.application.port.in;

import java.util.Objects;

import org.prismq.runner.domain.catalog.ModuleDefinition;
import org.prismq.runner.domain.run.ModuleRunStats;

/** A module with its live run statistics. */
public record ModuleView(ModuleDefinition module, ModuleRunStats stats) {

    public ModuleView {
        Objects.requireNonNull(module, "module");
        Objects.requireNonNull(stats, "stats");
    }
}
