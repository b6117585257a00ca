package org.prismq.runner.adapters.http;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.prismq.runner.adapters.http.metrics.PrometheusMetrics;

/**
 * The API's routes, written out in one place ({@link #create(HttpUseCases, Duration)}): a path
 * template, the methods it answers and its handler. Templates are matched segment by segment on the raw path;
 * a {@code {name}} segment captures one non-empty segment, percent-decoded (the handler checks it). Owns the
 * handlers and closes them.
 */
final class RouteTable implements AutoCloseable {

    static final String GET = "GET";
    static final String POST = "POST";
    static final String DELETE = "DELETE";

    private final List<Route> routes;

    RouteTable(List<Route> routes) {
        this.routes = List.copyOf(routes);
    }

    /** Every route of the API, each with its handler. */
    static RouteTable create(HttpUseCases useCases, Duration keepalive, PrometheusMetrics metrics) {
        StaticFilesHandler webPage = new StaticFilesHandler();
        RunLogsStreamHandler logStreams = new RunLogsStreamHandler(useCases.follow(), keepalive, metrics);
        return new RouteTable(List.of(
                new Route("/api/health", Set.of(GET), new HealthHandler(useCases.status())),
                new Route("/api/system/stats", Set.of(GET), new SystemStatsHandler(useCases.status())),
                new Route("/api/openapi.json", Set.of(GET), new OpenApiHandler()),
                new Route("/api/modules", Set.of(GET), new ModulesHandler(useCases.modules())),
                new Route("/api/modules/{module_id}", Set.of(GET), new ModuleHandler(useCases.modules())),
                new Route("/api/modules/{module_id}/config", Set.of(GET, POST, DELETE),
                        new ModuleConfigHandler(useCases.configs())),
                new Route("/api/modules/{module_id}/run", Set.of(POST), new ModuleRunHandler(useCases.launch(), metrics)),
                new Route("/api/runs", Set.of(GET), new RunsHandler(useCases.runs())),
                // Before /api/runs/{run_id}, which would take "delete" for a run id.
                new Route("/api/runs/delete", Set.of(POST), new DeleteRunsHandler(useCases.delete())),
                new Route("/api/runs/{run_id}", Set.of(GET, DELETE),
                        new RunHandler(useCases.runs(), useCases.cancel())),
                new Route("/api/runs/{run_id}/logs", Set.of(GET), new RunLogsHandler(useCases.logs())),
                new Route("/api/runs/{run_id}/logs/search", Set.of(GET), new RunLogsSearchHandler(useCases.logs())),
                new Route("/api/runs/{run_id}/logs/download", Set.of(GET),
                        new RunLogsDownloadHandler(useCases.logs())),
                new Route("/api/runs/{run_id}/logs/stream", Set.of(GET), logStreams),
                new Route("/metrics", Set.of(GET), new MetricsHandler(metrics)),
                new Route("/", Set.of(GET), webPage),
                new Route("/ui/{file}", Set.of(GET), webPage)));
    }

    /** Every route, in the order a path is matched against them. */
    List<Route> routes() {
        return routes;
    }

    /** The routes as a reader of the log wants them, for example {@code GET, DELETE /api/runs/{run_id}; ...}. */
    String describe() {
        return routes.stream().map(route -> route.allow() + " " + route.template()).collect(Collectors.joining("; "));
    }

    /** The route whose template matches {@code rawPath} with the values it captured, or {@code null}. */
    Match match(String rawPath) {
        String[] segments = rawPath.split("/", -1);
        for (Route route : routes) {
            Map<String, String> values = route.capture(segments);
            if (values != null) {
                return new Match(route, values);
            }
        }
        return null;
    }

    @Override
    public void close() {
        routes.forEach(route -> route.handler().close());
    }

    /**
     * @param segments the template split at {@code /}, for example {@code ["", "api", "runs", "{run_id}"]}
     * @param methods  what the resource answers; anything else is a 405 with an {@code Allow} header
     */
    record Route(List<String> segments, Set<String> methods, ResourceHandler handler) {

        Route {
            segments = List.copyOf(segments);
            methods = Set.copyOf(methods);
            Objects.requireNonNull(handler, "handler");
        }

        /** @param template for example {@code /api/runs/{run_id}/logs} */
        Route(String template, Set<String> methods, ResourceHandler handler) {
            this(List.of(template.split("/", -1)), methods, handler);
        }

        /** The template, for example {@code /api/runs/{run_id}/logs}. */
        String template() {
            return String.join("/", segments);
        }

        /** The value of an {@code Allow} header: the methods in a stable order. */
        String allow() {
            return Stream.of(GET, POST, DELETE).filter(methods::contains).collect(Collectors.joining(", "));
        }

        /**
         * Whether the token may come as {@code ?token=}: the SSE stream, where a browser's EventSource cannot send
         * headers, and the download, which a browser fetches through a plain link.
         */
        boolean acceptsQueryToken() {
            return handler instanceof RunLogsStreamHandler || handler instanceof RunLogsDownloadHandler;
        }

        private Map<String, String> capture(String[] path) {
            if (segments.size() != path.length) {
                return null;
            }
            Map<String, String> values = new LinkedHashMap<>();
            for (int i = 0; i < path.length; i++) {
                String part = segments.get(i);
                if (part.startsWith("{") && part.endsWith("}")) {
                    if (path[i].isEmpty()) {
                        return null;
                    }
                    // A malformed %-escape stays as sent; the id check then refuses it.
                    String decoded = QueryParameters.decodeOrNull(path[i]);
                    values.put(part.substring(1, part.length() - 1), decoded == null ? path[i] : decoded);
                } else if (!part.equals(path[i])) {
                    return null;
                }
            }
            return values;
        }
    }

    /** A matched route and the path values it captured, percent-decoded. */
    record Match(Route route, Map<String, String> values) {
    }
}
