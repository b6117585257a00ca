package org.prismq.runner.adapters.persistence.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

import org.prismq.runner.domain.log.LogEntry;
import org.prismq.runner.domain.log.LogStream;

class LogBlockTest {

    private static final Instant AT = Instant.parse("2026-01-31T12:00:00.123456Z");

    private static List<LogEntry> unpack(List<LogBlock.Packed> blocks) {
        List<LogEntry> entries = new ArrayList<>();
        for (LogBlock.Packed block : blocks) {
            LogBlock.Reader reader = new LogBlock.Reader(block.firstSeq(), block.lines());
            while (reader.next()) {
                entries.add(new LogEntry(reader.seq(), Micros.toInstant(reader.micros()), reader.level(),
                        reader.stream(), new String(reader.data(), reader.textStart(), reader.textLength(),
                        StandardCharsets.UTF_8)));
            }
        }
        return entries;
    }

    @Test
    void aBatchOfLinesLongerInUtf8ThanInCharactersIsPackedWhole() {
        // Three bytes a character: more than the buffer made for the batch's characters holds.
        String wide = "€".repeat(5_000);
        List<LogEntry> batch = LongStream.rangeClosed(1, 40)
                .mapToObj(seq -> LogEntry.classified(seq, AT.plusNanos(seq * 1000), seq % 3 == 0 ? LogStream.STDERR
                        : LogStream.STDOUT, "ERROR " + seq + " " + wide)).toList();

        List<LogBlock.Packed> blocks = LogBlock.pack(batch);

        assertTrue(blocks.size() > 1, "more than one block: " + blocks.size());
        assertEquals(batch, unpack(blocks));
    }

    @Test
    void aLargeBatchOfShortLinesIsCutIntoFullBlocksInOrder() {
        List<LogEntry> batch = LongStream.rangeClosed(7, 7 + 3 * LogBlock.MAX_LINES)
                .mapToObj(seq -> LogEntry.classified(seq, AT, LogStream.STDOUT, "INFO line " + seq)).toList();

        List<LogBlock.Packed> blocks = LogBlock.pack(batch);

        assertEquals(4, blocks.size());
        assertEquals(LogBlock.MAX_LINES, blocks.getFirst().lastSeq() - blocks.getFirst().firstSeq() + 1);
        assertEquals(batch, unpack(blocks));
    }
}
