package org.prismq.runner.application.execution;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.prismq.runner.application.port.out.Runs;
import org.prismq.runner.domain.run.Run;
import org.prismq.runner.domain.run.RunId;

/**
 * Records the end of runs whose process is gone with the node that ran it: after a crash of this service (or of
 * this node) and when the other nodes find one of theirs dead.
 */
final class OrphanedRuns {

    private static final System.Logger LOG = System.getLogger(OrphanedRuns.class.getName());

    private final Runs runs;
    private final RunRecorder recorder;
    private final Clock clock;

    OrphanedRuns(Runs runs, RunRecorder recorder, Clock clock) {
        this.runs = runs;
        this.recorder = recorder;
        this.clock = clock;
    }

    /** Records those of {@code orphans} that are still active as failed with {@code message}; returns how many. */
    int fail(List<RunId> orphans, String message) {
        Instant now = clock.instant();
        int recorded = 0;
        for (RunId id : orphans) {
            Optional<Run> run = runs.find(id).filter(Run::isActive);
            if (run.isPresent()) {
                recorder.record(run.get().fail(message, null, now));
                recorded++;
            }
        }
        if (recorded > 0) {
            LOG.log(System.Logger.Level.WARNING, recorded + " run(s) were active when the service node running "
                    + "them stopped, and are now recorded as failed");
        }
        return recorded;
    }
}
