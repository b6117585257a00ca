package org.prismq.runner.bootstrap;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.prismq.runner.application.port.out.NodeId;

/** Turns the command line and the environment into a {@link Config}; options win over variables. */
final class ConfigParser {

    private final Map<Option, List<String>> given = new EnumMap<>(Option.class);
    private final Function<String, String> environment;

    ConfigParser(List<String> args, Function<String, String> environment) {
        this.environment = environment;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw new ConfigException("unexpected argument '" + arg + "' (options start with --; see --help)");
            }
            String flag = arg.substring(2);
            String value;
            int equals = flag.indexOf('=');
            if (equals >= 0) {
                value = flag.substring(equals + 1);
                flag = flag.substring(0, equals);
            } else if (Option.forFlag(flag).isSwitch()) {
                value = "true";
            } else if (i + 1 < args.size()) {
                value = args.get(++i);
            } else {
                throw new ConfigException("option --" + flag + " needs a value");
            }
            Option option = Option.forFlag(flag);
            List<String> values = given.computeIfAbsent(option, o -> new ArrayList<>());
            if (!option.repeatable() && !values.isEmpty()) {
                throw new ConfigException("option --" + flag + " is given twice");
            }
            values.add(value);
        }
    }

    Config parse() {
        String token = text(Option.TOKEN);
        Path dataDir = path(Option.DATA_DIR);
        if (dataDir == null) {
            throw new ConfigException(describe(Option.DATA_DIR) + " must name a folder");
        }
        Config.Database database = database();
        if (database == null) {
            for (Option clusterOnly : List.of(Option.NODE_ID, Option.NODE_TIMEOUT)) {
                if (isSet(clusterOnly)) {
                    throw new ConfigException(describe(clusterOnly) + " is for nodes sharing a PostgreSQL database "
                            + "and needs --database");
                }
            }
        }
        return new Config(
                text(Option.HOST),
                integer(Option.PORT, 0, 65_535),
                dataDir,
                database,
                nodeId(),
                Duration.ofSeconds(integer(Option.NODE_TIMEOUT, 3, 3_600)),
                path(Option.MODULES),
                path(Option.SCRIPTS_ROOT),
                bool(Option.ALLOW_SCRIPTS_OUTSIDE_ROOT),
                integer(Option.MAX_CONCURRENT, 1, 10_000),
                integer(Option.QUEUE_SIZE, 0, 1_000_000),
                Duration.ofSeconds(integer(Option.RUN_TIMEOUT, 1, Integer.MAX_VALUE)),
                Duration.ofSeconds(integer(Option.GRACE_PERIOD, 0, 3_600)),
                integer(Option.MAX_BUFFER_SIZE, 1, 10_000_000),
                integer(Option.MAX_LINE_LENGTH, 1_024, 64 * 1024 * 1024),
                Duration.ofSeconds(integer(Option.KEEPALIVE, 1, 3_600)),
                token == null || token.isBlank() ? null : token,
                list(Option.CORS_ORIGIN),
                list(Option.ALLOWED_HOST),
                integer(Option.MIN_FREE_MEMORY_MB, 0, Integer.MAX_VALUE),
                percent(Option.MAX_CPU_PERCENT),
                integer(Option.MIN_FREE_DISK_MB, 0, Integer.MAX_VALUE),
                nonBlank(Option.MAX_CONNECTIONS) == null ? null : integer(Option.MAX_CONNECTIONS, 1, 1_000_000),
                nonBlank(Option.KEEP_DAYS) == null ? null : integer(Option.KEEP_DAYS, 1, 1_000_000),
                nonBlank(Option.KEEP_RUNS) == null ? null : integer(Option.KEEP_RUNS, 1, 1_000_000_000),
                nonBlank(Option.MAX_RUN_OUTPUT_MB) == null ? null : positiveNumber(Option.MAX_RUN_OUTPUT_MB));
    }

    private Config.Database database() {
        String url = nonBlank(Option.DATABASE);
        String user = nonBlank(Option.DATABASE_USER);
        String password = text(Option.DATABASE_PASSWORD);
        if (password != null && password.isEmpty()) {
            password = null;
        }
        if (url == null) {
            if (user != null || password != null) {
                throw new ConfigException(describe(user != null ? Option.DATABASE_USER : Option.DATABASE_PASSWORD)
                        + " is for PostgreSQL and needs --database");
            }
            return null;
        }
        // The value is not quoted back: a mistyped URL may well hold a password.
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new ConfigException(describe(Option.DATABASE)
                    + " must be a PostgreSQL JDBC URL: jdbc:postgresql://host:port/database");
        }
        return new Config.Database(url, user, password);
    }

    /** The node id given, checked by {@link NodeId}, which holds the rule; {@code null} when none is. */
    private NodeId nodeId() {
        String id = nonBlank(Option.NODE_ID);
        if (id == null) {
            return null;
        }
        try {
            return new NodeId(id);
        } catch (IllegalArgumentException invalid) {
            throw new ConfigException(describe(Option.NODE_ID) + " must be " + NodeId.FORM + ", was '" + id + "'");
        }
    }

    /** Whether the option is given on the command line or in the environment (not left to its default). */
    private boolean isSet(Option option) {
        return given.containsKey(option) || environment.apply(option.environmentVariable()) != null;
    }

    /** The value given on the command line, else in the environment, else the default; may be null. */
    private String text(Option option) {
        List<String> values = given.get(option);
        if (values != null) {
            return values.getLast();
        }
        String fromEnvironment = environment.apply(option.environmentVariable());
        return fromEnvironment != null ? fromEnvironment : option.defaultValue();
    }

    /** {@link #text} stripped, or {@code null} when it is blank. */
    private String nonBlank(Option option) {
        String value = text(option);
        return value == null || value.isBlank() ? null : value.strip();
    }

    private List<String> list(Option option) {
        List<String> values = given.get(option);
        if (values == null) {
            String joined = text(option);
            values = joined == null ? List.of() : Arrays.asList(joined.split(","));
        }
        return values.stream().map(String::strip).filter(value -> !value.isEmpty()).toList();
    }

    private int integer(Option option, int min, int max) {
        String value = text(option);
        try {
            int number = Integer.parseInt(value.strip());
            if (number < min || number > max) {
                throw new ConfigException(describe(option) + " must be between " + min + " and " + max
                        + ", was " + number);
            }
            return number;
        } catch (NumberFormatException notANumber) {
            throw new ConfigException(describe(option) + " must be a whole number, was '" + value + "'");
        }
    }

    private boolean bool(Option option) {
        String value = text(option).strip();
        if (value.equalsIgnoreCase("true")) {
            return true;
        }
        if (value.equalsIgnoreCase("false")) {
            return false;
        }
        throw new ConfigException(describe(option) + " must be true or false, was '" + value + "'");
    }

    private double percent(Option option) {
        String value = text(option);
        try {
            double number = Double.parseDouble(value.strip());
            if (!(number > 0 && number <= 100)) {
                throw new ConfigException(describe(option) + " must be above 0 and at most 100, was " + value);
            }
            return number;
        } catch (NumberFormatException notANumber) {
            throw new ConfigException(describe(option) + " must be a number, was '" + value + "'");
        }
    }

    private double positiveNumber(Option option) {
        String value = text(option);
        try {
            double number = Double.parseDouble(value.strip());
            if (!(number > 0 && Double.isFinite(number))) {
                throw new ConfigException(describe(option) + " must be a number above 0, was " + value);
            }
            return number;
        } catch (NumberFormatException notANumber) {
            throw new ConfigException(describe(option) + " must be a number, was '" + value + "'");
        }
    }

    private Path path(Option option) {
        String value = text(option);
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Path.of(value);
        } catch (InvalidPathException invalid) {
            throw new ConfigException(describe(option) + " is not a valid path: " + invalid.getMessage());
        }
    }

    private String describe(Option option) {
        return given.containsKey(option) ? "--" + option.flag()
                : "--" + option.flag() + " (from " + option.environmentVariable() + ")";
    }
}
