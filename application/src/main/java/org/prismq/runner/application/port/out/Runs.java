package org.prismq.runner.application.port.out;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.prismq.runner.domain.catalog.ModuleId;
import org.prismq.runner.domain.run.Run;
import org.prismq.runner.domain.run.ModuleRunStats;
import org.prismq.runner.domain.run.RunFilter;
import org.prismq.runner.domain.run.RunId;
import org.prismq.runner.domain.run.RunPage;

/**
 * The registry of runs: every run the service has accepted, as its latest snapshot. Implementations are
 * thread-safe; a write is durable when the method returns. Instants are kept to the microsecond; parameter
 * numbers come back equal in value (a whole number as an integral {@link Number}), not necessarily of the same
 * class.
 */
public interface Runs {

    /** Records a new run; an id that is already recorded is an {@link IllegalStateException}. */
    void add(Run run);

    /**
     * Replaces the recorded snapshot of {@code run.id()} while the recorded run is still {@code queued} or
     * {@code running}; a run recorded in a final status is left as it is, in one atomic step, so that a recorded
     * final status never changes, whoever writes it. Returns whether the snapshot was replaced. An unknown id is
     * an {@link IllegalStateException}.
     */
    boolean update(Run run);

    Optional<Run> find(RunId id);

    /**
     * Runs matching {@code filter}, newest (by creation time, then id) first, and how many match in all.
     * {@code limit} and {@code offset} must not be negative ({@link IllegalArgumentException}); a limit of 0
     * returns only the total.
     */
    RunPage list(RunFilter filter, int limit, int offset);

    /** Every run still {@code queued} or {@code running}, oldest first: what a restart must deal with. */
    List<Run> active();

    /** Per module that has runs: how many, how many completed, and the newest one's creation time. */
    Map<ModuleId, ModuleRunStats> statsByModule();
}
