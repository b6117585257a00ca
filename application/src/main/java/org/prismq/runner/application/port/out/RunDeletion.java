package org.prismq.runner.application.port.out;

import java.util.Set;

import org.prismq.runner.domain.run.EndedRunsFilter;
import org.prismq.runner.domain.run.RunId;
import org.prismq.runner.domain.run.RunStatus;

/**
 * Deletes ended runs for good, each with its lines and everything else stored of it, in one transaction per
 * call. A run still {@code queued} or {@code running} is never deleted, whatever the call: the check is part of
 * the deleting statement, so a run that changes status meanwhile is judged by its status at that moment. Deleting
 * a run that another caller (another node on the same database) has just deleted is harmless: it is simply not
 * counted. Where the database can, the space of deleted rows is given back or made reusable before the call
 * returns. Thread-safe.
 */
public interface RunDeletion {

    /**
     * Deletes the named runs, all or none: when one of them is unknown or still active, nothing is deleted and
     * the outcome names it.
     */
    Outcome deleteNamed(Set<RunId> ids);

    /** Deletes every ended run that {@code filter} matches; returns how many. */
    long deleteMatching(EndedRunsFilter filter);

    /**
     * Deletes, per module, every ended run but the newest {@code keep} (by creation time, then id, as runs are
     * listed); returns how many. Active runs are neither deleted nor counted among those kept.
     *
     * @throws IllegalArgumentException when {@code keep} is negative
     */
    long deleteAllButNewest(int keep);

    /** What {@link #deleteNamed} did. */
    sealed interface Outcome {

        /** Every named run was ended and is deleted; {@code count} may be lower when some were deleted already. */
        record Deleted(long count) implements Outcome {
        }

        /** Nothing is deleted: {@code id} is not recorded. */
        record Unknown(RunId id) implements Outcome {
        }

        /** Nothing is deleted: {@code id} is still {@code status}. */
        record Active(RunId id, RunStatus status) implements Outcome {
        }
    }
}
