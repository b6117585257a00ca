package org.prismq.runner.adapters.http;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;

/**
 * Cross-origin access for the configured browser origins only. An answer carries
 * {@code Access-Control-Allow-Origin} when the request's {@code Origin} is one of them, and never otherwise (the
 * browser then hides the answer from the page). A preflight ({@code OPTIONS} with {@code Origin} and
 * {@code Access-Control-Request-Method}) from an allowed origin gets 204 with the methods and headers the API
 * takes, and needs no token (browsers send none on a preflight); from any other origin, 403
 * {@code origin_not_allowed}.
 */
final class CorsPolicy {

    private final Set<String> origins;

    CorsPolicy(List<String> origins) {
        this.origins = Set.copyOf(origins);
    }

    /** Adds the CORS headers every answer to this request carries. */
    void decorate(HttpExchange exchange) {
        String origin = exchange.getRequestHeaders().getFirst("Origin");
        if (origin == null) {
            return;
        }
        Headers headers = exchange.getResponseHeaders();
        headers.add("Vary", "Origin");
        if (isAllowed(origin)) {
            headers.set("Access-Control-Allow-Origin", origin);
        }
    }

    boolean isPreflight(HttpExchange exchange) {
        Headers request = exchange.getRequestHeaders();
        return "OPTIONS".equals(exchange.getRequestMethod()) && request.containsKey("Origin")
                && request.containsKey("Access-Control-Request-Method");
    }

    void answerPreflight(HttpExchange exchange) throws IOException {
        String origin = exchange.getRequestHeaders().getFirst("Origin");
        if (!isAllowed(origin)) {
            throw new ApiException(ErrorCode.ORIGIN_NOT_ALLOWED, "the origin '" + QueryParameters.shortened(origin)
                    + "' may not call this service from a browser; add it to the allowed CORS origins");
        }
        Headers headers = exchange.getResponseHeaders();
        headers.set("Access-Control-Allow-Methods", "GET, POST, DELETE");
        headers.set("Access-Control-Allow-Headers", "Content-Type, Authorization, Last-Event-ID");
        headers.set("Access-Control-Max-Age", "600");
        Responses.noContent(exchange);
    }

    boolean isAllowed(String origin) {
        return origins.contains(origin.strip().toLowerCase(Locale.ROOT));
    }
}
