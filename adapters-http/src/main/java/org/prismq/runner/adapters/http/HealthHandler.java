package org.prismq.runner.adapters.http;

import java.io.IOException;

import org.prismq.runner.application.port.in.SystemStatusUseCase;

/** {@code GET /api/health}. */
final class HealthHandler implements ResourceHandler {

    private final SystemStatusUseCase status;

    HealthHandler(SystemStatusUseCase status) {
        this.status = status;
    }

    @Override
    public void handle(ApiRequest request) throws IOException {
        request.respond(200, SystemJson.Health.from(status.health()));
    }
}
