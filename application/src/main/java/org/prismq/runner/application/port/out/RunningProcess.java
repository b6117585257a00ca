package org.prismq.runner.application.port.out;

import java.time.Duration;

/**
 * A started module process and the processes it started.
 */
public interface RunningProcess {

    /** The operating system's id of the module's own process. */
    long pid();

    /**
     * What finds this run's processes again should the service die without stopping them (see
     * {@link ProcessReaper}); record it when the run starts.
     */
    default ProcessIdentity identity() {
        return new ProcessIdentity(pid(), null, null);
    }

    /**
     * Stops the whole process tree: a graceful request first (SIGTERM on Linux and macOS), then, after
     * {@code grace}, a forced kill of every process of the tree that is left. Returns once no known process of
     * the tree is alive (a zombie counts as gone), or after a bounded wait; an interrupted caller does not wait
     * for the kill to take effect. Safe to call more than once and from any thread; {@link ProcessOutput#exited}
     * is called once, before or after this returns. Where the launcher holds the run in a control group of its
     * own (Linux, cgroup v2), the stop covers every process in it, also one that left the tree (a daemon that
     * forked twice and called {@code setsid}).
     *
     * @return the processes of the run still alive when it returns, so that the run's record can say so
     */
    StopOutcome stop(Duration grace);
}
