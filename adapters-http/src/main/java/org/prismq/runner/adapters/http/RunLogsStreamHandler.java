package org.prismq.runner.adapters.http;

import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;

import org.prismq.runner.adapters.http.metrics.PrometheusMetrics;

import org.prismq.runner.application.port.in.FollowEvent;
import org.prismq.runner.application.port.in.FollowLogsUseCase;
import org.prismq.runner.application.port.in.FollowStart;
import org.prismq.runner.application.port.in.LogSubscription;
import org.prismq.runner.domain.run.RunId;

/**
 * {@code GET /api/runs/{run_id}/logs/stream}: a run's lines as Server-Sent Events, stored ones first, then live
 * ones, then the end.
 * <ul>
 *   <li>Start: after the {@code Last-Event-ID} header's seq, else after {@code ?after=SEQ}, else with the last
 *       {@code ?tail=N} lines (0..10000; 0 means only new lines), else with line 1.</li>
 *   <li>A resume ({@code Last-Event-ID} or {@code after}) from the last line of an ended run (0 for a run that
 *       printed nothing) gets 204 No Content, which makes a browser stop reconnecting.</li>
 *   <li>Each line is an unnamed event ({@code event: log} with {@code ?event=log}) with {@code id: <seq>} and the
 *       LogEntry JSON; {@code event: status} reports a status change; {@code event: complete} with
 *       {@code id: <last seq>}, {@code {"status", "exit_code"}} and a {@code retry:} of one hour ends the stream:
 *       a browser's {@code EventSource} would otherwise reconnect after a few seconds, get 204 and close, and
 *       some clients then open the stream again from the start.</li>
 *   <li>{@code : keepalive} follows every keepalive interval without events.</li>
 * </ul>
 * The handler thread stays with the stream until the run completes, the client leaves (a failed write), or the
 * server stops. Between events it waits until the next keepalive is due and no longer, so an idle stream costs
 * one wake-up per keepalive interval. {@link #close()} raises a flag and wakes every open stream's wait
 * ({@link LogSubscription#wakeUp}). Streams are not interrupted, because an interrupt would close any
 * interruptible channel the use case happens to be reading from. The subscription is always closed.
 */
final class RunLogsStreamHandler implements ResourceHandler {

    private static final System.Logger LOG = System.getLogger(RunLogsStreamHandler.class.getName());

    /**
     * How much earlier than due a keepalive may go, at most a tenth of the interval: a wait may end a little
     * early, and another wait for the few milliseconds left would cost a second wake-up of every idle stream.
     */
    private static final long KEEPALIVE_EARLY_NANOS = Duration.ofMillis(20).toNanos();
    /** Slots of encoded lines shared by every stream: enough for the recent lines of a few busy runs. */
    private static final int ENCODED_LINES = 4096;

    private final FollowLogsUseCase follow;
    private final long keepaliveNanos;
    private final long keepaliveEarlyNanos;
    private final SseLineCache encodedLines = new SseLineCache(ENCODED_LINES);
    /** The subscriptions of the open streams, for {@link #close()} to wake. */
    private final Set<LogSubscription> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;
    private final PrometheusMetrics metrics;

    /** @param metrics reads the number of open streams from this handler, and hears of the events sent */
    RunLogsStreamHandler(FollowLogsUseCase follow, Duration keepalive, PrometheusMetrics metrics) {
        this.follow = follow;
        this.metrics = metrics;
        metrics.watchOpenStreams(open::size);
        this.keepaliveNanos = keepalive.toNanos();
        this.keepaliveEarlyNanos = Math.min(KEEPALIVE_EARLY_NANOS, keepaliveNanos / 10);
    }

    @Override
    public void handle(ApiRequest request) throws IOException {
        RunId run = request.runId();
        QueryParameters query = request.query();
        boolean namedLines = namedLines(query.string("event"));
        Long resumeAfter = lastEventId(request.header("Last-Event-ID"));
        if (resumeAfter == null) {
            resumeAfter = query.wholeNumber("after", 0, Long.MAX_VALUE);
        }
        Long tail = query.wholeNumber("tail", 0, RunLogsHandler.MAX_TAIL);
        FollowStart start = resumeAfter != null ? new FollowStart.After(resumeAfter)
                : tail != null ? new FollowStart.Tail(tail.intValue())
                : FollowStart.BEGINNING;

        if (closed) {
            throw new ApiException(ErrorCode.SHUTTING_DOWN, "the service is shutting down");
        }
        if (resumeAfter != null && follow.hasEndedAt(run, resumeAfter)) {
            Responses.noContent(request.exchange());
            return;
        }
        try (LogSubscription subscription = follow.follow(run, start)) {
            // Added before the stream checks the flag: a close() that comes after that check finds it here.
            open.add(subscription);
            try {
                stream(request.exchange(), subscription, namedLines, run);
            } finally {
                open.remove(subscription);
            }
        }
    }

    /** Ends every open stream as soon as its thread is free of a write, and refuses new ones with 503. */
    @Override
    public void close() {
        closed = true;
        open.forEach(LogSubscription::wakeUp);
    }

    private void stream(HttpExchange exchange, LogSubscription subscription, boolean namedLines, RunId run)
            throws IOException {
        Headers headers = exchange.getResponseHeaders();
        headers.set("Content-Type", "text/event-stream");
        headers.set("Cache-Control", "no-cache");
        headers.set("X-Accel-Buffering", "no");
        exchange.sendResponseHeaders(200, 0);
        SseWriter events = new SseWriter(exchange.getResponseBody(), namedLines, encodedLines, run);
        // The JDK server holds the headers back until the body is flushed: send them now, so that the client
        // sees the stream open (EventSource.onopen) even when the first event is far away.
        events.open();
        try {
            long lastEvent = System.nanoTime();
            while (!closed) {
                long untilKeepalive = keepaliveNanos - (System.nanoTime() - lastEvent);
                if (untilKeepalive <= keepaliveEarlyNanos) {
                    events.keepalive();
                    lastEvent = System.nanoTime();
                    continue;
                }
                switch (subscription.next(Duration.ofNanos(untilKeepalive))) {
                    case FollowEvent.Lines lines -> {
                        events.lines(lines.entries());
                        metrics.sseEventsSent(lines.entries().size());
                    }
                    case FollowEvent.Frame frame -> {
                        events.frame(frame);
                        metrics.sseEventsSent(1);
                    }
                    case FollowEvent.StatusChanged change -> {
                        events.status(change.status());
                        metrics.sseEventsSent(1);
                    }
                    case FollowEvent.Completed completed -> {
                        events.complete(completed);
                        metrics.sseEventsSent(1);
                        return;
                    }
                    case FollowEvent.Deleted deleted -> {
                        // No end to tell: a reconnect is answered 404, which ends a browser's EventSource.
                        LOG.log(System.Logger.Level.DEBUG, () -> "run " + run + " was deleted while followed");
                        return;
                    }
                    case FollowEvent.Idle idle -> {
                        continue;
                    }
                }
                lastEvent = System.nanoTime();
            }
            LOG.log(System.Logger.Level.DEBUG, () -> "log stream of " + run + " ended by shutdown");
        } catch (IOException clientLeft) {
            LOG.log(System.Logger.Level.DEBUG, () -> "a client of the log stream of " + run + " left: " + clientLeft);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean namedLines(String event) {
        if (event == null) {
            return false;
        }
        if (!event.equals("log")) {
            throw ApiException.badQuery("query parameter 'event' may only be 'log', got '"
                    + QueryParameters.shortened(event) + "'");
        }
        return true;
    }

    private static Long lastEventId(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        long seq;
        try {
            seq = Long.parseLong(header.strip());
        } catch (NumberFormatException notASeq) {
            seq = -1;
        }
        if (seq >= 0) {
            return seq;
        }
        throw ApiException.badRequest("the Last-Event-ID header must be a line's seq (a whole number of at least "
                + "0), got '" + QueryParameters.shortened(header) + "'");
    }
}
