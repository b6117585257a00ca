package org.prismq.runner.application.port.out;

import java.util.Optional;

import org.prismq.runner.domain.run.RunId;

/**
 * The {@link ProcessIdentity} of each run's process, kept beside the run so that a service that died without
 * stopping its runs can find their processes again on its next start. Thread-safe; a write is durable when the
 * method returns. Removed with the run.
 */
public interface ProcessRecords {

    /**
     * Records the identity of {@code run}'s process, replacing an earlier one; an unknown run is an
     * {@link IllegalStateException}.
     */
    void record(RunId run, ProcessIdentity identity);

    /** The identity recorded for {@code run}, if any. */
    Optional<ProcessIdentity> find(RunId run);
}
