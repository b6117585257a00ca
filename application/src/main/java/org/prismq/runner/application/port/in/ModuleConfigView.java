package org.prismq.runner.application.port.in;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.prismq.runner.domain.catalog.ModuleId;

/**
 * A module's configuration as it may be shown: saved values merged over the declared defaults, passwords
 * masked.
 *
 * @param updatedAt when it was last saved, or {@code null} when nothing is saved
 */
public record ModuleConfigView(ModuleId moduleId, Map<String, Object> parameters, Instant updatedAt) {

    public ModuleConfigView {
        Objects.requireNonNull(moduleId, "moduleId");
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }
}
