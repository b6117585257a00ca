package org.prismq.runner.application.service;

import java.util.Objects;

import org.prismq.runner.application.port.in.DeleteRunsUseCase;
import org.prismq.runner.application.port.in.RunnerException;
import org.prismq.runner.application.port.out.RunDeletion;

/** Deletes ended runs through {@link RunDeletion}, which judges in the same transaction whether they ended. */
public final class DeleteRunsService implements DeleteRunsUseCase {

    private static final System.Logger LOG = System.getLogger(DeleteRunsService.class.getName());

    private final RunDeletion deletion;

    public DeleteRunsService(RunDeletion deletion) {
        this.deletion = Objects.requireNonNull(deletion, "deletion");
    }

    @Override
    public long delete(DeleteRunsCommand command) {
        long deleted = switch (command) {
            case DeleteRunsCommand.Named named -> switch (deletion.deleteNamed(named.ids())) {
                case RunDeletion.Outcome.Deleted done -> done.count();
                case RunDeletion.Outcome.Unknown unknown -> throw new RunnerException.RunNotFound(unknown.id());
                case RunDeletion.Outcome.Active active ->
                        throw new RunnerException.RunActive(active.id(), active.status());
            };
            case DeleteRunsCommand.Matching matching -> deletion.deleteMatching(matching.filter());
        };
        LOG.log(System.Logger.Level.INFO, "deleted {0} ended run(s) on request", deleted);
        return deleted;
    }
}
