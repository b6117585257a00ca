-- What finds a run's processes again after the service died without stopping them: the module's pid, when that
-- process started (a later process that reuses the pid has another start; UTC epoch microseconds, NULL when the
-- system did not say) and the run's cgroup, if it had one. Written when the run starts.
CREATE TABLE run_processes (
    run_pk     INTEGER NOT NULL PRIMARY KEY REFERENCES runs (id) ON DELETE CASCADE,
    pid        INTEGER NOT NULL,
    started_at INTEGER,
    cgroup     TEXT
);
