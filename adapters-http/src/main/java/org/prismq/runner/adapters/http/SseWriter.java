package org.prismq.runner.adapters.http;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.prismq.runner.application.port.in.FollowEvent;
import org.prismq.runner.domain.log.LogEntry;
import org.prismq.runner.domain.run.RunId;
import org.prismq.runner.domain.run.RunStatus;

/**
 * Writes Server-Sent Events to one response body. Each data field is one line of JSON, whose escaping of CR, LF
 * and every other control character keeps the framing intact whatever a log line holds; lone surrogates become
 * {@code ?} in UTF-8. Every event, also a line equal to the one before, is written: nothing is skipped. An
 * {@link IOException} from any method means the client has left. Not thread-safe.
 */
final class SseWriter {

    private static final byte[] LOG_EVENT = "event: log\n".getBytes(StandardCharsets.US_ASCII);

    /**
     * The reconnection delay sent with {@code complete}, in milliseconds: an hour, so that a browser's
     * {@code EventSource}, which reconnects by itself after the stream closes, does not come back (a resume
     * after the end would get 204 anyway).
     */
    static final long RETRY_AFTER_COMPLETE_MILLIS = 3_600_000;

    private final OutputStream out;
    private final boolean namedLines;
    private final SseLineCache lines;
    private final int linesOffset;
    private final SseLineEncoder encoder = new SseLineEncoder();

    /**
     * @param namedLines whether line events carry {@code event: log} (else they are unnamed)
     * @param lines      the encoded lines shared by every stream
     * @param run        the id of the run whose lines are written
     */
    SseWriter(OutputStream out, boolean namedLines, SseLineCache lines, RunId run) {
        this.out = out;
        this.namedLines = namedLines;
        this.lines = lines;
        this.linesOffset = SseLineCache.offset(run);
    }

    /** Sends what was written so far (the response headers) without an event. */
    void open() throws IOException {
        out.flush();
    }

    /** One event per line ({@code id: <seq>}, {@code data: <LogEntry JSON>}), flushed once for the batch. */
    void lines(List<LogEntry> entries) throws IOException {
        // By index: the batches are random-access lists, and an iterator per batch is garbage per reader.
        for (int i = 0, count = entries.size(); i < count; i++) {
            if (namedLines) {
                out.write(LOG_EVENT);
            }
            out.write(lines.event(entries.get(i), linesOffset, encoder));
        }
        out.flush();
    }

    /**
     * {@code event: frame} with {@code {"seq", "stream", "message"}}: the line being redrawn, with the seq it is to
     * get. No {@code id:}, which would move the client's {@code Last-Event-ID} to a line it has not had; named
     * whatever the line events are called, so that readers of unnamed events see only lines.
     */
    void frame(FollowEvent.Frame frame) throws IOException {
        send("event: frame\ndata: "
                + Json.text(new FrameData(frame.seq(), frame.stream().wireName(), frame.text())) + "\n\n");
    }

    /** {@code event: status} with {@code {"status": ...}}. */
    void status(RunStatus status) throws IOException {
        send("event: status\ndata: " + Json.text(new StatusData(status.wireName())) + "\n\n");
    }

    /**
     * {@code event: complete} with the id of the run's last line, {@code {"status", "exit_code"}} and
     * {@code retry:} {@value #RETRY_AFTER_COMPLETE_MILLIS}.
     */
    void complete(FollowEvent.Completed completed) throws IOException {
        send("event: complete\nid: " + completed.lastSeq() + "\nretry: " + RETRY_AFTER_COMPLETE_MILLIS + "\ndata: "
                + Json.text(new CompleteData(completed.status().wireName(), completed.exitCode())) + "\n\n");
    }

    /** A comment, which keeps proxies and browsers from closing an idle stream. */
    void keepalive() throws IOException {
        send(": keepalive\n\n");
    }

    private void send(String event) throws IOException {
        out.write(event.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private record FrameData(long seq, String stream, String message) {
    }

    private record StatusData(String status) {
    }

    private record CompleteData(String status, Integer exitCode) {
    }
}
