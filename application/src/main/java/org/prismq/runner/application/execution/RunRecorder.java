package org.prismq.runner.application.execution;

import org.prismq.runner.application.output.StoredOutputs;
import org.prismq.runner.application.port.out.Runs;
import org.prismq.runner.domain.run.Run;

/** Records a run's new snapshot, then tells whoever follows the run through storage. Thread-safe. */
final class RunRecorder {

    private static final System.Logger LOG = System.getLogger(RunRecorder.class.getName());

    private final Runs runs;
    private final StoredOutputs storedOutputs;

    RunRecorder(Runs runs, StoredOutputs storedOutputs) {
        this.runs = runs;
        this.storedOutputs = storedOutputs;
    }

    /** Records {@code run}; a failure is logged, since the caller has nobody to tell. */
    void record(Run run) {
        try {
            runs.update(run);
        } catch (RuntimeException failure) {
            LOG.log(System.Logger.Level.ERROR, "recording " + run.status().wireName() + " for " + run.id()
                    + " failed", failure);
        }
        storedOutputs.refresh(run.id());
    }
}
