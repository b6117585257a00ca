package org.prismq.runner.application.port.out;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.prismq.runner.domain.catalog.ModuleId;

/**
 * A module's saved parameter values (strings, numbers, booleans), unmasked.
 */
public record SavedConfig(ModuleId moduleId, Map<String, Object> parameters, Instant updatedAt) {

    public SavedConfig {
        Objects.requireNonNull(moduleId, "moduleId");
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        Objects.requireNonNull(updatedAt, "updatedAt");
    }
}
