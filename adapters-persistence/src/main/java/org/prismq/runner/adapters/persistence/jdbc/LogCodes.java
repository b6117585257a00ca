package org.prismq.runner.adapters.persistence.jdbc;

import org.prismq.runner.domain.log.LogLevel;
import org.prismq.runner.domain.log.LogStream;

/**
 * Levels and streams as stored in {@code log_lines}: small integers. Level codes are ordered by severity, so a
 * minimum level is a range ({@code level >= ?}).
 */
public final class LogCodes {

    private LogCodes() {
    }

    /** 0 for stdout, 1 for stderr. */
    public static int streamCode(LogStream stream) {
        return switch (stream) {
            case STDOUT -> 0;
            case STDERR -> 1;
        };
    }

    /** The stream of a stored code; an unknown code is a {@link StorageException}. */
    public static LogStream stream(int code) {
        return switch (code) {
            case 0 -> LogStream.STDOUT;
            case 1 -> LogStream.STDERR;
            default -> throw new StorageException("unknown stream code " + code + " in log_lines");
        };
    }

    /** 10 DEBUG, 20 INFO, 30 WARNING, 40 ERROR, 50 CRITICAL. */
    public static int levelCode(LogLevel level) {
        return switch (level) {
            case DEBUG -> 10;
            case INFO -> 20;
            case WARNING -> 30;
            case ERROR -> 40;
            case CRITICAL -> 50;
        };
    }

    /** The level of a stored code; an unknown code is a {@link StorageException}. */
    public static LogLevel level(int code) {
        return switch (code) {
            case 10 -> LogLevel.DEBUG;
            case 20 -> LogLevel.INFO;
            case 30 -> LogLevel.WARNING;
            case 40 -> LogLevel.ERROR;
            case 50 -> LogLevel.CRITICAL;
            default -> throw new StorageException("unknown level code " + code + " in log_lines");
        };
    }
}
