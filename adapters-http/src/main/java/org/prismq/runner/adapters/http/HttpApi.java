package org.prismq.runner.adapters.http;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpServer;

import org.prismq.runner.adapters.http.metrics.PrometheusMetrics;

/**
 * The HTTP API of PrismQ Runner on the JDK's {@code com.sun.net.httpserver}: every route of the contract under
 * {@code /api}, JSON answers and errors, and live logs as Server-Sent Events.
 *
 * <p>Threads: the JDK server accepts connections on one thread of its own and hands each request, from its first
 * byte on, to an executor that reads its headers and runs the handler; a log stream holds its thread until it
 * ends. On Java 24 and later each request gets a virtual thread, so idle, slow and streaming clients cost little
 * memory. On Java 21 to 23 each request gets a platform thread from a cached pool instead: the JDK server reads
 * and writes sockets inside {@code synchronized} methods, and there a blocked virtual thread would pin its
 * carrier, so that as few slow clients as the machine has cores would stall every request (JEP 491 lifted this
 * in Java 24). Slow clients are cut off by the limits of {@code JdkServerLimits}, which this class sets as system
 * properties, unless already set, when it loads. The connection cap ({@link HttpApiSettings#maxConnections()}) is
 * set the same way at {@link #start()}, and logged there with the file-descriptor limit it was chosen from.
 *
 * <p>Life cycle: construct, {@link #start()} once, {@link #close()} once (or in try-with-resources). Closing
 * ends open log streams, stops the server within about a second, waits up to five seconds more for requests
 * still inside a use case (a cancel waits for its processes), and closes the handlers; once it returns, no
 * request calls a use case any more. It does not close the use cases, which belong to the caller.
 */
public final class HttpApi implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(HttpApi.class.getName());
    /** How long {@link #close()} lets requests in progress finish. */
    private static final int STOP_GRACE_SECONDS = 1;
    private static final long EXECUTOR_WAIT_SECONDS = 5;
    /**
     * Connections the kernel queues before the server accepts them. The JDK server accepts one per turn of its
     * loop; with the JDK's default of 50, a burst of connections overflows the queue and the clients wait a second
     * or more to try again.
     */
    private static final int ACCEPT_BACKLOG = 1024;
    /** The first Java whose virtual threads blocked inside {@code synchronized} release their carrier. */
    static final int FIRST_JAVA_WITHOUT_MONITOR_PINNING = 24;

    static {
        JdkServerLimits.applyDefaults(System.getProperties());
    }

    private final HttpApiSettings settings;
    private final RouteTable routes;
    private final int javaFeatureVersion;
    private HttpServer server;
    private ExecutorService executor;
    private boolean closed;

    /** Builds the routes and their handlers, with metrics of their own; nothing is bound before {@link #start()}. */
    public HttpApi(HttpApiSettings settings, HttpUseCases useCases) {
        this(settings, useCases, new PrometheusMetrics());
    }

    /**
     * Builds the routes and their handlers; nothing is bound before {@link #start()}.
     *
     * @param metrics served at {@code /metrics}, and told of log streams and refused launches
     */
    public HttpApi(HttpApiSettings settings, HttpUseCases useCases, PrometheusMetrics metrics) {
        this(settings, useCases, Runtime.version().feature(), metrics);
    }

    /** @param javaFeatureVersion the Java whose threading {@link #start()} plans for */
    HttpApi(HttpApiSettings settings, HttpUseCases useCases, int javaFeatureVersion) {
        this(settings, useCases, javaFeatureVersion, new PrometheusMetrics());
    }

    private HttpApi(HttpApiSettings settings, HttpUseCases useCases, int javaFeatureVersion,
            PrometheusMetrics metrics) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.routes = RouteTable.create(Objects.requireNonNull(useCases, "useCases"), settings.keepalive(),
                Objects.requireNonNull(metrics, "metrics"));
        this.javaFeatureVersion = javaFeatureVersion;
    }

    /**
     * Binds and starts serving.
     *
     * @return the address actually bound, with the real port when the settings asked for port 0
     * @throws IllegalStateException when started twice or after {@link #close()}, or when the host is not a
     *                               loopback address and no token is set
     * @throws IOException           when the address cannot be bound (the port is taken, the host is unknown)
     */
    public synchronized InetSocketAddress start() throws IOException {
        if (server != null || closed) {
            throw new IllegalStateException("an HttpApi starts only once");
        }
        InetAddress address = InetAddress.getByName(settings.host());
        if (!address.isLoopbackAddress() && settings.token() == null) {
            throw new IllegalStateException("refusing to listen on " + settings.host() + " (" + address.getHostAddress()
                    + ") without a token: every other machine on the network could run modules. "
                    + "Set a token, or listen on 127.0.0.1.");
        }
        capConnections();
        HttpServer created = HttpServer.create(new InetSocketAddress(address, settings.port()), ACCEPT_BACKLOG);
        InetSocketAddress bound = created.getAddress();
        created.createContext("/", new ApiDispatcher(routes, new HostCheck(bound, settings.allowedHosts()),
                new CorsPolicy(settings.corsOrigins()), new BearerTokenCheck(settings.token()), settings.version()));
        executor = requestExecutor(javaFeatureVersion);
        created.setExecutor(executor);
        created.start();
        server = created;
        LOG.log(System.Logger.Level.INFO, "HTTP API listening on {0}", bound);
        LOG.log(System.Logger.Level.DEBUG, () -> "routes: " + routes.describe());
        return bound;
    }

    /** Applies the connection cap before the server is created, and logs the figures it was chosen from. */
    private void capConnections() {
        ConnectionBudget budget = ConnectionBudget.ofThisProcess(settings.maxConnections());
        int cap = JdkServerLimits.applyMaxConnections(System.getProperties(), budget.maxConnections());
        if (cap != budget.maxConnections()) {
            LOG.log(System.Logger.Level.WARNING, "the JDK's HTTP server keeps "
                    + (cap > 0 ? "its cap of " + cap + " concurrent connections" : "no cap on connections")
                    + ", set by -D" + JdkServerLimits.MAX_CONNECTIONS + " or an earlier server in this JVM, instead"
                    + " of " + budget.maxConnections() + "; " + budget.descriptors());
            return;
        }
        LOG.log(System.Logger.Level.INFO, budget.describe());
        if (budget.tight()) {
            LOG.log(System.Logger.Level.WARNING, "a full set of " + cap + " HTTP connections would leave only "
                    + budget.reserve() + " file descriptors for module pipes, the database and the JVM; lower the "
                    + "connection cap or raise the limit (ulimit -n)");
        }
    }

    /** Virtual threads where they cannot be pinned by the JDK server's monitors, platform threads before. */
    static ExecutorService requestExecutor(int javaFeatureVersion) {
        if (javaFeatureVersion >= FIRST_JAVA_WITHOUT_MONITOR_PINNING) {
            return Executors.newVirtualThreadPerTaskExecutor();
        }
        ThreadFactory threads = Thread.ofPlatform().name("prismq-http-", 0).daemon(true).factory();
        return Executors.newCachedThreadPool(threads);
    }

    /** Ends open log streams, stops the server and closes the handlers. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        // Closing the handlers first ends the log streams, which would otherwise hold the server for the delay.
        routes.close();
        if (server == null) {
            return;
        }
        server.stop(STOP_GRACE_SECONDS);
        // No interrupts: they would close interruptible channels under the use cases that are still answering.
        executor.shutdown();
        try {
            if (!executor.awaitTermination(EXECUTOR_WAIT_SECONDS, TimeUnit.SECONDS)) {
                LOG.log(System.Logger.Level.WARNING, "some HTTP requests were still running after the server stopped");
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
        LOG.log(System.Logger.Level.INFO, "HTTP API stopped");
    }
}
