package org.prismq.runner.application.execution;

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
}
