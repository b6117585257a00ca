-- Every run as its latest snapshot. Times are UTC epoch microseconds.
CREATE TABLE runs (
    -- AUTOINCREMENT: a key is never handed out twice, so a cached run_id -> id mapping cannot go stale.
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    run_id           TEXT    NOT NULL UNIQUE,
    module_id        TEXT    NOT NULL,
    module_name      TEXT    NOT NULL,
    status           TEXT    NOT NULL
                     CHECK (status IN ('queued', 'running', 'completed', 'failed', 'cancelled')),
    created_at       INTEGER NOT NULL,
    started_at       INTEGER,
    completed_at     INTEGER,
    progress_percent REAL,
    items_processed  INTEGER,
    items_total      INTEGER,
    exit_code        INTEGER,
    error_message    TEXT,
    -- A JSON object of strings, numbers and booleans, in the catalog's order.
    parameters       TEXT    NOT NULL
);

CREATE INDEX runs_newest_first ON runs (created_at DESC, run_id DESC);
CREATE INDEX runs_by_module ON runs (module_id, created_at DESC, run_id DESC);
CREATE INDEX runs_by_status ON runs (status, created_at, run_id);

-- Every captured line, keyed by the run's integer key so that no line repeats the run id text.
CREATE TABLE log_lines (
    run_pk  INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    seq     INTEGER NOT NULL,
    ts      INTEGER NOT NULL,
    -- 0 stdout, 1 stderr
    stream  INTEGER NOT NULL,
    -- 10 DEBUG, 20 INFO, 30 WARNING, 40 ERROR, 50 CRITICAL: ordered, so a minimum level is a range
    level   INTEGER NOT NULL,
    message TEXT    NOT NULL,
    PRIMARY KEY (run_pk, seq)
) WITHOUT ROWID;
