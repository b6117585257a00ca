package org.prismq.runner.adapters.http;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.List;


import com.sun.net.httpserver.HttpExchange;

/** Writes whole answers: the bytes first, then the headers with their exact length. */
final class Responses {

    private Responses() {
    }

    static void json(HttpExchange exchange, int status, Object body) throws IOException {
        jsonBytes(exchange, status, Json.bytes(body));
    }

    /**
     * @param bytes a JSON document, already written; left out for a {@code HEAD} request, whose answer has headers
     *              only (no route takes {@code HEAD}, so that is its 405)
     */
    static void jsonBytes(HttpExchange exchange, int status, byte[] bytes) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        if ("HEAD".equals(exchange.getRequestMethod())) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    static void error(HttpExchange exchange, ApiException error) throws IOException {
        List<ParameterErrorJson> errors = error.errors() == null ? null : error.errors().stream()
                .map(e -> new ParameterErrorJson(e.parameter(), e.message())).toList();
        json(exchange, error.status(), new ErrorJson(error.detail(), error.code().wireName(),
                Timestamps.format(Instant.now()), errors));
    }

    /** A 204: no body, no length. */
    static void noContent(HttpExchange exchange) throws IOException {
        exchange.sendResponseHeaders(204, -1);
    }

    /**
     * The body of every non-2xx answer. {@code errors} lists each invalid parameter with its own message for
     * {@code invalid_parameters}, so that a form can show it next to its field; it is {@code null} otherwise
     * (sent, not left out, as every optional field).
     */
    record ErrorJson(String detail, String errorCode, String timestamp, List<ParameterErrorJson> errors) {
    }

    record ParameterErrorJson(String parameter, String message) {
    }
}
