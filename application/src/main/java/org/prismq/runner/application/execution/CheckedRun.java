package org.prismq.runner.application.execution;

import java.util.Objects;

import org.prismq.runner.domain.catalog.ModuleDefinition;
import org.prismq.runner.domain.catalog.ParameterValues;

/** The module a run is started with and its parameter values, checked against that module. */
record CheckedRun(ModuleDefinition module, ParameterValues values) {

    CheckedRun {
        Objects.requireNonNull(module, "module");
        Objects.requireNonNull(values, "values");
    }
}
