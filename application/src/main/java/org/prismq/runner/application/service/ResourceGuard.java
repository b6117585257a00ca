package org.prismq.runner.application.service;

import java.util.Locale;

import org.prismq.runner.application.port.in.RunnerException;
import org.prismq.runner.application.port.out.ResourceSnapshot;
import org.prismq.runner.application.port.out.SystemResources;

/** Refuses a launch when the host is short of memory or its CPU is saturated. */
final class ResourceGuard {

    private static final long MIB = 1024 * 1024;

    private final SystemResources resources;
    private final long minFreeMemoryMb;
    private final double maxCpuPercent;

    ResourceGuard(SystemResources resources, long minFreeMemoryMb, double maxCpuPercent) {
        this.resources = resources;
        this.minFreeMemoryMb = minFreeMemoryMb;
        this.maxCpuPercent = maxCpuPercent;
    }

    /** @throws RunnerException.InsufficientResources naming the resource and the figures */
    void check() {
        ResourceSnapshot snapshot = resources.snapshot();
        long freeMb = snapshot.freeMemoryBytes() / MIB;
        if (freeMb < minFreeMemoryMb) {
            throw new RunnerException.InsufficientResources("memory: " + freeMb + " MB free, at least "
                    + minFreeMemoryMb + " MB required");
        }
        double cpu = snapshot.cpuPercent();
        if (cpu >= 0 && cpu > maxCpuPercent) {
            throw new RunnerException.InsufficientResources(String.format(Locale.ROOT,
                    "cpu: %.1f%% in use, at most %.1f%% allowed", cpu, maxCpuPercent));
        }
    }
}
