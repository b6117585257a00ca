package org.prismq.runner.application.execution;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.prismq.runner.application.port.out.ReapOutcome;
import org.prismq.runner.application.port.out.Runs;
import org.prismq.runner.domain.run.Run;
import org.prismq.runner.domain.run.RunId;

/**
 * Records the end of runs whose process is gone with the node that ran it: after a crash of this service (or of
 * this node) and when the other nodes find one of theirs dead. The runs an earlier life of this node left active
 * may have left processes running: those are stopped first ({@link LeftoverProcesses}), and the run's error
 * message says what was done with them.
 */
final class OrphanedRuns {

    private static final System.Logger LOG = System.getLogger(OrphanedRuns.class.getName());

    private final Runs runs;
    private final RunRecorder recorder;
    private final Clock clock;
    private final LeftoverProcesses leftovers;

    OrphanedRuns(Runs runs, RunRecorder recorder, Clock clock, LeftoverProcesses leftovers) {
        this.runs = runs;
        this.recorder = recorder;
        this.clock = clock;
        this.leftovers = leftovers;
    }

    /**
     * Stops what is left of the processes of those of {@code orphans} that are still active, which an earlier
     * life of this node ran, then records them failed, saying so; returns how many.
     */
    int failLeftBehind(List<RunId> orphans) {
        List<Run> active = stillActive(orphans);
        Map<RunId, String> outcomes = new ConcurrentHashMap<>();
        // In parallel: each stop may take the whole grace period.
        try (ExecutorService stopping = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Run run : active) {
                stopping.execute(() -> outcomes.put(run.id(), stopLeftovers(run.id())));
            }
        }
        Instant now = clock.instant();
        for (Run run : active) {
            String outcome = outcomes.getOrDefault(run.id(), "");
            recorder.record(run.fail(EndMessages.RECOVERY + (outcome.isEmpty() ? "" : "; " + outcome), null, now));
        }
        logRecorded(active.size());
        return active.size();
    }

    /** Records those of {@code orphans} that are still active as failed with {@code message}; returns how many. */
    int fail(List<RunId> orphans, String message) {
        Instant now = clock.instant();
        List<Run> active = stillActive(orphans);
        for (Run run : active) {
            recorder.record(run.fail(message, null, now));
        }
        logRecorded(active.size());
        return active.size();
    }

    private List<Run> stillActive(List<RunId> orphans) {
        return orphans.stream().map(runs::find).flatMap(Optional::stream).filter(Run::isActive).toList();
    }

    private String stopLeftovers(RunId run) {
        try {
            ReapOutcome outcome = leftovers.stop(run);
            if (!outcome.describe().isEmpty()) {
                LOG.log(System.Logger.Level.WARNING, "run " + run + " was left active by an earlier life of the "
                        + "service: " + outcome.describe());
            }
            return outcome.describe();
        } catch (RuntimeException failed) {
            LOG.log(System.Logger.Level.ERROR, "cannot stop what is left of run " + run, failed);
            return "what is left of its processes could not be stopped: " + failed.getMessage();
        }
    }

    private static void logRecorded(int recorded) {
        if (recorded > 0) {
            LOG.log(System.Logger.Level.WARNING, recorded + " run(s) were active when the service node running "
                    + "them stopped, and are now recorded as failed");
        }
    }
}
