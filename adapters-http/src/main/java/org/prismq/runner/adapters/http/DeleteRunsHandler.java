package org.prismq.runner.adapters.http;

import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.prismq.runner.application.port.in.DeleteRunsUseCase;
import org.prismq.runner.application.port.in.DeleteRunsUseCase.DeleteRunsCommand;
import org.prismq.runner.domain.catalog.ModuleId;
import org.prismq.runner.domain.run.EndedRunsFilter;
import org.prismq.runner.domain.run.RunId;
import org.prismq.runner.domain.run.RunStatus;

/**
 * {@code POST /api/runs/delete} with {@code {"run_ids": [...]}}, or a filter of ended runs
 * {@code {"module_id", "status", "ended_before"}} (at least one of them; the status a final one); answers
 * {@code {"deleted": n}}. Any other field, or both forms at once, is a 400 naming the field, so that a misspelt
 * filter cannot widen a deletion. {@code DELETE /api/runs/{run_id}} stays the cancel.
 */
final class DeleteRunsHandler implements ResourceHandler {

    private static final Set<String> FIELDS = Set.of("run_ids", "module_id", "status", "ended_before");

    private final DeleteRunsUseCase deletion;

    DeleteRunsHandler(DeleteRunsUseCase deletion) {
        this.deletion = deletion;
    }

    @Override
    public void handle(ApiRequest request) throws IOException {
        long deleted = deletion.delete(command(request.jsonBody()));
        request.respond(200, Map.of("deleted", deleted));
    }

    static DeleteRunsCommand command(ObjectNode body) {
        for (Map.Entry<String, JsonNode> property : body.properties()) {
            String field = property.getKey();
            if (!FIELDS.contains(field)) {
                throw ApiException.badRequest("unknown field \"" + QueryParameters.shortened(field)
                        + "\": give \"run_ids\", or a filter of \"module_id\", \"status\" and \"ended_before\"");
            }
        }
        JsonNode ids = present(body, "run_ids");
        String moduleText = text(body, "module_id");
        String statusText = text(body, "status");
        String endedText = text(body, "ended_before");
        boolean filtered = moduleText != null || statusText != null || endedText != null;
        if (ids != null) {
            if (filtered) {
                throw ApiException.badRequest("give either \"run_ids\" or a filter, not both");
            }
            return new DeleteRunsCommand.Named(runIds(ids));
        }
        if (!filtered) {
            throw ApiException.badRequest("the body needs \"run_ids\", or at least one of \"module_id\", "
                    + "\"status\" and \"ended_before\"");
        }
        ModuleId module = moduleText == null ? null : Ids.moduleId(moduleText, "module_id");
        return new DeleteRunsCommand.Matching(new EndedRunsFilter(module, finalStatus(statusText),
                instant(endedText)));
    }

    private static Set<RunId> runIds(JsonNode ids) {
        if (!ids.isArray() || ids.isEmpty()) {
            throw ApiException.badRequest("\"run_ids\" must be a non-empty array of run ids");
        }
        Set<RunId> runIds = new LinkedHashSet<>();
        for (JsonNode id : ids) {
            if (!id.isTextual()) {
                throw ApiException.badRequest("\"run_ids\" must hold only strings");
            }
            runIds.add(Ids.runId(id.textValue(), "run id"));
        }
        return runIds;
    }

    private static RunStatus finalStatus(String text) {
        if (text == null) {
            return null;
        }
        RunStatus status;
        try {
            status = RunStatus.fromWireName(text);
        } catch (IllegalArgumentException unknown) {
            status = null;
        }
        if (status == null || !status.isTerminal()) {
            throw ApiException.badRequest("\"status\" must be completed, failed or cancelled (only ended runs are "
                    + "deleted), got '" + QueryParameters.shortened(text) + "'");
        }
        return status;
    }

    private static Instant instant(String text) {
        if (text == null) {
            return null;
        }
        try {
            return Timestamps.parse(text);
        } catch (DateTimeException unreadable) {
            throw ApiException.badRequest("\"ended_before\" must be an ISO-8601 date-time such as "
                    + "2024-05-01T12:00:00Z, got '" + QueryParameters.shortened(text) + "'");
        }
    }

    /** The field, or {@code null} when it is missing or JSON {@code null}. */
    private static JsonNode present(ObjectNode body, String field) {
        JsonNode node = body.get(field);
        return node == null || node.isNull() ? null : node;
    }

    private static String text(ObjectNode body, String field) {
        JsonNode node = present(body, field);
        if (node == null) {
            return null;
        }
        if (!node.isTextual()) {
            throw ApiException.badRequest("\"" + field + "\" must be a string");
        }
        return node.textValue();
    }
}
