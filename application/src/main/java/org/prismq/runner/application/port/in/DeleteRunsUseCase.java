package org.prismq.runner.application.port.in;

import java.util.Objects;
import java.util.Set;

import org.prismq.runner.domain.run.EndedRunsFilter;
import org.prismq.runner.domain.run.RunId;

/** Deletes ended runs for good, with their logs. Cancelling an active run is {@link CancelRunUseCase}. */
@FunctionalInterface
public interface DeleteRunsUseCase {

    /**
     * Deletes the runs {@code command} names or matches, in one transaction.
     *
     * @return how many runs were deleted
     * @throws RunnerException.RunNotFound when a named run is unknown; nothing is deleted then
     * @throws RunnerException.RunActive  when a named run is still queued or running; nothing is deleted then
     */
    long delete(DeleteRunsCommand command);

    /** Which runs to delete. */
    sealed interface DeleteRunsCommand {

        /** These runs, all of which must be known and ended. */
        record Named(Set<RunId> ids) implements DeleteRunsCommand {
            public Named {
                ids = Set.copyOf(ids);
            }
        }

        /** Every ended run the filter matches; active runs are never matched. */
        record Matching(EndedRunsFilter filter) implements DeleteRunsCommand {
            public Matching {
                Objects.requireNonNull(filter, "filter");
            }
        }
    }
}
