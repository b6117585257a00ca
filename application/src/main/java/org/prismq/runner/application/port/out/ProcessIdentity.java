package org.prismq.runner.application.port.out;

import java.time.Instant;

/**
 * What finds a run's processes again after the service died without stopping them: the module's pid and the
 * instant its process started (a pid that a later process reuses has another start), and the control group that
 * holds every process of the run, where the launcher used one.
 *
 * @param pid       the module's own process
 * @param startedAt when that process started, as the operating system reports it; null when it does not, and then
 *                  the pid alone is never trusted
 * @param cgroup    the run's control group (a Linux cgroup v2 directory), or null
 */
public record ProcessIdentity(long pid, Instant startedAt, String cgroup) {

    public ProcessIdentity {
        if (pid <= 0) {
            throw new IllegalArgumentException("pid must be positive, was " + pid);
        }
        if (cgroup != null && cgroup.isBlank()) {
            throw new IllegalArgumentException("cgroup must not be blank");
        }
    }
}
