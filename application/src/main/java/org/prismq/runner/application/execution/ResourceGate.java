package org.prismq.runner.application.execution;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

import org.prismq.runner.application.port.out.ResourceSnapshot;
import org.prismq.runner.application.port.out.SystemResources;

/**
 * Whether this node's host can take one more run now: enough free memory and free disk space for the data (their
 * current figures), and a CPU load, averaged over {@link RunnerSettings#cpuWindow}, at most
 * {@link RunnerSettings#maxCpuPercent}. While it cannot, queued runs wait; the reason is kept for showing on them.
 * A figure the host cannot tell is taken as no shortage. Thread-safe.
 */
final class ResourceGate {

    private static final System.Logger LOG = System.getLogger(ResourceGate.class.getName());
    private static final long MIB = 1024 * 1024;

    private final SystemResources resources;
    private final RunnerSettings settings;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final CpuWindow cpu;
    /** Since when the averaged CPU load has been above the limit; {@code null} while it is not. */
    private Instant cpuOverSince;
    private volatile String shortage;

    ResourceGate(SystemResources resources, RunnerSettings settings, Clock clock) {
        this.resources = resources;
        this.settings = settings;
        this.clock = clock;
        this.cpu = new CpuWindow(settings.cpuWindow());
    }

    /**
     * Judges the host now: what it is short of (for instance {@code "cpu 97% over 95% for 8 s"}), or empty when
     * it can take a run. A failure to read the figures is logged and taken as no shortage.
     */
    Optional<String> check() {
        lock.lock();
        try {
            String found;
            try {
                found = judge(resources.snapshot(), clock.instant());
            } catch (RuntimeException failure) {
                LOG.log(System.Logger.Level.WARNING, "reading the host's resources failed: " + failure);
                found = null;
            }
            String before = shortage;
            shortage = found;
            if (found != null && before == null) {
                LOG.log(System.Logger.Level.INFO, "queued runs wait for the host: " + found);
            } else if (found == null && before != null) {
                LOG.log(System.Logger.Level.INFO, "the host can take runs again");
            }
            return Optional.ofNullable(found);
        } finally {
            lock.unlock();
        }
    }

    /** What the latest {@link #check} found the host short of, without judging again. */
    Optional<String> shortage() {
        return Optional.ofNullable(shortage);
    }

    private String judge(ResourceSnapshot host, Instant now) {
        List<String> reasons = new ArrayList<>();
        long freeMemoryMb = host.freeMemoryBytes() / MIB;
        if (host.totalMemoryBytes() > 0 && freeMemoryMb < settings.minFreeMemoryMb()) {
            reasons.add("memory " + freeMemoryMb + " MB free, under " + settings.minFreeMemoryMb() + " MB");
        }
        long freeDiskMb = host.diskFreeBytes() / MIB;
        if (host.diskFreeBytes() >= 0 && freeDiskMb < settings.minFreeDiskMb()) {
            reasons.add("disk " + freeDiskMb + " MB free on the data dir, under " + settings.minFreeDiskMb() + " MB");
        }
        double load = cpu.add(now, host.cpuPercent());
        if (load > settings.maxCpuPercent()) {
            if (cpuOverSince == null) {
                cpuOverSince = now;
            }
            reasons.add("cpu " + percent(load) + " over " + percent(settings.maxCpuPercent()) + " for "
                    + Duration.between(cpuOverSince, now).toSeconds() + " s");
        } else {
            cpuOverSince = null;
        }
        return reasons.isEmpty() ? null : String.join("; ", reasons);
    }

    /** One decimal ({@code "95.5%"}), none where it would be 0 ({@code "97%"}, not {@code "97.0%"}). */
    private static String percent(double value) {
        String shown = String.format(Locale.ROOT, "%.1f", value);
        return (shown.endsWith(".0") ? shown.substring(0, shown.length() - 2) : shown) + "%";
    }
}
