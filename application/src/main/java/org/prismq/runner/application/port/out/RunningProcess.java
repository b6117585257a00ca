package org.prismq.runner.application.port.out;

import java.time.Duration;

/**
 * A started module process and the processes it started.
 */
public interface RunningProcess {

    /** The operating system's id of the module's own process. */
    long pid();

    /**
     * Stops the whole process tree: a graceful request first (SIGTERM on Linux and macOS), then, after
     * {@code grace}, a forced kill of every process of the tree that is left. Returns once no known process of
     * the tree is alive (a zombie counts as gone), or after a bounded wait; an interrupted caller does not wait
     * for the kill to take effect. Safe to call more than once and from any thread; {@link ProcessOutput#exited}
     * is called once, before or after this returns.
     */
    void stop(Duration grace);
}
