package org.prismq.runner.adapters.http;

import java.io.IOException;
import java.time.Instant;

import org.prismq.runner.application.port.in.QueryRunsUseCase;
import org.prismq.runner.domain.catalog.ModuleId;
import org.prismq.runner.domain.run.RunFilter;
import org.prismq.runner.domain.run.RunPage;
import org.prismq.runner.domain.run.RunStatus;

/**
 * {@code GET /api/runs?module_id=&status=&limit=50&offset=0}: newest first; the filters combine; {@code limit}
 * 1..100, {@code offset} from 0.
 */
final class RunsHandler implements ResourceHandler {

    private final QueryRunsUseCase runs;

    RunsHandler(QueryRunsUseCase runs) {
        this.runs = runs;
    }

    @Override
    public void handle(ApiRequest request) throws IOException {
        QueryParameters query = request.query();
        String moduleText = query.string("module_id");
        ModuleId module = moduleText == null ? null : Ids.moduleId(moduleText, "module_id");
        RunStatus status = query.parsed("status", RunStatus::fromWireName);
        int limit = query.integer("limit", 50, 1, 100);
        int offset = query.integer("offset", 0, 0, Integer.MAX_VALUE);
        RunPage page = runs.list(new RunFilter(module, status), limit, offset);
        request.respond(200, RunJson.Page.from(page, limit, offset, Instant.now()));
    }
}
