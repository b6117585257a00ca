package org.prismq.runner.adapters.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import com.sun.net.httpserver.HttpExchange;

/**
 * With a token configured, every {@code /api} request must carry {@code Authorization: Bearer <token>}; the log
 * stream also takes {@code ?token=<token>}, since a browser's {@code EventSource} cannot set headers. The
 * comparison takes the same time whatever the given token is. A missing or wrong token gets 401
 * {@code unauthorized} with {@code WWW-Authenticate: Bearer}. Without a token, every request passes.
 */
final class BearerTokenCheck {

    private static final String SCHEME = "Bearer ";

    private final byte[] expected;

    /** @param token the token, or {@code null} for none */
    BearerTokenCheck(String token) {
        this.expected = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
    }

    void check(HttpExchange exchange, boolean queryTokenAccepted) {
        if (expected == null) {
            return;
        }
        String given = bearer(exchange.getRequestHeaders().getFirst("Authorization"));
        if (given == null && queryTokenAccepted) {
            given = queryToken(exchange.getRequestURI().getRawQuery());
        }
        if (given == null || !MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.UTF_8))) {
            exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
            throw new ApiException(ErrorCode.UNAUTHORIZED, given == null
                    ? "this service needs a token: send the header Authorization: Bearer <token>"
                    : "the token is not valid");
        }
    }

    private static String bearer(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return null;
        }
        return authorization.substring(SCHEME.length()).strip();
    }

    // Lenient on purpose: a malformed query is the handler's 400 to give, after the caller is known.
    private static String queryToken(String rawQuery) {
        if (rawQuery == null) {
            return null;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.startsWith("token=")) {
                return QueryParameters.decodeOrNull(pair.substring("token=".length()));
            }
        }
        return null;
    }
}
