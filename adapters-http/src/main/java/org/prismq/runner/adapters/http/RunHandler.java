package org.prismq.runner.adapters.http;

import java.io.IOException;
import java.time.Instant;

import org.prismq.runner.application.port.in.CancelRunUseCase;
import org.prismq.runner.application.port.in.QueryRunsUseCase;
import org.prismq.runner.domain.run.Run;
import org.prismq.runner.domain.run.RunId;

/**
 * {@code /api/runs/{run_id}}: {@code GET} the run; {@code DELETE} cancels it and answers, once no process of the
 * run is left, with the run in its final state.
 */
final class RunHandler implements ResourceHandler {

    private final QueryRunsUseCase runs;
    private final CancelRunUseCase cancel;

    RunHandler(QueryRunsUseCase runs, CancelRunUseCase cancel) {
        this.runs = runs;
        this.cancel = cancel;
    }

    @Override
    public void handle(ApiRequest request) throws IOException {
        RunId id = request.runId();
        Run run = switch (request.method()) {
            case RouteTable.GET -> runs.get(id);
            case RouteTable.DELETE -> cancel.cancel(id);
            default -> throw new IllegalStateException("the route table let " + request.method() + " through");
        };
        request.respond(200, RunJson.from(run, Instant.now()));
    }
}
