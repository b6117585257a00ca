package org.prismq.runner.domain.catalog;

import java.nio.file.Path;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A module of the catalog: a script and the parameters it takes. The record checks the declaration as a whole
 * (unique parameter names, conditional fields that exist) and throws an {@link IllegalArgumentException} naming
 * the field otherwise.
 *
 * @param scriptPath       the {@code script_path} as written in the catalog
 * @param script           that path resolved against the scripts root
 * @param workingDirectory where the run starts: the module's {@code working_dir} resolved, else the script's
 *                         folder
 * @param command          argv prefix that replaces interpreter resolution, empty when not set
 * @param timeoutSeconds   the module's own time limit, or {@code null} for the service default
 * @param env              extra environment; its values may be secrets and are never shown
 * @param maxOutputMb      the module's own cap on a run's stored output in MB (MiB), or {@code null} for the
 *                         service default
 * @param description      may be {@code null}, as may {@code category} and {@code version}
 */
public record ModuleDefinition(
        ModuleId id,
        String name,
        String description,
        String category,
        String version,
        String scriptPath,
        Path script,
        Path workingDirectory,
        List<ParameterDefinition> parameters,
        List<String> tags,
        ModuleStatus status,
        boolean enabled,
        List<String> command,
        Integer timeoutSeconds,
        Map<String, String> env,
        Double maxOutputMb) {

    /** The most parameters a module may declare, and a request may carry. */
    public static final int MAX_PARAMETERS = 100;

    public ModuleDefinition {
        Objects.requireNonNull(id, "id");
        if (name == null) {
            throw new IllegalArgumentException("name is missing");
        }
        if (scriptPath == null) {
            throw new IllegalArgumentException("script_path is missing");
        }
        Objects.requireNonNull(script, "script");
        Objects.requireNonNull(workingDirectory, "workingDirectory");
        Objects.requireNonNull(status, "status");
        parameters = parameters == null ? List.of() : List.copyOf(parameters);
        tags = tags == null ? List.of() : List.copyOf(tags);
        command = command == null ? List.of() : List.copyOf(command);
        env = env == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(env));
        if (parameters.size() > MAX_PARAMETERS) {
            throw new IllegalArgumentException("parameters: at most " + MAX_PARAMETERS + " are allowed, found "
                    + parameters.size());
        }
        if (timeoutSeconds != null && timeoutSeconds <= 0) {
            throw new IllegalArgumentException("timeout_seconds must be positive, was " + timeoutSeconds);
        }
        if (maxOutputMb != null && !(maxOutputMb > 0 && Double.isFinite(maxOutputMb))) {
            throw new IllegalArgumentException("max_output_mb must be a positive number, was " + maxOutputMb);
        }
        if (command.stream().anyMatch(part -> part == null || part.isEmpty())) {
            throw new IllegalArgumentException("command must be a list of non-empty strings");
        }
        checkParameters(parameters);
    }

    /** A module without its own output cap. */
    public ModuleDefinition(ModuleId id, String name, String description, String category, String version,
            String scriptPath, Path script, Path workingDirectory, List<ParameterDefinition> parameters,
            List<String> tags, ModuleStatus status, boolean enabled, List<String> command, Integer timeoutSeconds,
            Map<String, String> env) {
        this(id, name, description, category, version, scriptPath, script, workingDirectory, parameters, tags,
                status, enabled, command, timeoutSeconds, env, null);
    }

    /** Whether a launch is allowed: enabled and not in maintenance. */
    public boolean isLaunchable() {
        return enabled && status != ModuleStatus.MAINTENANCE;
    }

    public Optional<ParameterDefinition> parameter(String parameterName) {
        return parameters.stream().filter(p -> p.name().equals(parameterName)).findFirst();
    }

    private static void checkParameters(List<ParameterDefinition> parameters) {
        Set<String> names = new HashSet<>();
        for (ParameterDefinition parameter : parameters) {
            if (!names.add(parameter.name())) {
                throw new IllegalArgumentException("parameters: '" + parameter.name() + "' is declared twice");
            }
        }
        for (ParameterDefinition parameter : parameters) {
            ConditionalDisplay condition = parameter.conditionalDisplay();
            if (condition == null) {
                continue;
            }
            ParameterDefinition controlling = parameters.stream()
                    .filter(other -> other.name().equals(condition.field()) && other != parameter)
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("parameter '" + parameter.name()
                            + "': conditional_display.field '" + condition.field()
                            + "' must name another parameter of this module"));
            List<String> problems = controlling.problemsWith(condition.value());
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException("parameter '" + parameter.name() + "': conditional_display.value "
                        + condition.value() + " can never be a value of '" + controlling.name() + "': "
                        + String.join("; ", problems));
            }
        }
        checkNoConditionCycle(parameters);
    }

    /** Conditions chain (C shows when B does, B when A does); a cycle would hide its members forever. */
    private static void checkNoConditionCycle(List<ParameterDefinition> parameters) {
        for (ParameterDefinition start : parameters) {
            Set<String> seen = new HashSet<>();
            ParameterDefinition current = start;
            while (current.conditionalDisplay() != null) {
                if (!seen.add(current.name())) {
                    throw new IllegalArgumentException("parameter '" + start.name()
                            + "': conditional_display forms a cycle through " + seen);
                }
                String field = current.conditionalDisplay().field();
                current = parameters.stream().filter(p -> p.name().equals(field)).findFirst().orElseThrow();
            }
        }
    }
}
