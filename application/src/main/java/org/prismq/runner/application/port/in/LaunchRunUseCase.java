package org.prismq.runner.application.port.in;

import org.prismq.runner.domain.run.Run;

/** Starts a run of a module, or queues it when every slot is taken. */
@FunctionalInterface
public interface LaunchRunUseCase {

    /**
     * @return the new run, {@code queued} or {@code running}
     * @throws RunnerException.ModuleNotFound, InvalidParameters, ModuleNotLaunchable, QueueFull,
     *         InsufficientResources or ShuttingDown
     */
    Run launch(LaunchRunCommand command);
}
