package org.prismq.runner.adapters.http;

import java.io.IOException;

import org.prismq.runner.application.port.in.SystemStatusUseCase;

/** {@code GET /api/system/stats}. */
final class SystemStatsHandler implements ResourceHandler {

    private final SystemStatusUseCase status;

    SystemStatsHandler(SystemStatusUseCase status) {
        this.status = status;
    }

    @Override
    public void handle(ApiRequest request) throws IOException {
        request.respond(200, SystemJson.Stats.from(status.stats()));
    }
}
