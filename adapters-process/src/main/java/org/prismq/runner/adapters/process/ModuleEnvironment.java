package org.prismq.runner.adapters.process;

import java.util.Map;

import org.prismq.runner.application.port.out.LaunchFailedException;

/**
 * The environment a module starts with: the service's own, without the service's configuration (every variable
 * whose name starts with {@code PRISMQ_}, such as {@code PRISMQ_TOKEN} and {@code PRISMQ_DATABASE_PASSWORD}; on
 * Windows, where variable names ignore case, {@code prismq_token} too), plus {@code PYTHONUNBUFFERED=1} and
 * {@code PYTHONIOENCODING=utf-8}, plus the module's own variables from the catalog, which win: a module that is
 * to see a {@code PRISMQ_} variable gets it by naming it there. Stateless.
 */
final class ModuleEnvironment {

    /** The prefix of the service's options in the environment: the whole namespace is the service's. */
    static final String SERVICE_PREFIX = "PRISMQ_";

    private final boolean windows;

    ModuleEnvironment(boolean windows) {
        this.windows = windows;
    }

    /**
     * Turns {@code environment}, a copy of the service's (as {@link ProcessBuilder#environment()} starts), into
     * the module's.
     *
     * @throws LaunchFailedException when a module variable is one the operating system cannot take
     */
    void prepare(Map<String, String> environment, Map<String, String> moduleVariables) {
        environment.keySet().removeIf(this::isServiceVariable);
        environment.put("PYTHONUNBUFFERED", "1");
        environment.put("PYTHONIOENCODING", "utf-8");
        moduleVariables.forEach((name, value) -> {
            try {
                environment.put(name, value);
            } catch (IllegalArgumentException | NullPointerException e) {
                throw new LaunchFailedException("invalid environment variable: " + name, e);
            }
        });
    }

    boolean isServiceVariable(String name) {
        return name.regionMatches(windows, 0, SERVICE_PREFIX, 0, SERVICE_PREFIX.length());
    }
}
