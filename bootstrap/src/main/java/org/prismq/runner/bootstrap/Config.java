package org.prismq.runner.bootstrap;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * The service's configuration, from the command line and the environment.
 *
 * @param modules     the catalog file, or {@code null} for the default ({@code ./modules.json} if present, else
 *                    the bundled demo catalog)
 * @param scriptsRoot base of relative script paths, or {@code null} for the catalog file's folder
 * @param token       the bearer token, or {@code null} for none
 */
public record Config(
        String host,
        int port,
        Path dataDir,
        Path modules,
        Path scriptsRoot,
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
        double maxCpuPercent) {

    public Config {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(dataDir, "dataDir");
        corsOrigins = List.copyOf(corsOrigins);
        allowedHosts = List.copyOf(allowedHosts);
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
