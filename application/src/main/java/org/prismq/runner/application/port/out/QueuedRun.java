package org.prismq.runner.application.port.out;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.prismq.runner.domain.run.Run;

/**
 * A run taken from the {@link LaunchQueue}: its record as it was queued, and the parameter values it was
 * launched with, unmasked (secrets included), in the catalog's order.
 */
public record QueuedRun(Run run, Map<String, Object> values) {

    public QueuedRun {
        Objects.requireNonNull(run, "run");
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }
}
