-- Captured lines in blocks of consecutive lines of one run (at most 1024 lines, about 64 KiB each), one row per
-- block instead of one per line: storing a line costs a few byte copies. V4 moves the lines of log_lines here.
CREATE TABLE log_blocks (
    run_pk    INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    first_seq INTEGER NOT NULL,
    last_seq  INTEGER NOT NULL,
    -- the earliest and latest capture time in the block, UTC epoch microseconds: a "since" filter skips blocks
    min_ts    INTEGER NOT NULL,
    max_ts    INTEGER NOT NULL,
    -- bit 0 DEBUG, 1 INFO, 2 WARNING, 3 ERROR, 4 CRITICAL: set for every level the block holds
    levels    INTEGER NOT NULL,
    -- per line: timestamp delta (zigzag varint), stream and level (one byte), UTF-8 text (varint length, bytes);
    -- the seqs are first_seq, first_seq + 1, ... (see LogBlock)
    lines     BLOB    NOT NULL,
    PRIMARY KEY (run_pk, last_seq)
) WITHOUT ROWID;
