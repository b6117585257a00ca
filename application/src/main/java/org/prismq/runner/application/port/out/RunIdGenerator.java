package org.prismq.runner.application.port.out;

import java.time.Instant;

import org.prismq.runner.domain.catalog.ModuleId;
import org.prismq.runner.domain.run.RunId;

/** Makes a fresh, unique id for a run of {@code module} created at {@code createdAt}. Thread-safe. */
@FunctionalInterface
public interface RunIdGenerator {

    RunId next(ModuleId module, Instant createdAt);
}
