package org.prismq.runner.adapters.http;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * How the HTTP API listens and whom it answers.
 *
 * @param host         the address to bind, a name or a literal; an address that is not a loopback address
 *                     needs a {@code token} ({@link HttpApi#start()} refuses otherwise)
 * @param port         0 to 65535; 0 picks a free port, which {@link HttpApi#start()} returns
 * @param token        the bearer token every {@code /api} request must carry, or {@code null} for none; printable
 *                     ASCII without spaces
 * @param corsOrigins  the browser origins (such as {@code http://localhost:5173}) whose pages may read the
 *                     answers; {@code null} for {@link #DEFAULT_CORS_ORIGINS}
 * @param allowedHosts names accepted in the {@code Host} header besides the bound address, {@code localhost} and
 *                     loopback literals (for example the machine's name when listening on every interface);
 *                     {@code null} for none
 * @param keepalive    silence after which a live log stream gets a {@code : keepalive} comment; {@code null} for
 *                     {@link #DEFAULT_KEEPALIVE}
 * @param version      the service's version, sent in the {@code Server} header
 * @param maxConnections the most connections open at once, 1 or more; past it a new connection is closed at
 *                     once; {@code null} for half the process's file-descriptor limit, at most 10,000. The JDK
 *                     reads it once per JVM, at its first server: a later server with another value keeps the
 *                     first (and says so in the log)
 */
public record HttpApiSettings(String host, int port, String token, List<String> corsOrigins,
        List<String> allowedHosts, Duration keepalive, String version, Integer maxConnections) {

    /** The PrismQ web client's development server, under both loopback names. */
    public static final List<String> DEFAULT_CORS_ORIGINS = List.of("http://localhost:5173", "http://127.0.0.1:5173");

    public static final Duration DEFAULT_KEEPALIVE = Duration.ofSeconds(15);

    public HttpApiSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(version, "version");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be within 0..65535, was " + port);
        }
        if (token != null && (token.isEmpty() || !token.chars().allMatch(c -> c > 0x20 && c < 0x7f))) {
            throw new IllegalArgumentException("the token must be non-empty printable ASCII without spaces");
        }
        corsOrigins = corsOrigins == null ? DEFAULT_CORS_ORIGINS : normalised(corsOrigins, "corsOrigins");
        allowedHosts = allowedHosts == null ? List.of() : normalised(allowedHosts, "allowedHosts");
        keepalive = keepalive == null ? DEFAULT_KEEPALIVE : keepalive;
        if (keepalive.isNegative() || keepalive.isZero()) {
            throw new IllegalArgumentException("keepalive must be positive, was " + keepalive);
        }
        if (maxConnections != null && maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be at least 1, was " + maxConnections);
        }
    }

    /** Settings whose connection cap is chosen from the file-descriptor limit. */
    public HttpApiSettings(String host, int port, String token, List<String> corsOrigins, List<String> allowedHosts,
            Duration keepalive, String version) {
        this(host, port, token, corsOrigins, allowedHosts, keepalive, version, null);
    }

    /** Like the generated one, but never shows the token. */
    @Override
    public String toString() {
        return "HttpApiSettings[host=" + host + ", port=" + port + ", token=" + (token == null ? "none" : "set")
                + ", corsOrigins=" + corsOrigins + ", allowedHosts=" + allowedHosts + ", keepalive=" + keepalive
                + ", version=" + version + ", maxConnections=" + (maxConnections == null ? "auto" : maxConnections)
                + "]";
    }

    // Browsers send origins and host names in lower case and without a trailing slash.
    private static List<String> normalised(List<String> values, String what) {
        return values.stream()
                .map(value -> Objects.requireNonNull(value, what + " must not hold null").strip())
                .map(value -> value.endsWith("/") ? value.substring(0, value.length() - 1) : value)
                .map(value -> value.toLowerCase(Locale.ROOT))
                .toList();
    }
}
