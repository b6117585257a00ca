package org.prismq.runner.application.service;

import org.prismq.runner.application.execution.RunSupervisor;
import org.prismq.runner.application.port.in.CancelRunUseCase;
import org.prismq.runner.domain.run.Run;
import org.prismq.runner.domain.run.RunId;

/** Cancels runs through the {@link RunSupervisor}. */
public final class CancelRunService implements CancelRunUseCase {

    private final RunSupervisor supervisor;

    public CancelRunService(RunSupervisor supervisor) {
        this.supervisor = supervisor;
    }

    @Override
    public Run cancel(RunId id) {
        return supervisor.cancel(id);
    }
}
