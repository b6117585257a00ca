package org.prismq.runner.domain.catalog;

import java.util.Objects;

/** One thing wrong with the parameters of a launch or a saved configuration. */
public record ParameterError(String parameter, String message) {

    public ParameterError {
        Objects.requireNonNull(parameter, "parameter");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return parameter + ": " + message;
    }
}
