package org.prismq.runner.bootstrap;

import java.util.Locale;

/** The command-line options, each also read from the environment variable {@code PRISMQ_<NAME>}. */
enum Option {
    HOST("host", "127.0.0.1", "address to listen on"),
    PORT("port", "8000", "port; 0 picks a free one"),
    DATA_DIR("data-dir", "./data", "SQLite database and log files"),
    DATABASE("database", null,
            "PostgreSQL to store runs and logs in: jdbc:postgresql://host:port/database (default: SQLite)"),
    DATABASE_USER("database-user", null, "PostgreSQL user (default: the URL's user parameter, else the OS user)"),
    DATABASE_PASSWORD("database-password", null,
            "PostgreSQL password (default: the URL's password parameter); the variable is safer"),
    NODE_ID("node-id", null, "name of this node among the nodes sharing one PostgreSQL database "
            + "(default: the host name and a random suffix)"),
    NODE_TIMEOUT("node-timeout", "15", "seconds a node sharing a PostgreSQL database may stay silent before "
            + "the others record its runs as failed"),
    MODULES("modules", null, "module catalog (default: ./modules.json if present, else the bundled demo catalog)"),
    SCRIPTS_ROOT("scripts-root", null, "base of relative script_paths (default: the catalog file's folder)"),
    ALLOW_SCRIPTS_OUTSIDE_ROOT("allow-scripts-outside-root", "false",
            "accept catalog modules whose script lies outside the scripts root (a switch; the variable takes "
                    + "true or false)"),
    MAX_CONCURRENT("max-concurrent", "10", "runs executing at once; more wait in a FIFO queue"),
    QUEUE_SIZE("queue-size", "100", "queued runs before launches are refused with 429"),
    RUN_TIMEOUT("run-timeout", "3600", "seconds a run may take, unless its module sets timeout_seconds"),
    GRACE_PERIOD("grace-period", "5", "seconds between the graceful stop and the kill"),
    MAX_BUFFER_SIZE("max-buffer-size", "10000", "recent lines per run held in memory for live readers"),
    MAX_LINE_LENGTH("max-line-length", "65536", "bytes; a longer line is split into several entries"),
    KEEPALIVE("keepalive", "15", "seconds of silence before an SSE keepalive comment"),
    TOKEN("token", null, "bearer token required on every /api request and /metrics (required off loopback)"),
    CORS_ORIGIN("cors-origin", "http://localhost:5173,http://127.0.0.1:5173",
            "allowed CORS origin; repeatable (the variable takes a comma-separated list)"),
    ALLOWED_HOST("allowed-host", null,
            "extra Host header name accepted besides the bound address and localhost; repeatable"),
    MAX_CONNECTIONS("max-connections", null, "concurrent HTTP connections; past them a new one is closed at once "
            + "(default: half the file-descriptor limit, at most 10000)"),
    KEEP_DAYS("keep-days", null, "delete runs that ended more than this many days ago, with their logs "
            + "(default: keep them)"),
    KEEP_RUNS("keep-runs", null, "per module, keep only the newest this many ended runs and delete the others "
            + "with their logs (default: keep them all)"),
    MIN_FREE_MEMORY_MB("min-free-memory-mb", "256", "queued runs wait while the host has less free memory (MB)"),
    MAX_CPU_PERCENT("max-cpu-percent", "95",
            "queued runs wait while the host's CPU load, averaged over the last 10 s, is above this"),
    MIN_FREE_DISK_MB("min-free-disk-mb", "500",
            "queued runs wait while the data dir's file system has less usable space (MB)"),
    MAX_RUN_OUTPUT_MB("max-run-output-mb", null, "MB of output stored per run at most, unless its module sets "
            + "max_output_mb: past it the first and the last half are kept and the middle is replaced by a "
            + "marker line (default: no cap)");

    private final String flag;
    private final String defaultValue;
    private final String help;

    Option(String flag, String defaultValue, String help) {
        this.flag = flag;
        this.defaultValue = defaultValue;
        this.help = help;
    }

    /** The name after {@code --}. */
    String flag() {
        return flag;
    }

    /** The default as text, or {@code null} when the option has none or a computed one. */
    String defaultValue() {
        return defaultValue;
    }

    String help() {
        return help;
    }

    String environmentVariable() {
        return "PRISMQ_" + name().toUpperCase(Locale.ROOT);
    }

    boolean repeatable() {
        return this == CORS_ORIGIN || this == ALLOWED_HOST;
    }

    /** A switch is on when named alone ({@code --name}); {@code --name=false} turns it off. */
    boolean isSwitch() {
        return this == ALLOW_SCRIPTS_OUTSIDE_ROOT;
    }

    static Option forFlag(String flag) {
        for (Option option : values()) {
            if (option.flag.equals(flag)) {
                return option;
            }
        }
        throw new ConfigException("unknown option --" + flag + " (see --help)");
    }
}
