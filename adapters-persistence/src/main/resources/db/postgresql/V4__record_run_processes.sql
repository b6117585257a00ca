-- What finds a run's processes again after the node died without stopping them: the module's pid, when that
-- process started (a later process that reuses the pid has another start; NULL when the system did not say) and
-- the run's cgroup, if it had one. Written when the run starts, on the host of the node that runs it.
CREATE TABLE run_processes (
    run_pk     BIGINT      NOT NULL PRIMARY KEY REFERENCES runs (id) ON DELETE CASCADE,
    pid        BIGINT      NOT NULL,
    started_at TIMESTAMPTZ,
    cgroup     TEXT
);
