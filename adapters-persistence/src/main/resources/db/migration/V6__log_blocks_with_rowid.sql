-- log_blocks becomes an ordinary table with a rowid and an index on (run_pk, last_seq). As a WITHOUT ROWID table
-- its rows, each holding a block of tens of KiB, lived in the key's own B-tree: every insert read back several
-- times the bytes it wrote, and a stored line cost twice the CPU. Blocks are appended in rowid order, which is the
-- order of their seqs within a run, so a run's blocks are still read in sequence.
CREATE TABLE log_blocks_v6 (
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
);
INSERT INTO log_blocks_v6 (run_pk, first_seq, last_seq, min_ts, max_ts, levels, lines)
    SELECT run_pk, first_seq, last_seq, min_ts, max_ts, levels, lines FROM log_blocks ORDER BY run_pk, last_seq;
DROP TABLE log_blocks;
ALTER TABLE log_blocks_v6 RENAME TO log_blocks;
