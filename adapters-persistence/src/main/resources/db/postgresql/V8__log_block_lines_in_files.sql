-- The columns that let a SQLite database keep a block's lines in a file beside it (see the SQLite migration 7).
-- The log store's SQL is the same on both databases; on PostgreSQL, whose nodes share their lines through the
-- database, they stay NULL and every block keeps its lines in its row.
ALTER TABLE log_blocks ADD COLUMN segment BIGINT;
ALTER TABLE log_blocks ADD COLUMN file_offset BIGINT;
ALTER TABLE log_blocks ADD COLUMN file_bytes INTEGER;
ALTER TABLE log_blocks ADD COLUMN crc INTEGER;
