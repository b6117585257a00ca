package org.prismq.runner.bootstrap;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

import org.prismq.runner.application.port.out.NodeId;

/**
 * The service's configuration, from the command line and the environment.
 *
 * @param database    the PostgreSQL database to store runs and logs in, or {@code null} for SQLite in
 *                    {@code dataDir}
 * @param nodeId      this node's name among the nodes sharing {@code database}, or {@code null} for a generated
 *                    one
 * @param nodeTimeout how long a node sharing {@code database} may stay silent before the others record its runs
 *                    as failed
 * @param modules     the catalog file, or {@code null} for the default ({@code ./modules.json} if present, else
 *                    the bundled demo catalog)
 * @param scriptsRoot base of relative script paths, or {@code null} for the catalog file's folder
 * @param scriptsOutsideRootAllowed whether a catalog module's script may lie outside the scripts root
 * @param token       the bearer token, or {@code null} for none
 * @param minFreeDiskMb queued runs wait while the file system of {@code dataDir} has less usable space than this
 * @param maxConnections the cap on concurrent HTTP connections, or {@code null} to choose it from the
 *                    file-descriptor limit
 * @param keepDays    days an ended run is kept, or {@code null} to keep runs whatever their age
 * @param keepRuns    ended runs kept per module (the newest), or {@code null} to keep them whatever their number
 * @param maxRunOutputMb the cap on a run's stored output in MB (MiB) unless its module sets one, or {@code null}
 *                    for none
 */
public record Config(
        String host,
        int port,
        Path dataDir,
        Database database,
        NodeId nodeId,
        Duration nodeTimeout,
        Path modules,
        Path scriptsRoot,
        boolean scriptsOutsideRootAllowed,
        int maxConcurrent,
        int queueSize,
        Duration runTimeout,
        Duration gracePeriod,
        int maxBufferSize,
        int maxLineLength,
        Duration keepalive,
        String token,
        List<String> corsOrigins,
        List<String> allowedHosts,
        long minFreeMemoryMb,
        double maxCpuPercent,
        long minFreeDiskMb,
        Integer maxConnections,
        Integer keepDays,
        Integer keepRuns,
        Double maxRunOutputMb) {

    public Config {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(nodeTimeout, "nodeTimeout");
        corsOrigins = List.copyOf(corsOrigins);
        allowedHosts = List.copyOf(allowedHosts);
    }

    /**
     * A PostgreSQL database given by {@code --database}.
     *
     * @param url      a JDBC URL starting {@code jdbc:postgresql:}
     * @param user     the user, or {@code null} for the URL's {@code user} parameter (else the driver's default)
     * @param password the password, or {@code null} for the URL's {@code password} parameter (else none)
     */
    public record Database(String url, String user, String password) {

        public Database {
            Objects.requireNonNull(url, "url");
        }

        /** Without the password, so that the configuration can be shown. */
        @Override
        public String toString() {
            return "Database[url=" + url + ", user=" + user + ", password=" + (password == null ? null : "***")
                    + "]";
        }
    }

    /**
     * Reads the options: each {@code --name value} (or {@code --name=value}) from {@code args}, else from the
     * variable {@code PRISMQ_<NAME>} of {@code environment}, else the default.
     *
     * @throws ConfigException naming the option and what is wrong with its value
     */
    public static Config parse(List<String> args, Function<String, String> environment) {
        return new ConfigParser(args, environment).parse();
    }
}
