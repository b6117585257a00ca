package org.prismq.runner.adapters.persistence.jdbc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

import org.prismq.runner.domain.log.LogEntry;
import org.prismq.runner.domain.log.LogLevel;
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

    /**
     * The capture's own bytes of the messages make the same blocks as the text encoded here, across block ends;
     * bytes that do not match the lines one for one are refused.
     */
    @Test
    void theCapturesBytesOfTheMessagesMakeTheSameBlocks() {
        List<LogEntry> batch = LongStream.rangeClosed(3, 3 + 2 * LogBlock.MAX_LINES)
                .mapToObj(seq -> LogEntry.classified(seq, AT.plusNanos(seq * 1000), LogStream.STDOUT,
                        "INFO line " + seq + (seq % 5 == 0 ? " caf\u00e9 \ud83d\ude00" : ""))).toList();
        List<byte[]> utf8 = batch.stream().map(line -> line.message().getBytes(StandardCharsets.UTF_8)).toList();

        List<LogBlock.Packed> encodedHere = LogBlock.pack(batch);
        List<LogBlock.Packed> given = LogBlock.pack(batch, utf8);

        assertEquals(encodedHere.size(), given.size());
        for (int i = 0; i < given.size(); i++) {
            assertEquals(encodedHere.get(i).firstSeq(), given.get(i).firstSeq());
            assertEquals(encodedHere.get(i).lastSeq(), given.get(i).lastSeq());
            assertArrayEquals(encodedHere.get(i).lines(), given.get(i).lines(), "block " + i);
        }
        assertEquals(batch, unpack(given));
        assertThrows(IllegalArgumentException.class, () -> LogBlock.pack(batch, utf8.subList(1, utf8.size())));
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

    /**
     * Blocks are sized exactly before they are written: lengths and time steps on both sides of every varint size
     * (a time that goes back, a jump of years, times before 1970), levels and streams of every kind, come back as
     * they went in, and nothing more.
     */
    @Test
    void randomLinesComeBackExactlyFromBlocksSizedBeforeTheyAreWritten() {
        Random random = new Random(20);
        int[] lengths = {0, 1, 126, 127, 128, 129, 16_382, 16_383, 16_384, 16_385, 40_000};
        long[] steps = {0, 1, -1, 63, 64, -64, -65, 8_191, 8_192, 1L << 40, -(1L << 40)};
        LogLevel[] levels = LogLevel.values();
        List<LogEntry> batch = new ArrayList<>();
        long micros = -5_000_000;
        for (long seq = 1; seq <= 3_000; seq++) {
            micros += steps[random.nextInt(steps.length)];
            String text = random.nextInt(4) == 0 ? "é".repeat(random.nextInt(200))
                    : "x".repeat(lengths[random.nextInt(lengths.length)]);
            batch.add(new LogEntry(seq, Micros.toInstant(micros), levels[random.nextInt(levels.length)],
                    random.nextBoolean() ? LogStream.STDOUT : LogStream.STDERR, text));
        }

        assertEquals(batch, unpack(LogBlock.pack(batch)));
    }
}
