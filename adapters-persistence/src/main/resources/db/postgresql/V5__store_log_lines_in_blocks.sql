-- Captured lines in blocks of consecutive lines of one run (at most 1024 lines, about 64 KiB each), one row per
-- block instead of one per line, in the format SQLite keeps them in too (see LogBlock): storing a line costs a few
-- byte copies rather than a row, its index entry and its WAL record. V6 moves the lines of log_lines here.
CREATE TABLE log_blocks (
    run_pk    BIGINT  NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    first_seq BIGINT  NOT NULL,
    last_seq  BIGINT  NOT NULL,
    -- the earliest and latest capture time in the block, UTC epoch microseconds: a "since" filter skips blocks
    min_ts    BIGINT  NOT NULL,
    max_ts    BIGINT  NOT NULL,
    -- bit 0 DEBUG, 1 INFO, 2 WARNING, 3 ERROR, 4 CRITICAL: set for every level the block holds
    levels    INTEGER NOT NULL,
    -- per line: timestamp delta (zigzag varint), stream and level (one byte), UTF-8 text (varint length, bytes);
    -- the seqs are first_seq, first_seq + 1, ...
    lines     BYTEA   NOT NULL,
    PRIMARY KEY (run_pk, last_seq)
);

-- News that a run's lines up to seq are stored (see V3): one message per run and statement.
CREATE FUNCTION prismq_blocks_stored() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('prismq_events', TG_TABLE_SCHEMA || ' l ' || r.run_id || ' ' || stored.last_seq)
    FROM (SELECT run_pk, MAX(last_seq) AS last_seq FROM new_blocks GROUP BY run_pk) AS stored
    JOIN runs r ON r.id = stored.run_pk;
    RETURN NULL;
END
$$;

CREATE TRIGGER log_blocks_stored AFTER INSERT ON log_blocks
    REFERENCING NEW TABLE AS new_blocks
    FOR EACH STATEMENT EXECUTE FUNCTION prismq_blocks_stored();
