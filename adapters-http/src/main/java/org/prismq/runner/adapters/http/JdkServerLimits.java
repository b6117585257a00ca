package org.prismq.runner.adapters.http;

import java.util.Map;
import java.util.Properties;

/**
 * The limits of the JDK's HTTP server that keep slow and idle clients from holding connections for ever, its cap
 * on connections, and its one setting that live streams need. That server reads them from system properties once,
 * when its implementation class loads (at the first {@code HttpServer.create} in the JVM), so {@link HttpApi}
 * applies them before it creates a server; a value the user has set ({@code -Dsun.net.httpserver.maxReqTime=60})
 * wins. Being read once, they hold for every server of the JVM: a later server cannot change them.
 * <ul>
 *   <li>{@code sun.net.httpserver.maxReqTime} = {@value #MAX_REQUEST_SECONDS}: seconds a client has to send its
 *       request line, headers and body, counted from its first byte. A connection that takes longer is closed; a
 *       handler blocked reading that body gets an {@code IOException}. The JDK's default is "for ever". A GET
 *       counts as received once its headers are in, so a log stream that lasts hours is not affected.</li>
 *   <li>{@code sun.net.httpserver.nodelay} = {@code true}: {@code TCP_NODELAY} on every connection. Without it
 *       Nagle's algorithm holds a small write (one SSE event) that follows another until the client acknowledges
 *       the first, and a client's delayed acknowledgement takes up to 40 ms: a live line arrived that much later
 *       (latency p99 with 100 readers about 30 ms instead of about 12; see docs/performance.md).</li>
 *   <li>{@code sun.net.httpserver.maxRspTime} is deliberately left unset: it limits the time from request to the
 *       end of the answer, and would cut every live log stream.</li>
 *   <li>{@code sun.net.httpserver.clockTick} = {@value #IDLE_CHECK_MILLIS}: milliseconds between two looks
 *       for idle connections to close. With the JDK's 10 s, a connection idle for the 30 s allowed stayed open up
 *       to 40 s, holding its descriptor and its place under the cap that much longer.</li>
 *   <li>{@code jdk.httpserver.maxConnections}: the cap on open connections, from {@link ConnectionBudget} and
 *       set by {@link #applyMaxConnections} (the JDK's default is none). Past it the server closes each new
 *       connection as soon as it accepts it, without reading a byte; the open ones, live streams among them, are
 *       not touched.</li>
 *   <li>The JDK's own defaults stay: a connection that sends nothing is closed after
 *       {@code sun.net.httpserver.idleInterval} (30 s, or {@code maxReqTime} when shorter), as is a keep-alive
 *       connection idle that long; at most {@code sun.net.httpserver.maxIdleConnections} (200) idle
 *       connections are kept; a request may have {@code sun.net.httpserver.maxReqHeaders} (200) headers.</li>
 * </ul>
 */
final class JdkServerLimits {

    static final String MAX_REQUEST_TIME = "sun.net.httpserver.maxReqTime";
    static final long MAX_REQUEST_SECONDS = 30;
    static final String NO_DELAY = "sun.net.httpserver.nodelay";
    static final String IDLE_CHECK = "sun.net.httpserver.clockTick";
    static final long IDLE_CHECK_MILLIS = 1_000;
    static final String MAX_CONNECTIONS = "jdk.httpserver.maxConnections";

    private static final Map<String, String> DEFAULTS = Map.of(MAX_REQUEST_TIME, Long.toString(MAX_REQUEST_SECONDS),
            NO_DELAY, "true", IDLE_CHECK, Long.toString(IDLE_CHECK_MILLIS));

    private JdkServerLimits() {
    }

    /** Sets every limit and setting that {@code properties} do not set yet. */
    static void applyDefaults(Properties properties) {
        DEFAULTS.forEach(properties::putIfAbsent);
    }

    /**
     * Sets the cap on open connections unless {@code properties} already hold one (set by the user, or by an
     * earlier server of this JVM, whose cap the JDK has read by then).
     *
     * @return the cap that holds: {@code maxConnections}, or the one already set (0 or less for none)
     */
    static synchronized int applyMaxConnections(Properties properties, int maxConnections) {
        Object before = properties.putIfAbsent(MAX_CONNECTIONS, Integer.toString(maxConnections));
        if (before == null) {
            return maxConnections;
        }
        try {
            return Integer.parseInt(before.toString().strip());
        } catch (NumberFormatException unreadable) {
            // The JDK reads a value that is not a whole number as its default: no cap.
            return -1;
        }
    }
}
