-- A block's lines may be kept in a file beside the database (the folder "logs", see LogSegments) instead of in its
-- row: written once, appended, rather than into the write-ahead log and again into the database file. Such a row
-- has an empty "lines" and says where its lines are: the segment (the file "<segment>.blocks"), the offset and
-- length in it, and the CRC-32C of the lines. Rows stored before, and the blocks an output cap packs again, keep
-- their lines in the row, with these columns NULL.
ALTER TABLE log_blocks ADD COLUMN segment INTEGER;
ALTER TABLE log_blocks ADD COLUMN file_offset INTEGER;
ALTER TABLE log_blocks ADD COLUMN file_bytes INTEGER;
ALTER TABLE log_blocks ADD COLUMN crc INTEGER;
-- Which segments rows still name: a segment no row names is deleted.
CREATE INDEX log_blocks_segment ON log_blocks (segment) WHERE segment IS NOT NULL;
