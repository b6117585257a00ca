package org.prismq.runner.application.execution;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

import org.prismq.runner.application.port.out.ProcessIdentity;
import org.prismq.runner.application.port.out.ProcessReaper;
import org.prismq.runner.application.port.out.ProcessRecords;
import org.prismq.runner.application.port.out.ReapOutcome;
import org.prismq.runner.domain.run.RunId;

/**
 * How the engine finds and stops what an earlier life of this node left running of a run: the identity recorded
 * when the run started, the reaper that stops processes by it, and the grace period of the stop.
 *
 * @param records where each run's process identity was recorded
 * @param reaper  stops the processes an identity names
 * @param grace   how long the processes get between the graceful request and the kill
 */
public record LeftoverProcesses(ProcessRecords records, ProcessReaper reaper, Duration grace) {

    /** For a service that records no processes: nothing is ever found. */
    public static final LeftoverProcesses NONE = new LeftoverProcesses(new ProcessRecords() {
        @Override
        public void record(RunId run, ProcessIdentity identity) {
        }

        @Override
        public Optional<ProcessIdentity> find(RunId run) {
            return Optional.empty();
        }
    }, (identity, grace) -> ReapOutcome.NOTHING_LEFT, Duration.ZERO);

    public LeftoverProcesses {
        Objects.requireNonNull(records, "records");
        Objects.requireNonNull(reaper, "reaper");
        Objects.requireNonNull(grace, "grace");
    }

    /** Stops what is left of {@code run}'s processes; returns what was done (nothing, when none was recorded). */
    ReapOutcome stop(RunId run) {
        return records.find(run).map(identity -> reaper.reap(identity, grace)).orElse(ReapOutcome.NOTHING_LEFT);
    }
}
