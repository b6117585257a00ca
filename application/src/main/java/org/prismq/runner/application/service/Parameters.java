package org.prismq.runner.application.service;

import java.util.Map;

import org.prismq.runner.application.port.in.RunnerException;
import org.prismq.runner.domain.catalog.InvalidParametersException;
import org.prismq.runner.domain.catalog.ModuleDefinition;
import org.prismq.runner.domain.catalog.ParameterValues;

/** Parameter validation as the use cases report it. */
final class Parameters {

    private Parameters() {
    }

    /** {@link ParameterValues#resolve}, with its errors as {@link RunnerException.InvalidParameters}. */
    static ParameterValues resolve(ModuleDefinition module, Map<String, ?> given, Map<String, ?> saved) {
        try {
            return ParameterValues.resolve(module, given, saved);
        } catch (InvalidParametersException invalid) {
            throw new RunnerException.InvalidParameters(invalid.errors());
        }
    }
}
