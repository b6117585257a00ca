package org.prismq.runner.application.execution;

import org.prismq.runner.domain.run.Run;

/** The error messages of runs that ended without their process saying why. */
public final class EndMessages {

    /** An earlier life of the service (or of this node) left the run active. */
    public static final String RECOVERY = "the service stopped while the run was active";
    /** The node that executed the run stopped beating its heart. */
    public static final String NODE_LOST = "the service node running it stopped answering while the run was active";
    /** The service shut down while the run was running. */
    public static final String SHUTDOWN = "the service shut down while the run was active";
    /** The service shut down while the run was waiting in its queue. */
    public static final String SHUTDOWN_QUEUED = "the service shut down before the run started";

    private EndMessages() {
    }

    /** {@code run} with {@code addition} after its error message. */
    static Run adding(Run run, String addition) {
        String message = run.errorMessage() == null ? addition : run.errorMessage() + "; " + addition;
        return new Run(run.id(), run.moduleId(), run.moduleName(), run.status(), run.createdAt(), run.startedAt(),
                run.completedAt(), run.progress(), run.exitCode(), message, run.parameters());
    }
}
