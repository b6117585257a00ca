package org.prismq.runner.application.port.out;

/**
 * Starts module processes. Implementations decide how a script is run (interpreter, environment) on the host.
 */
@FunctionalInterface
public interface ProcessLauncher {

    /**
     * Starts the process that {@code spec} describes and returns once it runs. From then on the launcher calls
     * {@code output} from its own threads: {@link ProcessOutput#lines} for every line of stdout and stderr, and
     * {@link ProcessOutput#exited} exactly once, after the last line of both streams.
     *
     * @throws LaunchFailedException when the process cannot be started (missing script, working directory or
     *                               interpreter, no permission); {@code output} is then never called
     */
    RunningProcess launch(LaunchSpec spec, ProcessOutput output);
}
