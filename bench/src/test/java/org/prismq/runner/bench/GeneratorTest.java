package org.prismq.runner.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class GeneratorTest {

    @Test
    void floodLinesAreNumberedFromOneAndAllTheSameLength() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Generator.flood(out, 2_000);
        String[] lines = out.toString(StandardCharsets.US_ASCII).split("\n");
        assertEquals(2_000, lines.length);
        assertEquals(74L * 2_000, out.size());
        assertTrue(lines[0].endsWith(" n=0000000001 ok"), lines[0]);
        assertTrue(lines[1_999].endsWith(" n=0000002000 ok"), lines[1_999]);
    }

    @Test
    void tickerLinesCarryTheirPrintTimeAndNumber() {
        byte[] line = new byte[Generator.MAX_LINE_BYTES];
        int length = Generator.tickerLine(line, 1_764_000_000_123_456L, 42);
        String text = new String(line, 0, length, StandardCharsets.US_ASCII);
        assertTrue(text.startsWith("T=1764000000123456 INFO [ticker] n=0000000042 "), text);
        assertEquals(74, length);
    }
}
