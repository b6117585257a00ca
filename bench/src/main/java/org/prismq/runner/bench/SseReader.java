package org.prismq.runner.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;

/**
 * One SSE reader on a raw socket (HTTP/1.1, chunked): on a thread of its own it connects and reads the response
 * headers, then either reads the stream to its end on that thread or hands the socket to {@link ReadLoops}, whose
 * threads read it from then on; either way it checks the stream as it goes. Every line event must carry the next
 * seq ({@code id:} 1, 2, 3 ...), and a line of the benchmark's generator must carry its own number {@code n=} equal
 * to that seq. A line that holds its print time ({@code T=<epoch µs>}) adds its delay, from print to the read that
 * brought it, to the delays, or to the lead-in's delays if its seq comes before the timed ones. The stream must end
 * with {@code event: complete}.
 *
 * <p>Results are read by another thread after {@link #finished()} counted down.
 */
final class SseReader implements Runnable {

    private static final byte[] MESSAGE_KEY = "\"message\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] N_KEY = " n=".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ID = "id: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EVENT = "event: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DATA_FIELD = "data: ".getBytes(StandardCharsets.US_ASCII);
    /** As large as a browser reads: a small buffer made the reader, on the same cores, cost the service time. */
    private static final int READ_BUFFER = 64 * 1024;
    private static final int HEADERS_TIMEOUT_MILLIS = 10_000;
    private static final int CONNECT_ATTEMPTS = 5;

    private final InetSocketAddress address;
    private final String path;
    private final Semaphore connectSlots;
    private final CountDownLatch connected;
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Histogram delays;
    private final Histogram leadInDelays;
    private final long timedFrom;
    private final int readTimeoutMillis;
    private final ReadLoops loops;
    private volatile SocketChannel channel;
    private volatile int connectAttempts;

    private volatile long lastSeq;
    private volatile long keepalives;
    private long lines;
    private long statusEvents;
    private boolean completed;
    private long completeId = -1;
    private volatile String error;

    // SSE parsing state
    private byte[] line = new byte[512];
    private int lineLength;
    private String eventName;
    private long eventId = -1;
    private long eventT = -1;
    private long eventN = -1;
    private boolean eventData;

    // chunked decoding state
    private static final int SIZE = 0;
    private static final int DATA = 1;
    private static final int DATA_END = 2;
    private static final int DONE = 3;
    private int chunkState = SIZE;
    private long chunkLeft;

    /**
     * @param connectSlots bounds how many readers connect at once; a slot is held until the headers arrive
     * @param connected    counted down once this reader has the response headers (or failed to get them)
     * @param timedFrom    the seq from which the delays of timestamped lines are kept, those before it apart as
     *                     the lead-in's; {@link Long#MAX_VALUE} to keep none
     * @param loops        the threads that read the stream once the headers are in, or null to read it on the
     *                     thread that runs this reader (then {@code readTimeoutMillis} bounds each read)
     */
    SseReader(InetSocketAddress address, String path, Semaphore connectSlots, CountDownLatch connected,
              long timedFrom, int readTimeoutMillis, ReadLoops loops) {
        this.address = address;
        this.path = path;
        this.connectSlots = connectSlots;
        this.connected = connected;
        boolean measure = timedFrom != Long.MAX_VALUE;
        this.delays = measure ? new Histogram() : null;
        this.leadInDelays = measure ? new Histogram() : null;
        this.timedFrom = timedFrom;
        this.readTimeoutMillis = readTimeoutMillis;
        this.loops = loops;
    }

    @Override
    public void run() {
        byte[] buffer = new byte[READ_BUFFER];
        SocketChannel s;
        try {
            s = open(buffer);
        } catch (IOException | RuntimeException failure) {
            fail("reader failed: " + failure);
            s = null;
        } catch (InterruptedException interrupted) {
            fail("interrupted");
            s = null;
        } finally {
            connected.countDown();
        }
        if (s == null) {
            end();
        } else if (loops == null || done()) {
            read(s, buffer);
        } else {
            loops.add(s, this);
        }
    }

    /** Reads the stream to its end on this thread. */
    private void read(SocketChannel s, byte[] buffer) {
        try (s) {
            InputStream in = s.socket().getInputStream();
            int count;
            while (!done() && (count = in.read(buffer)) >= 0) {
                decode(buffer, 0, count, nowMicros());
            }
        } catch (IOException | RuntimeException failure) {
            fail("reader failed: " + failure);
        } finally {
            end();
        }
    }

    /** Whether the stream's last chunk has come. */
    boolean done() {
        return chunkState == DONE;
    }

    /** The stream is over, read to its end or not: called once, by the thread that read it last. */
    void end() {
        if (!completed) {
            fail("the stream ended without event: complete");
        }
        finished.countDown();
    }

    /**
     * Connects and reads the response headers, holding a connect slot meanwhile, and decodes the first bytes of the
     * body if they came with the headers. A connection that brings no headers within
     * {@value #HEADERS_TIMEOUT_MILLIS} ms (the server's accept queue overflowed and dropped it) is tried again, up to
     * {@value #CONNECT_ATTEMPTS} times.
     */
    private SocketChannel open(byte[] buffer) throws IOException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            connectAttempts = attempt;
            connectSlots.acquire();
            SocketChannel s = SocketChannel.open();
            channel = s;
            try {
                Socket socket = s.socket();
                socket.setSoTimeout(HEADERS_TIMEOUT_MILLIS);
                socket.connect(address, HEADERS_TIMEOUT_MILLIS);
                OutputStream out = socket.getOutputStream();
                out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + address.getPort()
                        + "\r\nAccept: text/event-stream\r\nCache-Control: no-cache\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                int[] bodyStart = new int[1];
                int count = readHeaders(socket.getInputStream(), buffer, bodyStart);
                socket.setSoTimeout(readTimeoutMillis);
                // The first bytes of the body may have come with the headers.
                decode(buffer, bodyStart[0], count - bodyStart[0], nowMicros());
                return s;
            } catch (SocketTimeoutException | ConnectException dropped) {
                s.close();
                if (attempt == CONNECT_ATTEMPTS) {
                    throw dropped;
                }
            } catch (IOException | RuntimeException failed) {
                s.close();
                throw failed;
            } finally {
                connectSlots.release();
            }
        }
    }

    int connectAttempts() {
        return connectAttempts;
    }

    /** Ends the reader now, from another thread. */
    void abort() {
        SocketChannel s = channel;
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing is all that is wanted
            }
        }
    }

    CountDownLatch finished() {
        return finished;
    }

    long lastSeq() {
        return lastSeq;
    }

    long keepalives() {
        return keepalives;
    }

    long lines() {
        return lines;
    }

    long statusEvents() {
        return statusEvents;
    }

    boolean completed() {
        return completed;
    }

    long completeId() {
        return completeId;
    }

    String error() {
        return error;
    }

    Histogram delays() {
        return delays;
    }

    Histogram leadInDelays() {
        return leadInDelays;
    }

    /** Reads the status line and headers; returns how many bytes of {@code buffer} hold data. */
    private int readHeaders(InputStream in, byte[] buffer, int[] bodyStart) throws IOException {
        int count = 0;
        while (true) {
            int read = in.read(buffer, count, buffer.length - count);
            if (read < 0) {
                throw new IOException("the connection closed before the response headers");
            }
            count += read;
            for (int i = 3; i < count; i++) {
                if (buffer[i - 3] == '\r' && buffer[i - 2] == '\n' && buffer[i - 1] == '\r' && buffer[i] == '\n') {
                    String head = new String(buffer, 0, i + 1, StandardCharsets.ISO_8859_1);
                    if (!head.startsWith("HTTP/1.1 200")) {
                        throw new IOException("unexpected response: " + head.lines().findFirst().orElse(""));
                    }
                    if (!head.toLowerCase().contains("transfer-encoding: chunked")) {
                        throw new IOException("the stream is not chunked: " + head);
                    }
                    bodyStart[0] = i + 1;
                    return count;
                }
            }
            if (count == buffer.length) {
                throw new IOException("response headers too long");
            }
        }
    }

    /** Removes the chunked framing and passes the body bytes on to the event parser; one read's bytes a call. */
    void decode(byte[] bytes, int offset, int length, long nowMicros) throws IOException {
        int i = offset;
        int end = offset + length;
        while (i < end && chunkState != DONE) {
            switch (chunkState) {
                case SIZE -> {
                    byte b = bytes[i++];
                    if (b == '\n') {
                        if (chunkLeft == 0) {
                            chunkState = DONE;
                        } else {
                            chunkState = DATA;
                        }
                    } else if (b != '\r') {
                        int digit = Character.digit(b, 16);
                        if (digit < 0) {
                            throw new IOException("bad chunk size byte " + b);
                        }
                        chunkLeft = chunkLeft * 16 + digit;
                    }
                }
                case DATA -> {
                    int take = (int) Math.min(chunkLeft, end - i);
                    events(bytes, i, take, nowMicros);
                    i += take;
                    chunkLeft -= take;
                    if (chunkLeft == 0) {
                        chunkState = DATA_END;
                    }
                }
                case DATA_END -> {
                    if (bytes[i++] == '\n') {
                        chunkState = SIZE;
                    }
                }
                default -> throw new IllegalStateException("chunk state " + chunkState);
            }
        }
    }

    /**
     * Splits the body into SSE lines. A line that lies whole in the read buffer is parsed where it lies; only the
     * piece of a line cut by the end of a read or a chunk is copied, to be joined with its rest: the readers share
     * the service's cores, and what they spend per event is taken from the service.
     */
    private void events(byte[] bytes, int offset, int length, long nowMicros) {
        int start = offset;
        int end = offset + length;
        for (int i = offset; i < end; i++) {
            if (bytes[i] == '\n') {
                if (lineLength == 0) {
                    line(bytes, start, i - start, nowMicros);
                } else {
                    appendToLine(bytes, start, i - start);
                    line(line, 0, lineLength, nowMicros);
                    lineLength = 0;
                }
                start = i + 1;
            }
        }
        appendToLine(bytes, start, end - start);
    }

    private void appendToLine(byte[] bytes, int from, int count) {
        if (count == 0) {
            return;
        }
        if (lineLength + count > line.length) {
            byte[] bigger = new byte[Math.max(line.length * 2, lineLength + count)];
            System.arraycopy(line, 0, bigger, 0, lineLength);
            line = bigger;
        }
        System.arraycopy(bytes, from, line, lineLength, count);
        lineLength += count;
    }

    /** One SSE line, {@code length} bytes of {@code bytes} from {@code from}, without its line feed. */
    private void line(byte[] bytes, int from, int length, long nowMicros) {
        int end = from + length;
        if (length == 0) {
            dispatch(nowMicros);
        } else if (bytes[from] == ':') {
            keepalives++;
        } else if (startsWith(bytes, from, end, ID)) {
            eventId = number(bytes, from + ID.length, end);
        } else if (startsWith(bytes, from, end, EVENT)) {
            eventName = new String(bytes, from + EVENT.length, length - EVENT.length, StandardCharsets.US_ASCII);
        } else if (startsWith(bytes, from, end, DATA_FIELD)) {
            eventData = true;
            message(bytes, from + DATA_FIELD.length, end);
        }
    }

    private void message(byte[] bytes, int from, int end) {
        int at = indexOf(bytes, from, end, MESSAGE_KEY);
        if (at < 0) {
            return;
        }
        int text = at + MESSAGE_KEY.length;
        if (text + 18 <= end && bytes[text] == 'T' && bytes[text + 1] == '=') {
            eventT = number(bytes, text + 2, text + 18);
        }
        int n = indexOf(bytes, text, end, N_KEY);
        if (n >= 0 && n + 13 <= end) {
            eventN = number(bytes, n + 3, n + 13);
        }
    }

    private void dispatch(long nowMicros) {
        if (!eventData) {
            // A blank line after a comment (the keepalive) or after nothing dispatches no event.
            eventName = null;
            eventId = -1;
            return;
        }
        if (eventName == null || eventName.equals("log")) {
            if (eventId != lastSeq + 1) {
                fail("expected line " + (lastSeq + 1) + " but got id " + eventId);
            }
            if (eventN >= 0 && eventN != eventId) {
                fail("line " + eventId + " carries the generator's line " + eventN);
            }
            lines++;
            lastSeq = eventId;
            if (eventT >= 0 && delays != null) {
                (eventId >= timedFrom ? delays : leadInDelays).record(nowMicros - eventT);
            }
        } else if (eventName.equals("complete")) {
            completed = true;
            completeId = eventId;
        } else if (eventName.equals("status")) {
            statusEvents++;
        }
        eventName = null;
        eventId = -1;
        eventT = -1;
        eventN = -1;
        eventData = false;
    }

    private static boolean startsWith(byte[] bytes, int from, int end, byte[] prefix) {
        if (end - from < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[from + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** Where {@code key} starts in {@code bytes[from, end)}, or -1. */
    private static int indexOf(byte[] bytes, int from, int end, byte[] key) {
        byte first = key[0];
        outer:
        for (int i = from, last = end - key.length; i <= last; i++) {
            if (bytes[i] != first) {
                continue;
            }
            for (int k = 1; k < key.length; k++) {
                if (bytes[i + k] != key[k]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** The decimal number in {@code bytes[from, to)}, or -1 if a byte there is not a digit. */
    private static long number(byte[] bytes, int from, int to) {
        long value = 0;
        for (int i = from; i < to; i++) {
            int digit = bytes[i] - '0';
            if (digit < 0 || digit > 9) {
                return -1;
            }
            value = value * 10 + digit;
        }
        return value;
    }

    void fail(String message) {
        if (error == null) {
            error = message;
        }
    }

    static long nowMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000 + now.getNano() / 1000;
    }
}
