package org.prismq.runner.application.port.out;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.prismq.runner.domain.run.RunId;

/**
 * What to start for one run.
 *
 * @param script           the module's script, an absolute path
 * @param command          argv prefix that replaces interpreter resolution ({@code ["bash"]}); empty to let the
 *                         launcher choose by the script's type
 * @param arguments        the module's arguments, passed as they are (never through a shell)
 * @param environment      variables added to what the module inherits (the service's environment without the
 *                         service's own {@code PRISMQ_} variables); they win over inherited ones
 * @param workingDirectory where the process starts
 */
public record LaunchSpec(
        RunId runId,
        Path script,
        List<String> command,
        List<String> arguments,
        Map<String, String> environment,
        Path workingDirectory) {

    public LaunchSpec {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(script, "script");
        if (!script.isAbsolute()) {
            throw new IllegalArgumentException("script must be an absolute path: " + script);
        }
        command = List.copyOf(command);
        arguments = List.copyOf(arguments);
        environment.forEach((name, value) -> {
            Objects.requireNonNull(name, "environment name");
            Objects.requireNonNull(value, () -> "environment value of " + name);
        });
        environment = Collections.unmodifiableMap(new LinkedHashMap<>(environment));
        Objects.requireNonNull(workingDirectory, "workingDirectory");
    }
}
