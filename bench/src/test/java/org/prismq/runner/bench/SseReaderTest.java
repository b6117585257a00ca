package org.prismq.runner.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;

import org.junit.jupiter.api.Test;

class SseReaderTest {

    private static final int LINES = 500;

    @Test
    void everyEventIsCheckedHoweverTheReadsCutTheStream() throws IOException {
        byte[] body = chunked(events(LINES, LINES));
        Random random = new Random(7);
        for (int maxRead : new int[] {1, 2, 3, 7, 64, 199, 200, 4096, body.length}) {
            SseReader reader = reader();
            feed(reader, body, maxRead, random);

            assertNull(reader.error(), "reads of at most " + maxRead + " bytes");
            assertEquals(LINES, reader.lines());
            assertEquals(LINES, reader.lastSeq());
            assertEquals(2, reader.keepalives());
            assertEquals(1, reader.statusEvents());
            assertTrue(reader.completed());
            assertEquals(LINES, reader.completeId());
            assertEquals(LINES, reader.delays().count(), "every timestamped line gives a delay");
        }
    }

    @Test
    void aLineThatCarriesAnotherLinesNumberIsAFailure() throws IOException {
        assertEquals("line 2 carries the generator's line 9", problemWith("n=0000000002", "n=0000000009"));
    }

    @Test
    void aGapInTheSeqsIsAFailure() throws IOException {
        assertEquals("expected line 2 but got id 4", problemWith("id: 2\n", "id: 4\n"));
    }

    /** What a reader reports of a stream of three lines in which {@code text} was replaced with {@code by}. */
    private static String problemWith(String text, String by) throws IOException {
        SseReader reader = reader();
        feed(reader, chunked(events(3, 3).replace(text, by)), 5, new Random(1));
        return reader.error();
    }

    @Test
    void theLeadInsDelaysAreKeptApart() throws IOException {
        SseReader reader = reader(101);
        feed(reader, chunked(events(LINES, LINES)), 4096, new Random(3));

        assertNull(reader.error());
        assertEquals(LINES, reader.lines(), "the lead-in's lines are checked like the others");
        assertEquals(100, reader.leadInDelays().count());
        assertEquals(LINES - 100, reader.delays().count());
    }

    private static SseReader reader() {
        return reader(1);
    }

    private static SseReader reader(long timedFrom) {
        return new SseReader(new InetSocketAddress("127.0.0.1", 9), "/", new Semaphore(1), new CountDownLatch(1),
                timedFrom, 1_000, null);
    }

    static void feed(SseReader reader, byte[] body, int maxRead, Random random) throws IOException {
        for (int at = 0; at < body.length; ) {
            int count = Math.min(body.length - at, 1 + random.nextInt(maxRead));
            byte[] read = new byte[count + 2];
            System.arraycopy(body, at, read, 1, count);
            reader.decode(read, 1, count, SseReader.nowMicros());
            at += count;
        }
    }

    /** What the service sends: a status event, lines with the ticker's text, keepalives, then complete. */
    static String events(int lines, long lastSeq) {
        StringBuilder text = new StringBuilder("event: status\ndata: {\"status\":\"running\"}\n\n: keepalive\n\n");
        long now = SseReader.nowMicros();
        for (int seq = 1; seq <= lines; seq++) {
            text.append("id: ").append(seq).append("\ndata: {\"seq\":").append(seq)
                    .append(",\"timestamp\":\"2026-01-31T12:00:00.000000Z\",\"level\":\"INFO\",\"stream\":\"stdout\","
                            + "\"message\":\"T=").append(now).append(" tick n=")
                    .append(String.format("%010d", seq)).append(" ok\"}\n\n");
            if (seq == lines / 2) {
                text.append(": keepalive\n\n");
            }
        }
        return text.append("event: complete\nid: ").append(lastSeq)
                .append("\nretry: 3600000\ndata: {\"status\":\"completed\",\"exit_code\":0}\n\n").toString();
    }

    /** The body in HTTP/1.1 chunks of at most 4096 bytes, as the JDK server writes them, and the last chunk. */
    static byte[] chunked(String events) {
        byte[] bytes = events.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int at = 0; at < bytes.length; at += 4096) {
            int count = Math.min(4096, bytes.length - at);
            out.writeBytes((Integer.toHexString(count) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(bytes, at, count);
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }
}
