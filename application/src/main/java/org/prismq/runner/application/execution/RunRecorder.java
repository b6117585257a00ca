package org.prismq.runner.application.execution;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.prismq.runner.application.output.StoredOutputs;
import org.prismq.runner.application.port.out.Runs;
import org.prismq.runner.application.port.out.StorageFailedException;
import org.prismq.runner.domain.run.Run;
import org.prismq.runner.domain.run.RunId;

/**
 * Records a run's new snapshot, then tells whoever follows the run through storage. A snapshot that storage cannot
 * take now (a full disk, a lost server) is kept and written again by {@link #retryUnrecorded} until storage works
 * again, so that a run's final status is recorded right once space is freed, without a restart. Thread-safe.
 */
final class RunRecorder {

    private static final System.Logger LOG = System.getLogger(RunRecorder.class.getName());

    private final Runs runs;
    private final StoredOutputs storedOutputs;
    private final Map<RunId, Run> unrecorded = new ConcurrentHashMap<>();

    RunRecorder(Runs runs, StoredOutputs storedOutputs) {
        this.runs = runs;
        this.storedOutputs = storedOutputs;
    }

    /**
     * Records {@code run}; a failure is logged (and a storage failure retried), since the caller has nobody to tell.
     * Returns the run as recorded: {@code run}, or the final status recorded before, which never changes.
     */
    Run record(Run run) {
        Run recorded = run;
        try {
            if (!runs.update(run)) {
                recorded = runs.find(run.id()).orElse(run);
                LOG.log(System.Logger.Level.WARNING, run.id() + " was already recorded "
                        + recorded.status().wireName() + ", which stays; " + run.status().wireName() + " is not");
            }
            unrecorded.remove(run.id());
        } catch (StorageFailedException failure) {
            if (unrecorded.put(run.id(), run) == null) {
                LOG.log(System.Logger.Level.ERROR, "recording " + run.status().wireName() + " for " + run.id()
                        + " failed; it is recorded again once storage works", failure);
            }
        } catch (RuntimeException failure) {
            LOG.log(System.Logger.Level.ERROR, "recording " + run.status().wireName() + " for " + run.id()
                    + " failed", failure);
        }
        storedOutputs.refresh(run.id());
        return recorded;
    }

    /** The snapshot of {@code id} that storage has not taken yet, if any: newer than the recorded one. */
    Optional<Run> unrecorded(RunId id) {
        return Optional.ofNullable(unrecorded.get(id));
    }

    /** Writes again the snapshots storage did not take; stops at the first that still fails. */
    void retryUnrecorded() {
        for (Map.Entry<RunId, Run> waiting : Map.copyOf(unrecorded).entrySet()) {
            try {
                runs.update(waiting.getValue());
            } catch (StorageFailedException stillFailing) {
                return;
            } catch (RuntimeException failure) {
                LOG.log(System.Logger.Level.ERROR, "recording " + waiting.getKey() + " failed", failure);
            }
            if (unrecorded.remove(waiting.getKey(), waiting.getValue())) {
                LOG.log(System.Logger.Level.INFO, "storage works again: " + waiting.getKey() + " is recorded "
                        + waiting.getValue().status().wireName());
            }
            storedOutputs.refresh(waiting.getKey());
        }
    }
}
