package org.prismq.runner.adapters.http;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

import org.prismq.runner.domain.catalog.ModuleId;
import org.prismq.runner.domain.run.RunId;

/** One request as a handler sees it: its exchange, the values its path template captured, its inputs. */
final class ApiRequest {

    /** The largest request body read: 1 MiB. */
    static final int MAX_BODY_BYTES = 1 << 20;

    private final HttpExchange exchange;
    private final Map<String, String> pathValues;
    private QueryParameters query;

    ApiRequest(HttpExchange exchange, Map<String, String> pathValues) {
        this.exchange = exchange;
        this.pathValues = Map.copyOf(pathValues);
    }

    HttpExchange exchange() {
        return exchange;
    }

    String method() {
        return exchange.getRequestMethod();
    }

    /** The {@code {module_id}} of the path. */
    ModuleId moduleId() {
        return Ids.moduleId(pathValues.get("module_id"), "module id");
    }

    /** The {@code {run_id}} of the path. */
    RunId runId() {
        return Ids.runId(pathValues.get("run_id"), "run id");
    }

    QueryParameters query() {
        if (query == null) {
            query = QueryParameters.parse(exchange.getRequestURI().getRawQuery());
        }
        return query;
    }

    String header(String name) {
        return exchange.getRequestHeaders().getFirst(name);
    }

    /**
     * The body as a JSON object; an empty body reads as {@code {}}. 413 for a body over {@link #MAX_BODY_BYTES}
     * (a declared length is refused before reading, a chunked body is read no further than the limit), 400 for
     * anything but one JSON object in UTF-8. Its {@code Content-Type} was checked before the handler ran
     * ({@link JsonMediaType}).
     */
    ObjectNode jsonBody() throws IOException {
        if (declaredLength() > MAX_BODY_BYTES) {
            throw tooLarge();
        }
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readNBytes(MAX_BODY_BYTES + 1);
        }
        if (body.length > MAX_BODY_BYTES) {
            throw tooLarge();
        }
        return body.length == 0 ? Json.emptyObject() : Json.parseObject(body);
    }

    void respond(int status, Object body) throws IOException {
        Responses.json(exchange, status, body);
    }

    // -1 when there is none (a chunked body); the server itself refuses a malformed or negative one.
    private long declaredLength() {
        String declared = header("Content-Length");
        return declared == null ? -1 : Long.parseLong(declared.strip());
    }

    private static ApiException tooLarge() {
        return new ApiException(ErrorCode.PAYLOAD_TOO_LARGE,
                "the request body is larger than " + MAX_BODY_BYTES + " bytes (1 MiB)");
    }
}
