package org.prismq.runner.adapters.http;

import java.util.List;

import org.prismq.runner.application.port.in.RunnerException;
import org.prismq.runner.domain.catalog.ParameterError;

/**
 * A refusal to answer with a JSON error: the adapter's own (bad input, unknown path, ...) or a use case's
 * {@link RunnerException} translated by {@link #from(RunnerException)}.
 */
final class ApiException extends RuntimeException {

    private final ErrorCode code;
    private final transient List<ParameterError> errors;

    ApiException(ErrorCode code, String detail) {
        this(code, detail, null);
    }

    /** @param errors each invalid parameter with its message, or {@code null} for other refusals */
    private ApiException(ErrorCode code, String detail, List<ParameterError> errors) {
        super(detail, null, false, false);
        this.code = code;
        this.errors = errors == null ? null : List.copyOf(errors);
    }

    /** The one place where a use case's refusal becomes an HTTP status and an error code. */
    static ApiException from(RunnerException refusal) {
        String detail = refusal.getMessage();
        return switch (refusal) {
            case RunnerException.ModuleNotFound ignored -> new ApiException(ErrorCode.MODULE_NOT_FOUND, detail);
            case RunnerException.RunNotFound ignored -> new ApiException(ErrorCode.RUN_NOT_FOUND, detail);
            case RunnerException.InvalidParameters invalid ->
                    new ApiException(ErrorCode.INVALID_PARAMETERS, detail, invalid.errors());
            case RunnerException.ModuleNotLaunchable ignored ->
                    new ApiException(ErrorCode.MODULE_NOT_LAUNCHABLE, detail);
            case RunnerException.RunNotActive ignored -> new ApiException(ErrorCode.RUN_NOT_ACTIVE, detail);
            case RunnerException.RunActive ignored -> new ApiException(ErrorCode.RUN_ACTIVE, detail);
            case RunnerException.QueueFull ignored -> new ApiException(ErrorCode.QUEUE_FULL, detail);
            case RunnerException.SearchTooSlow ignored -> new ApiException(ErrorCode.SEARCH_TOO_SLOW, detail);
            case RunnerException.ShuttingDown ignored -> new ApiException(ErrorCode.SHUTTING_DOWN, detail);
            case RunnerException.StorageUnavailable ignored ->
                    new ApiException(ErrorCode.STORAGE_UNAVAILABLE, detail);
        };
    }

    /** A parameter value the adapter cannot even hand to a use case (an array, an object). */
    static ApiException invalidParameter(String name, String message) {
        ParameterError error = new ParameterError(name, message);
        return new ApiException(ErrorCode.INVALID_PARAMETERS, "invalid parameters: " + error, List.of(error));
    }

    static ApiException badQuery(String detail) {
        return new ApiException(ErrorCode.INVALID_QUERY, detail);
    }

    static ApiException badRequest(String detail) {
        return new ApiException(ErrorCode.INVALID_REQUEST, detail);
    }

    int status() {
        return code.status();
    }

    ErrorCode code() {
        return code;
    }

    String detail() {
        return getMessage();
    }

    /** Each invalid parameter with its message, for {@code invalid_parameters}; else {@code null}. */
    List<ParameterError> errors() {
        return errors;
    }
}
