package org.prismq.runner.application.execution;

import java.util.Map;

import org.prismq.runner.application.port.in.RunnerException;
import org.prismq.runner.application.port.out.LaunchFailedException;
import org.prismq.runner.domain.catalog.InvalidParametersException;
import org.prismq.runner.domain.catalog.ModuleDefinition;
import org.prismq.runner.domain.catalog.ParameterError;
import org.prismq.runner.domain.catalog.ParameterValues;

/**
 * The one place where a run's parameters are checked against its module: when a client launches a run or saves
 * a configuration, and again when a node starts a run that was checked elsewhere.
 */
public final class Parameters {

    private Parameters() {
    }

    /** {@link ParameterValues#resolve}, with its errors as {@link RunnerException.InvalidParameters}. */
    public static ParameterValues resolve(ModuleDefinition module, Map<String, ?> given, Map<String, ?> saved) {
        try {
            return ParameterValues.resolve(module, given, saved);
        } catch (InvalidParametersException invalid) {
            throw new RunnerException.InvalidParameters(invalid.errors());
        }
    }

    /**
     * The values of a run queued elsewhere, checked again against {@code module}, with their errors as a
     * {@link LaunchFailedException}: the run then fails instead of starting.
     */
    static ParameterValues recheck(ModuleDefinition module, Map<String, ?> values) {
        try {
            return resolve(module, values, Map.of());
        } catch (RunnerException.InvalidParameters invalid) {
            throw new LaunchFailedException("the parameters do not fit module '" + module.id()
                    + "' in this node's catalog: " + String.join("; ",
                    invalid.errors().stream().map(ParameterError::toString).toList()));
        }
    }
}
