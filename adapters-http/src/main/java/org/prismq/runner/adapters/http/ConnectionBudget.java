package org.prismq.runner.adapters.http;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

import com.sun.management.UnixOperatingSystemMXBean;

/**
 * How many connections the HTTP server may hold at once, against the process's file-descriptor limit. Every
 * connection holds a descriptor, and so do the pipes of every running module, the database and the JVM's own
 * files: a flood of idle sockets that took them all would stop health checks, launches and module output alike.
 * Unless configured, the cap is half the limit, at most {@value #DEFAULT_CEILING} (beyond that memory runs out
 * first: each open connection holds some 40 KB of heap) and at least {@value #FLOOR}; where the limit is unknown
 * (Windows, whose handle limit is far beyond any cap), {@value #DEFAULT_CEILING}.
 *
 * @param descriptorLimit the process's descriptor limit, or -1 when unknown
 * @param openDescriptors the descriptors open when the budget was made, or -1 when unknown
 * @param maxConnections  the cap on concurrent HTTP connections
 * @param configured      whether the cap was configured rather than chosen here
 */
record ConnectionBudget(long descriptorLimit, long openDescriptors, int maxConnections, boolean configured) {

    static final int DEFAULT_CEILING = 10_000;
    static final int FLOOR = 16;
    /** Fewer descriptors than this left beside the connections earns a warning at start. */
    static final int MIN_RESERVE = 256;

    ConnectionBudget {
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be at least 1, was " + maxConnections);
        }
    }

    /**
     * @param configured the configured cap, or {@code null} to choose one from {@code descriptorLimit}
     * @param descriptorLimit the process's limit, or -1 when unknown
     */
    static ConnectionBudget choose(Integer configured, long descriptorLimit, long openDescriptors) {
        if (configured != null) {
            return new ConnectionBudget(descriptorLimit, openDescriptors, configured, true);
        }
        long chosen = descriptorLimit > 0 ? Math.clamp(descriptorLimit / 2, FLOOR, DEFAULT_CEILING) : DEFAULT_CEILING;
        return new ConnectionBudget(descriptorLimit, openDescriptors, (int) chosen, false);
    }

    /** The budget of this process, with its limit read now. */
    static ConnectionBudget ofThisProcess(Integer configured) {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof UnixOperatingSystemMXBean unix) {
            return choose(configured, unix.getMaxFileDescriptorCount(), unix.getOpenFileDescriptorCount());
        }
        return choose(configured, -1, -1);
    }

    /** The descriptors left beside a full set of connections, or -1 when the limit is unknown. */
    long reserve() {
        return descriptorLimit > 0 ? descriptorLimit - maxConnections : -1;
    }

    /** Whether a full set of connections would leave too few descriptors for module pipes and the database. */
    boolean tight() {
        return descriptorLimit > 0 && reserve() < MIN_RESERVE;
    }

    /** The figures, for the log at start. */
    String describe() {
        String cap = "at most " + maxConnections + " concurrent HTTP connections ("
                + (configured ? "configured" : "chosen from the file-descriptor limit") + "); ";
        if (descriptorLimit <= 0) {
            return cap + descriptors();
        }
        return cap + descriptors() + ", " + reserve()
                + " left beside a full set of connections for module pipes, the database and the JVM";
    }

    /** The process's descriptor figures, for the log. */
    String descriptors() {
        return descriptorLimit <= 0 ? "the file-descriptor limit is unknown"
                : "file-descriptor limit " + descriptorLimit + ", " + openDescriptors + " open now";
    }
}
