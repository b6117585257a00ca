package org.prismq.runner.application.port.in;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.prismq.runner.domain.catalog.ModuleId;

/**
 * A request to run a module.
 *
 * @param parameters the values the client sent: strings, numbers, booleans or {@code null}
 * @param saveConfig whether to save the validated values as the module's configuration
 */
public record LaunchRunCommand(ModuleId moduleId, Map<String, Object> parameters, boolean saveConfig) {

    public LaunchRunCommand {
        Objects.requireNonNull(moduleId, "moduleId");
        // LinkedHashMap, not Map.copyOf: a client may send null for "not given".
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(parameters)));
    }
}
