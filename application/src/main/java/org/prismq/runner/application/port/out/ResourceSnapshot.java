package org.prismq.runner.application.port.out;

/**
 * The host's resources at one moment.
 *
 * @param cpuPercent recent CPU load of the whole host, 0 to 100, or a negative number when unknown
 * @param diskFreeBytes free space where the service keeps its data, or a negative number when unknown
 */
public record ResourceSnapshot(long freeMemoryBytes, long totalMemoryBytes, double cpuPercent, long diskFreeBytes) {

    public ResourceSnapshot {
        if (freeMemoryBytes < 0 || totalMemoryBytes < 0) {
            throw new IllegalArgumentException("memory figures must not be negative");
        }
    }

    public double memoryPercentUsed() {
        return totalMemoryBytes == 0 ? 0.0 : 100.0 * (totalMemoryBytes - freeMemoryBytes) / totalMemoryBytes;
    }
}
