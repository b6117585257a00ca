package org.prismq.runner.domain.run;

/** Thrown when a run is asked to move to a state its current state does not allow. */
public final class IllegalRunTransitionException extends IllegalStateException {

    private final RunId runId;
    private final RunStatus from;
    private final RunStatus to;

    public IllegalRunTransitionException(RunId runId, RunStatus from, RunStatus to) {
        super("run " + runId.value() + " cannot move from " + from.wireName() + " to " + to.wireName());
        this.runId = runId;
        this.from = from;
        this.to = to;
    }

    public RunId runId() {
        return runId;
    }

    public RunStatus from() {
        return from;
    }

    public RunStatus to() {
        return to;
    }
}
