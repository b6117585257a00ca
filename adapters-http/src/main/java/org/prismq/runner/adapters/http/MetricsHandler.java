package org.prismq.runner.adapters.http;

import java.io.IOException;
import java.io.OutputStream;

import com.sun.net.httpserver.HttpExchange;

import org.prismq.runner.adapters.http.metrics.PrometheusMetrics;

/**
 * {@code GET /metrics}: every metric in the Prometheus text format, or in OpenMetrics when the {@code Accept}
 * header asks for {@code application/openmetrics-text}. Behind the same Host and token checks as {@code /api}
 * (see {@link ApiDispatcher}); the token only in the {@code Authorization} header.
 */
final class MetricsHandler implements ResourceHandler {

    private final PrometheusMetrics metrics;

    MetricsHandler(PrometheusMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void handle(ApiRequest request) throws IOException {
        HttpExchange exchange = request.exchange();
        PrometheusMetrics.Scrape scrape = metrics.scrape(request.header("Accept"));
        exchange.getResponseHeaders().set("Content-Type", scrape.contentType());
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(200, scrape.body().length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(scrape.body());
        }
    }
}
