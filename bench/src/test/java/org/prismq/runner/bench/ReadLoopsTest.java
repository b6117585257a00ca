package org.prismq.runner.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class ReadLoopsTest {

    private static final int LINES = 2_000;
    private static final byte[] HEADERS = ("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
            + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII);

    @Test
    void everyStreamIsReadToItsEndAndChecked() throws Exception {
        byte[] body = SseReaderTest.chunked(SseReaderTest.events(LINES, LINES));
        int readerCount = 20;
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             ReadLoops loops = new ReadLoops(2, "test-read-loop-")) {
            Thread.ofVirtual().start(() -> serve(server, readerCount, body, false));
            List<SseReader> readers = start(server, readerCount, loops);

            for (SseReader reader : readers) {
                assertTrue(reader.finished().await(60, TimeUnit.SECONDS));
                assertNull(reader.error());
                assertEquals(LINES, reader.lines());
                assertTrue(reader.completed());
                assertEquals(LINES, reader.delays().count());
            }
        }
    }

    @Test
    void closingTheLoopsEndsTheStreamsStillOpenAsFailed() throws Exception {
        byte[] body = SseReaderTest.chunked(SseReaderTest.events(LINES, LINES));
        // Everything but the last chunk and the complete event: the streams stay open.
        byte[] unfinished = java.util.Arrays.copyOf(body, body.length - 200);
        List<SseReader> readers;
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            ReadLoops loops = new ReadLoops(1, "test-read-loop-");
            Thread.ofVirtual().start(() -> serve(server, 3, unfinished, true));
            readers = start(server, 3, loops);
            loops.close();
        }
        for (SseReader reader : readers) {
            assertTrue(reader.finished().await(60, TimeUnit.SECONDS));
            assertEquals("the benchmark stopped reading", reader.error());
        }
    }

    private static List<SseReader> start(ServerSocket server, int count, ReadLoops loops)
            throws InterruptedException {
        InetSocketAddress address = new InetSocketAddress(server.getInetAddress(), server.getLocalPort());
        CountDownLatch connected = new CountDownLatch(count);
        List<SseReader> readers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            SseReader reader = new SseReader(address, "/stream", new Semaphore(count), connected, 1, 60_000, loops);
            readers.add(reader);
            Thread.ofVirtual().start(reader);
        }
        assertTrue(connected.await(60, TimeUnit.SECONDS));
        return readers;
    }

    /** Answers {@code count} requests with the headers and {@code body}, written in pieces of 1,000 bytes. */
    private static void serve(ServerSocket server, int count, byte[] body, boolean holdOpen) {
        List<Socket> open = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                Socket client = server.accept();
                open.add(client);
                InputStream in = client.getInputStream();
                // The request ends with a blank line.
                for (int matched = 0; matched < 4; ) {
                    int b = in.read();
                    matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : b == '\r' ? 1 : 0;
                }
                OutputStream out = client.getOutputStream();
                out.write(HEADERS);
                for (int at = 0; at < body.length; at += 1_000) {
                    out.write(body, at, Math.min(1_000, body.length - at));
                    out.flush();
                }
                if (!holdOpen) {
                    client.close();
                }
            }
            if (holdOpen) {
                // Held until the test's server socket closes and the readers are ended.
                server.accept();
            }
        } catch (IOException closed) {
            // the test is over
        } finally {
            for (Socket socket : open) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closing is all that is wanted
                }
            }
        }
    }
}
