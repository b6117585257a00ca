package org.prismq.runner.adapters.process;

import java.time.Duration;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/**
 * Reads the host's CPU load at most once per interval and hands out the cached figure in between. A reading is
 * relative to the previous one, so sampling on every request would measure only the last few milliseconds.
 * Thread-safe.
 */
final class CpuLoadSampler {

    private final DoubleSupplier load;
    private final LongSupplier nanoTime;
    private final long intervalNanos;
    private boolean sampled;
    private long sampledAt;
    private double percent;

    /**
     * @param load     the load from 0 to 1, negative when unknown
     * @param nanoTime a monotonic clock
     */
    CpuLoadSampler(DoubleSupplier load, LongSupplier nanoTime, Duration interval) {
        this.load = load;
        this.nanoTime = nanoTime;
        this.intervalNanos = interval.toNanos();
    }

    /** The load in percent, 0 to 100, or -1 when unknown. */
    synchronized double percent() {
        long now = nanoTime.getAsLong();
        if (!sampled || now - sampledAt >= intervalNanos) {
            double fraction = load.getAsDouble();
            percent = fraction < 0 || Double.isNaN(fraction) ? -1.0 : Math.min(100.0, fraction * 100.0);
            sampled = true;
            sampledAt = now;
        }
        return percent;
    }
}
