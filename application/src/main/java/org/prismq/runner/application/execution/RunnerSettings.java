package org.prismq.runner.application.execution;

import java.time.Duration;
import java.util.Objects;

/**
 * How the service runs modules.
 *
 * @param maxConcurrent     runs executing at once; more wait in a FIFO queue
 * @param queueSize         runs that may wait before a launch is refused
 * @param runTimeout        a run's time limit unless its module sets one
 * @param gracePeriod       time between the graceful stop and the forced kill
 * @param maxBufferLines    recent lines per run held in memory for live followers
 * @param maxBufferBytes    the same bound in (estimated) bytes, whichever is reached first
 * @param minFreeMemoryMb   queued runs wait while the host has less free memory than this
 * @param maxCpuPercent     queued runs wait while the host's CPU load, averaged over {@code cpuWindow}, is above this
 * @param minFreeDiskMb     queued runs wait while the file system of the data has less usable space than this
 * @param cpuWindow         the span the CPU load is averaged over (one sample a second)
 * @param maxRunOutputMb    the cap on a run's stored output in MB (MiB) unless its module sets one
 *                          ({@link org.prismq.runner.application.output.OutputCap}), or {@code null} for none
 */
public record RunnerSettings(
        int maxConcurrent,
        int queueSize,
        Duration runTimeout,
        Duration gracePeriod,
        int maxBufferLines,
        long maxBufferBytes,
        long minFreeMemoryMb,
        double maxCpuPercent,
        long minFreeDiskMb,
        Duration cpuWindow,
        Double maxRunOutputMb) {

    /** The free disk space that queued runs wait for unless told otherwise. */
    public static final long DEFAULT_MIN_FREE_DISK_MB = 500;
    /** The span the CPU load is averaged over. */
    public static final Duration DEFAULT_CPU_WINDOW = Duration.ofSeconds(10);

    /** The defaults of the command line. */
    public static final RunnerSettings DEFAULTS = new RunnerSettings(10, 100, Duration.ofHours(1),
            Duration.ofSeconds(5), 10_000, 8L * 1024 * 1024, 256, 95);

    /** Settings with the default disk threshold and CPU window, and no output cap. */
    public RunnerSettings(int maxConcurrent, int queueSize, Duration runTimeout, Duration gracePeriod,
            int maxBufferLines, long maxBufferBytes, long minFreeMemoryMb, double maxCpuPercent) {
        this(maxConcurrent, queueSize, runTimeout, gracePeriod, maxBufferLines, maxBufferBytes, minFreeMemoryMb,
                maxCpuPercent, DEFAULT_MIN_FREE_DISK_MB, DEFAULT_CPU_WINDOW, null);
    }

    public RunnerSettings {
        positive("maxConcurrent", maxConcurrent);
        if (queueSize < 0) {
            throw new IllegalArgumentException("queueSize must not be negative, was " + queueSize);
        }
        Objects.requireNonNull(runTimeout, "runTimeout");
        Objects.requireNonNull(gracePeriod, "gracePeriod");
        if (runTimeout.isNegative() || runTimeout.isZero()) {
            throw new IllegalArgumentException("runTimeout must be positive, was " + runTimeout);
        }
        if (gracePeriod.isNegative()) {
            throw new IllegalArgumentException("gracePeriod must not be negative, was " + gracePeriod);
        }
        positive("maxBufferLines", maxBufferLines);
        if (maxBufferBytes < 1) {
            throw new IllegalArgumentException("maxBufferBytes must be positive, was " + maxBufferBytes);
        }
        if (minFreeMemoryMb < 0) {
            throw new IllegalArgumentException("minFreeMemoryMb must not be negative, was " + minFreeMemoryMb);
        }
        if (!(maxCpuPercent > 0 && maxCpuPercent <= 100)) {
            throw new IllegalArgumentException("maxCpuPercent must be within (0, 100], was " + maxCpuPercent);
        }
        if (minFreeDiskMb < 0) {
            throw new IllegalArgumentException("minFreeDiskMb must not be negative, was " + minFreeDiskMb);
        }
        Objects.requireNonNull(cpuWindow, "cpuWindow");
        if (cpuWindow.isNegative() || cpuWindow.isZero()) {
            throw new IllegalArgumentException("cpuWindow must be positive, was " + cpuWindow);
        }
        if (maxRunOutputMb != null && !(maxRunOutputMb > 0 && Double.isFinite(maxRunOutputMb))) {
            throw new IllegalArgumentException("maxRunOutputMb must be a positive number, was " + maxRunOutputMb);
        }
    }

    private static void positive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, was " + value);
        }
    }
}
