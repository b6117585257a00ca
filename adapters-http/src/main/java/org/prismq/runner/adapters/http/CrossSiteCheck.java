package org.prismq.runner.adapters.http;

import java.util.List;
import java.util.Locale;
import java.util.Set;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;

/**
 * Refuses state-changing requests that a page of another site makes a visitor's browser send (cross-site request
 * forgery): the Host check cannot, since the browser addresses the service by its real name. Every method but
 * {@code GET}, {@code HEAD} and {@code OPTIONS} must come from the service's own origin or an allowed CORS
 * origin:
 * <ul>
 *   <li>with {@code Origin} (browsers send it on every such request), the origin must be one of the allowed CORS
 *       origins or {@code http://} followed by the request's own {@code Host} header, the name and port the
 *       browser addressed; {@code Origin: null} (a sandboxed page, a local file, a redirect) is never allowed.
 *       {@code localhost} and {@code 127.0.0.1} are different origins, as for browsers: a page served on
 *       {@code localhost:8000} by another program (on {@code ::1}) is not this service;</li>
 *   <li>without {@code Origin}, {@code Sec-Fetch-Site: cross-site} or {@code same-site} (a page of another port
 *       or host) is refused;</li>
 *   <li>with neither header (curl, scripts, other programs), the request passes: those clients are not steered
 *       by another site, and a token guards them when one is set.</li>
 * </ul>
 * A refusal is a 403 {@code origin_not_allowed}, raised before the token check and the handler, so it changes
 * nothing. A CORS preflight is answered before this check and never reaches it.
 */
final class CrossSiteCheck {

    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");
    private static final Set<String> FOREIGN_SITES = Set.of("cross-site", "same-site");

    private final CorsPolicy cors;

    CrossSiteCheck(CorsPolicy cors) {
        this.cors = cors;
    }

    void check(HttpExchange exchange) {
        if (SAFE_METHODS.contains(exchange.getRequestMethod())) {
            return;
        }
        Headers request = exchange.getRequestHeaders();
        List<String> origins = request.get("Origin");
        if (origins != null) {
            String origin = origins.getFirst();
            if (origins.size() > 1 || !(cors.isAllowed(origin) || isOwn(origin, request.getFirst("Host")))) {
                throw refused("the origin '" + QueryParameters.shortened(String.join(", ", origins))
                        + "' is neither this service's own nor an allowed CORS origin");
            }
            return;
        }
        String site = request.getFirst("Sec-Fetch-Site");
        if (site != null && FOREIGN_SITES.contains(site.strip().toLowerCase(Locale.ROOT))) {
            throw refused("the request comes from a page of another site (Sec-Fetch-Site: "
                    + QueryParameters.shortened(site) + ")");
        }
    }

    /** Whether {@code origin} is {@code http://} and the {@code Host} the request was sent to. */
    private static boolean isOwn(String origin, String host) {
        String scheme = "http://";
        String given = origin.strip().toLowerCase(Locale.ROOT);
        return host != null && given.startsWith(scheme)
                && withoutDefaultPort(given.substring(scheme.length()))
                        .equals(withoutDefaultPort(host.strip().toLowerCase(Locale.ROOT)));
    }

    // Browsers leave out port 80 in both headers; a client may still write it in one of them.
    private static String withoutDefaultPort(String authority) {
        return authority.endsWith(":80") ? authority.substring(0, authority.length() - 3) : authority;
    }

    private static ApiException refused(String why) {
        return new ApiException(ErrorCode.ORIGIN_NOT_ALLOWED, "a state-changing request from a browser page of "
                + "another origin is refused: " + why
                + "; add the page's origin to the allowed CORS origins if it may use this service");
    }
}
