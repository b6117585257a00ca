package org.prismq.runner.application.port.in;

import org.prismq.runner.domain.run.Run;

/**
 * Starts a run of a module, or queues it when every slot is taken or the host is short of resources (the run
 * then waits, it is not refused).
 */
@FunctionalInterface
public interface LaunchRunUseCase {

    /**
     * @return the new run as admitted, {@code queued} or {@code running}, never ended
     * @throws RunnerException.ModuleNotFound, InvalidParameters, ModuleNotLaunchable, QueueFull or ShuttingDown
     */
    Run launch(LaunchRunCommand command);
}
