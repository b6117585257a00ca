package org.prismq.runner.adapters.http;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import org.prismq.runner.application.port.in.RunnerException;

/**
 * The server's one handler: checks every request (Host, CORS, cross-site origin, token), finds its route, checks
 * that a POST declares JSON, calls the resource's handler and turns every failure into a JSON error. Every check
 * runs before the handler, so a refused request changes nothing. Writes one access log line per request at DEBUG:
 * method, path (never the query, which may hold a token), status and duration.
 */
final class ApiDispatcher implements HttpHandler {

    private static final System.Logger LOG = System.getLogger(ApiDispatcher.class.getName());

    private final RouteTable routes;
    private final HostCheck hosts;
    private final CorsPolicy cors;
    private final CrossSiteCheck crossSite;
    private final BearerTokenCheck tokens;
    private final String serverName;

    ApiDispatcher(RouteTable routes, HostCheck hosts, CorsPolicy cors, BearerTokenCheck tokens, String version) {
        this.routes = routes;
        this.hosts = hosts;
        this.cors = cors;
        this.crossSite = new CrossSiteCheck(cors);
        this.tokens = tokens;
        this.serverName = "PrismQ-Runner/" + version;
    }

    @Override
    public void handle(HttpExchange exchange) {
        long started = System.nanoTime();
        try (exchange) {
            exchange.getResponseHeaders().set("Server", serverName);
            exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
            serve(exchange);
        } catch (IOException clientLeft) {
            LOG.log(System.Logger.Level.DEBUG, () -> "client left during " + describe(exchange) + ": " + clientLeft);
        } finally {
            LOG.log(System.Logger.Level.DEBUG, () -> describe(exchange) + " " + exchange.getResponseCode() + " "
                    + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) + " ms");
        }
    }

    private void serve(HttpExchange exchange) throws IOException {
        try {
            cors.decorate(exchange);
            hosts.check(exchange);
            if (cors.isPreflight(exchange)) {
                cors.answerPreflight(exchange);
                return;
            }
            crossSite.check(exchange);
            String path = exchange.getRequestURI().getRawPath();
            RouteTable.Match match = routes.match(path);
            if (path.equals("/api") || path.startsWith("/api/") || path.equals("/metrics")) {
                tokens.check(exchange, match != null && match.route().acceptsQueryToken());
            }
            if (match == null) {
                throw new ApiException(ErrorCode.NOT_FOUND, "no resource at " + QueryParameters.shortened(path));
            }
            RouteTable.Route route = match.route();
            if (!route.methods().contains(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().set("Allow", route.allow());
                throw new ApiException(ErrorCode.METHOD_NOT_ALLOWED, "method " + exchange.getRequestMethod()
                        + " is not allowed here; allowed: " + route.allow());
            }
            if (RouteTable.POST.equals(exchange.getRequestMethod())) {
                JsonMediaType.require(exchange.getRequestHeaders().getFirst("Content-Type"));
            }
            route.handler().handle(new ApiRequest(exchange, match.values()));
        } catch (ApiException refusal) {
            answer(exchange, refusal);
        } catch (RunnerException refusal) {
            answer(exchange, ApiException.from(refusal));
        } catch (RuntimeException | StackOverflowError bug) {
            // A stack overflow, such as a regular expression of the catalog recursing on a long value, is a bug in
            // one request: the thread's stack is unwound by now and the service can go on.
            LOG.log(System.Logger.Level.ERROR, "internal error on " + describe(exchange), bug);
            answer(exchange, new ApiException(ErrorCode.INTERNAL_ERROR,
                    "internal error; the service's log has the details"));
        }
    }

    // Once a streamed answer has begun, its status is sent: the connection just ends.
    private static void answer(HttpExchange exchange, ApiException error) throws IOException {
        if (exchange.getResponseCode() != -1) {
            LOG.log(System.Logger.Level.DEBUG, () -> describe(exchange) + " ended early: " + error.getMessage());
            return;
        }
        Responses.error(exchange, error);
    }

    private static String describe(HttpExchange exchange) {
        return exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath();
    }
}
