package org.prismq.runner.bootstrap;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.prismq.runner.adapters.process.OsProcessReaper;
import org.prismq.runner.application.port.out.ProcessRecords;
import org.prismq.runner.application.port.out.ReapOutcome;
import org.prismq.runner.domain.run.RunId;

/**
 * On start, before the runs that an earlier life of the service left active are recorded failed: stops what is
 * left of their processes, found by the identities recorded when they started, and what is left in the cgroups of
 * earlier lives that are gone. The runs are reaped side by side, so the wait is one grace period and one kill,
 * however many there are.
 */
final class LeftoverProcesses {

    private static final System.Logger LOG = System.getLogger(LeftoverProcesses.class.getName());

    private LeftoverProcesses() {
    }

    /** Stops the processes left of {@code runs}; returns once nothing of them is left, or after a bounded wait. */
    static void stop(List<RunId> runs, ProcessRecords records, OsProcessReaper reaper, Duration grace) {
        reaper.reapAbandonedCgroups(grace);
        try (ExecutorService reaping = Executors.newVirtualThreadPerTaskExecutor()) {
            for (RunId run : runs) {
                reaping.execute(() -> stop(run, records, reaper, grace));
            }
        }
    }

    private static void stop(RunId run, ProcessRecords records, OsProcessReaper reaper, Duration grace) {
        try {
            records.find(run).ifPresent(identity -> {
                ReapOutcome outcome = reaper.reap(identity, grace);
                if (!outcome.describe().isEmpty()) {
                    LOG.log(System.Logger.Level.WARNING, "run " + run + " was left active by an earlier life of "
                            + "the service: " + outcome.describe());
                }
            });
        } catch (RuntimeException failed) {
            LOG.log(System.Logger.Level.ERROR, "cannot stop what is left of run " + run, failed);
        }
    }
}
