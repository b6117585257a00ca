package org.prismq.runner.adapters.http;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;

/**
 * Refuses requests whose {@code Host} header names a host this service does not answer for, the defence against
 * DNS rebinding (a page of {@code evil.example} whose name now resolves to 127.0.0.1). Accepted: the bound
 * address, any loopback literal ({@code 127.0.0.1}, {@code [::1]}, ...), {@code localhost} and the configured
 * names; when bound to every interface ({@code 0.0.0.0}), any IP literal, since rebinding needs a name. The port
 * is not compared. A refused or missing {@code Host} gets 403 {@code host_not_allowed}: the request is well-formed
 * (not a 400) and the client may not retry it elsewhere (not a 421).
 */
final class HostCheck {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("\\[[0-9a-f:.]+(%[0-9a-z._-]+)?]");

    private final Set<String> names;
    private final InetAddress bound;

    HostCheck(InetSocketAddress boundAddress, List<String> extraNames) {
        this.bound = boundAddress.getAddress();
        this.names = new HashSet<>(extraNames);
        names.add("localhost");
    }

    void check(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("Host");
        if (header == null || !isAllowed(hostName(header))) {
            throw new ApiException(ErrorCode.HOST_NOT_ALLOWED, "the Host header "
                    + (header == null ? "is missing" : "'" + QueryParameters.shortened(header) + "' is not allowed")
                    + "; add the name to the allowed hosts to reach this service under it");
        }
    }

    private boolean isAllowed(String host) {
        if (names.contains(host)) {
            return true;
        }
        InetAddress literal = ipLiteral(host);
        return literal != null
                && (literal.isLoopbackAddress() || literal.equals(bound) || bound.isAnyLocalAddress());
    }

    /** The host of a {@code Host} header in lower case, without its port; IPv6 literals keep their brackets. */
    static String hostName(String header) {
        String host = header.strip().toLowerCase(Locale.ROOT);
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            return end < 0 ? host : host.substring(0, end + 1);
        }
        int colon = host.indexOf(':');
        return colon < 0 ? host : host.substring(0, colon);
    }

    // Only literals reach InetAddress.getByName, which then parses them without asking DNS.
    private static InetAddress ipLiteral(String host) {
        try {
            if (IPV4.matcher(host).matches()) {
                return InetAddress.getByName(host);
            }
            if (IPV6.matcher(host).matches()) {
                return InetAddress.getByName(host.substring(1, host.length() - 1));
            }
        } catch (UnknownHostException notAnAddress) {
            return null;
        }
        return null;
    }
}
