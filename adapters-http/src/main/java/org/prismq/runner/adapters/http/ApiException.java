package org.prismq.runner.adapters.http;

import java.util.List;

import org.prismq.runner.application.port.in.RunnerException;
import org.prismq.runner.domain.catalog.ParameterError;

/**
 * A refusal to answer with a JSON error: the adapter's own (bad input, unknown path, ...) or a use case's
 * {@link RunnerException} translated by {@link #from(RunnerException)}.
 */
final class ApiException extends RuntimeException {

    private final int status;
    private final String code;
    private final transient List<ParameterError> errors;

    ApiException(int status, String code, String detail) {
        this(status, code, detail, null);
    }

    /** @param errors each invalid parameter with its message, or {@code null} for other refusals */
    private ApiException(int status, String code, String detail, List<ParameterError> errors) {
        super(detail, null, false, false);
        this.status = status;
        this.code = code;
        this.errors = errors == null ? null : List.copyOf(errors);
    }

    /** The one place where a use case's refusal becomes an HTTP status and an error code. */
    static ApiException from(RunnerException refusal) {
        String detail = refusal.getMessage();
        return switch (refusal) {
            case RunnerException.ModuleNotFound ignored -> new ApiException(404, "module_not_found", detail);
            case RunnerException.RunNotFound ignored -> new ApiException(404, "run_not_found", detail);
            case RunnerException.InvalidParameters invalid ->
                    new ApiException(400, "invalid_parameters", detail, invalid.errors());
            case RunnerException.ModuleNotLaunchable ignored ->
                    new ApiException(409, "module_not_launchable", detail);
            case RunnerException.RunNotActive ignored -> new ApiException(400, "run_not_active", detail);
            case RunnerException.QueueFull ignored -> new ApiException(429, "queue_full", detail);
            case RunnerException.InsufficientResources ignored ->
                    new ApiException(503, "insufficient_resources", detail);
            case RunnerException.ShuttingDown ignored -> new ApiException(503, "shutting_down", detail);
        };
    }

    /** A parameter value the adapter cannot even hand to a use case (an array, an object). */
    static ApiException invalidParameter(String name, String message) {
        ParameterError error = new ParameterError(name, message);
        return new ApiException(400, "invalid_parameters", "invalid parameters: " + error, List.of(error));
    }

    static ApiException badQuery(String detail) {
        return new ApiException(400, "invalid_query", detail);
    }

    static ApiException badRequest(String detail) {
        return new ApiException(400, "invalid_request", detail);
    }

    int status() {
        return status;
    }

    String code() {
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
