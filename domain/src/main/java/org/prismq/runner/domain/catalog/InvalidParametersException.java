package org.prismq.runner.domain.catalog;

import java.util.List;
import java.util.stream.Collectors;

/** Every error found in one set of parameters, reported together. */
public final class InvalidParametersException extends IllegalArgumentException {

    private final transient List<ParameterError> errors;

    public InvalidParametersException(List<ParameterError> errors) {
        super(errors.stream().map(ParameterError::toString).collect(Collectors.joining("; ")));
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("an InvalidParametersException needs at least one error");
        }
        this.errors = List.copyOf(errors);
    }

    public List<ParameterError> errors() {
        return errors;
    }
}
