package org.prismq.runner.application.fakes;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.prismq.runner.domain.catalog.ModuleDefinition;
import org.prismq.runner.domain.catalog.ModuleId;
import org.prismq.runner.domain.catalog.ModuleStatus;
import org.prismq.runner.domain.catalog.ParameterDefinition;
import org.prismq.runner.domain.catalog.ParameterType;

/** Module definitions for tests. */
public final class TestModules {

    private static final Path ROOT = Path.of("modules").toAbsolutePath();

    private TestModules() {
    }

    /** An enabled, active module without parameters. */
    public static ModuleDefinition module(String id) {
        return module(id, List.of());
    }

    public static ModuleDefinition module(String id, List<ParameterDefinition> parameters) {
        return new ModuleDefinition(new ModuleId(id), "Module " + id, "a test module", "Tests", "1.0.0",
                id + ".py", ROOT.resolve(id + ".py"), ROOT, parameters, List.of("test"), ModuleStatus.ACTIVE,
                true, List.of(), null, Map.of());
    }

    public static ModuleDefinition withTimeout(String id, int timeoutSeconds) {
        ModuleDefinition m = module(id);
        return new ModuleDefinition(m.id(), m.name(), m.description(), m.category(), m.version(), m.scriptPath(),
                m.script(), m.workingDirectory(), m.parameters(), m.tags(), m.status(), m.enabled(), m.command(),
                timeoutSeconds, m.env());
    }

    public static ModuleDefinition withState(String id, ModuleStatus status, boolean enabled) {
        ModuleDefinition m = module(id);
        return new ModuleDefinition(m.id(), m.name(), m.description(), m.category(), m.version(), m.scriptPath(),
                m.script(), m.workingDirectory(), m.parameters(), m.tags(), status, enabled, m.command(),
                m.timeoutSeconds(), m.env());
    }

    public static ParameterDefinition text(String name, String defaultValue, boolean required) {
        return new ParameterDefinition(name, ParameterType.TEXT, defaultValue, required, null, null, null, null,
                null, null, null, null, null);
    }

    public static ParameterDefinition number(String name, Number defaultValue, Double min, Double max) {
        return new ParameterDefinition(name, ParameterType.NUMBER, defaultValue, false, null, null, null, null,
                min, max, null, null, null);
    }

    public static ParameterDefinition password(String name) {
        return new ParameterDefinition(name, ParameterType.PASSWORD, null, false, null, null, null, null, null,
                null, null, null, null);
    }
}
