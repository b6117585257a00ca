package org.prismq.runner.adapters.process;

import java.time.Duration;
import java.util.Objects;

/**
 * How {@link ProcessBuilderLauncher} treats a module's output.
 *
 * @param maxLineBytes the longest line delivered, in UTF-8 bytes; a longer line arrives as several consecutive
 *                     lines, cut between characters. At least 4.
 * @param drainTimeout how long to wait, once the module has exited, for its stdout and stderr to close; a
 *                     process it left behind that still holds them is then killed
 */
public record LauncherSettings(int maxLineBytes, Duration drainTimeout) {

    public static final int DEFAULT_MAX_LINE_BYTES = 64 * 1024;
    public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(2);

    public LauncherSettings {
        if (maxLineBytes < LineSplitter.MIN_MAX_LINE_BYTES) {
            throw new IllegalArgumentException(
                    "maxLineBytes must be at least " + LineSplitter.MIN_MAX_LINE_BYTES + ", was " + maxLineBytes);
        }
        Objects.requireNonNull(drainTimeout, "drainTimeout");
        if (drainTimeout.isNegative()) {
            throw new IllegalArgumentException("drainTimeout must not be negative, was " + drainTimeout);
        }
    }

    /** 64 KiB lines and a 2 second drain timeout. */
    public static LauncherSettings defaults() {
        return new LauncherSettings(DEFAULT_MAX_LINE_BYTES, DEFAULT_DRAIN_TIMEOUT);
    }
}
