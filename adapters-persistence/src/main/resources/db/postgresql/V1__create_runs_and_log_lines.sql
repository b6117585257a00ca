-- Every run as its latest snapshot. Times are timestamptz: microseconds, shown in UTC by the service.
-- Identifiers sort as in Java (COLLATE "C": by code point), whatever the database's own collation, so that
-- "newest first, then by id" is the same order as in every other store.
-- Free text (module_name, error_message, log_lines.message) cannot hold U+0000 in PostgreSQL: a NUL is stored as
-- U+FFFF followed by '0', and a U+FFFF of the text itself as U+FFFF U+FFFF (see PostgresText).
CREATE TABLE runs (
    -- An identity is never handed out twice, so a cached run_id -> id mapping cannot go stale.
    id               BIGINT           GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    run_id           TEXT COLLATE "C" NOT NULL UNIQUE,
    module_id        TEXT COLLATE "C" NOT NULL,
    module_name      TEXT             NOT NULL,
    status           TEXT             NOT NULL
                     CHECK (status IN ('queued', 'running', 'completed', 'failed', 'cancelled')),
    created_at       TIMESTAMPTZ      NOT NULL,
    started_at       TIMESTAMPTZ,
    completed_at     TIMESTAMPTZ,
    progress_percent DOUBLE PRECISION,
    items_processed  BIGINT,
    items_total      BIGINT,
    exit_code        INTEGER,
    error_message    TEXT,
    -- A JSON object of strings, numbers and booleans. json, not jsonb: jsonb would lose the catalog's order.
    parameters       JSON             NOT NULL
);

CREATE INDEX runs_newest_first ON runs (created_at DESC, run_id DESC);
CREATE INDEX runs_by_module ON runs (module_id, created_at DESC, run_id DESC);
CREATE INDEX runs_by_status ON runs (status, created_at DESC, run_id DESC);

-- Every captured line, keyed by the run's integer key so that no line repeats the run id text.
CREATE TABLE log_lines (
    run_pk  BIGINT      NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    seq     BIGINT      NOT NULL,
    ts      TIMESTAMPTZ NOT NULL,
    -- 0 stdout, 1 stderr
    stream  SMALLINT    NOT NULL,
    -- 10 DEBUG, 20 INFO, 30 WARNING, 40 ERROR, 50 CRITICAL: ordered, so a minimum level is a range
    level   SMALLINT    NOT NULL,
    message TEXT        NOT NULL,
    PRIMARY KEY (run_pk, seq)
);
