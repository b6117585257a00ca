package org.prismq.runner.adapters.http;

import java.io.IOException;
import java.time.Instant;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.prismq.runner.adapters.http.metrics.PrometheusMetrics;
import org.prismq.runner.application.port.in.LaunchRunCommand;
import org.prismq.runner.application.port.in.LaunchRunUseCase;
import org.prismq.runner.application.port.in.RunnerException;
import org.prismq.runner.domain.catalog.ModuleId;

/**
 * {@code POST /api/modules/{module_id}/run} with {@code {"parameters": {...}, "save_config": true}}, both
 * optional (an empty body launches with the defaults; {@code save_config} defaults to {@code true}, as in the
 * original backend). Parameter values must be strings, numbers, booleans or {@code null}; other fields of the
 * body are ignored, as the original did. Answers 202 with the new run. Each refusal is counted by its error code
 * ({@code prismq_launches_refused_total}): every refusal of a launch, whichever part of the service made it, reaches
 * the client through here.
 */
final class ModuleRunHandler implements ResourceHandler {

    private final LaunchRunUseCase launch;
    private final PrometheusMetrics metrics;

    ModuleRunHandler(LaunchRunUseCase launch, PrometheusMetrics metrics) {
        this.launch = launch;
        this.metrics = metrics;
    }

    @Override
    public void handle(ApiRequest request) throws IOException {
        try {
            launch(request);
        } catch (ApiException refusal) {
            metrics.launchRefused(refusal.code().wireName());
            throw refusal;
        } catch (RunnerException refusal) {
            metrics.launchRefused(ApiException.from(refusal).code().wireName());
            throw refusal;
        }
    }

    private void launch(ApiRequest request) throws IOException {
        ModuleId module = request.moduleId();
        ObjectNode body = request.jsonBody();
        LaunchRunCommand command = new LaunchRunCommand(module, Json.parameters(body, false),
                Json.optionalBoolean(body, "save_config", true));
        request.respond(202, RunJson.from(launch.launch(command), Instant.now()));
    }
}
