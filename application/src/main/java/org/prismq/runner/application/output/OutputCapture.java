package org.prismq.runner.application.output;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.prismq.runner.application.port.in.FollowEvent;
import org.prismq.runner.application.port.out.LogSink;
import org.prismq.runner.application.port.out.ProcessOutput;
import org.prismq.runner.application.port.out.RunMetrics;
import org.prismq.runner.domain.log.LogEntry;
import org.prismq.runner.domain.log.LogLevel;
import org.prismq.runner.domain.log.LogStream;
import org.prismq.runner.domain.run.Progress;
import org.prismq.runner.domain.run.RunId;

/**
 * Turns one run's raw output into numbered log entries: seq 1, 2, 3 ... across both streams, a capture time,
 * a level, trailing white space stripped. Each batch is published to live followers, then written to storage on
 * the run's store thread (see {@link StoreQueue}) while the next output is read, then released from memory. The
 * exit is passed on to the {@link Listener} only once every line is stored; progress markers at once.
 */
public final class OutputCapture implements ProcessOutput {

    /** What the supervisor needs to hear from a run's output. */
    public interface Listener {
        void progress(Progress progress);

        /** Every line up to {@code lastSeq} is stored. Called on the run's store thread. */
        void stored(long lastSeq);

        void exited(int exitCode);

        /**
         * Storage failed to take the run's lines (see {@link OutputCapture#storageLoss}): the run should be
         * stopped. Called once, on the run's store thread.
         */
        default void storageFailed(Throwable failure) {
        }
    }

    private static final System.Logger LOG = System.getLogger(OutputCapture.class.getName());
    private static final int STORE_ATTEMPTS = 5;

    private final RunId runId;
    private final LiveOutput live;
    private final LogSink store;
    private final Clock clock;
    private final Listener listener;
    private final StderrTail stderrTail = new StderrTail();
    private final StorageLoss storageLoss = new StorageLoss();
    private final Object appendLock = new Object();
    private final StoreQueue storeQueue;
    private final RunMetrics metrics;
    private final OutputCap cap;

    private long seq;
    private Instant lastTimestamp = Instant.EPOCH;

    /**
     * @param maxQueuedLines lines printed but not yet stored at most, before the module is made to wait
     * @param maxQueuedBytes the same bound in estimated bytes
     */
    public OutputCapture(RunId runId, LiveOutput live, LogSink store, Clock clock, Listener listener,
            int maxQueuedLines, long maxQueuedBytes) {
        this(runId, live, store, clock, listener, maxQueuedLines, maxQueuedBytes, OutputCap.NONE, RunMetrics.NONE);
    }

    /** @param metrics told of each batch captured and each write to storage */
    public OutputCapture(RunId runId, LiveOutput live, LogSink store, Clock clock, Listener listener,
            int maxQueuedLines, long maxQueuedBytes, RunMetrics metrics) {
        this(runId, live, store, clock, listener, maxQueuedLines, maxQueuedBytes, OutputCap.NONE, metrics);
    }

    /** @param cap keeps the stored output within the run's cap, told of each batch once it is stored */
    public OutputCapture(RunId runId, LiveOutput live, LogSink store, Clock clock, Listener listener,
            int maxQueuedLines, long maxQueuedBytes, OutputCap cap) {
        this(runId, live, store, clock, listener, maxQueuedLines, maxQueuedBytes, cap, RunMetrics.NONE);
    }

    /**
     * @param cap     keeps the stored output within the run's cap, told of each batch once it is stored
     * @param metrics told of each batch captured and each write to storage
     */
    public OutputCapture(RunId runId, LiveOutput live, LogSink store, Clock clock, Listener listener,
            int maxQueuedLines, long maxQueuedBytes, OutputCap cap, RunMetrics metrics) {
        this.cap = cap;
        this.runId = runId;
        this.metrics = metrics;
        this.live = live;
        this.store = store;
        this.clock = clock;
        this.listener = listener;
        this.storeQueue = new StoreQueue(this::storeAndRelease, "prismq-store-" + runId, maxQueuedLines,
                maxQueuedBytes);
    }

    @Override
    public void lines(LogStream stream, List<String> lines) {
        if (lines.isEmpty()) {
            return;
        }
        Progress progress = null;
        long bytes = 0;
        synchronized (appendLock) {
            Instant now = captureTime();
            List<LogEntry> batch = new ArrayList<>(lines.size());
            List<byte[]> encoded = new ArrayList<>(lines.size());
            for (String line : lines) {
                String message = line.stripTrailing();
                // Encoded once: its length is the byte count, its bytes are classified faster than its characters,
                // and storage takes them as they are.
                byte[] utf8 = message.getBytes(StandardCharsets.UTF_8);
                bytes += utf8.length;
                encoded.add(utf8);
                batch.add(new LogEntry(++seq, now, LogLevel.classify(message, utf8, stream), stream, message));
                if (stream == LogStream.STDERR) {
                    stderrTail.add(message);
                }
                Optional<Progress> marker = Progress.parseMarker(message);
                if (marker.isPresent()) {
                    progress = marker.get();
                }
            }
            live.publish(batch);
            storeQueue.add(batch, encoded);
        }
        metrics.linesCaptured(stream, lines.size(), bytes);
        if (progress != null) {
            listener.progress(progress);
        }
    }

    /**
     * Passes the frame on to live followers as the frame of the line that is to get the next seq; it is never
     * stored, numbered, classified or counted against a cap: only the line it ends up as is.
     */
    @Override
    public void frame(LogStream stream, String text) {
        synchronized (appendLock) {
            live.frame(new FollowEvent.Frame(seq + 1, stream, text.stripTrailing()));
        }
    }

    /** Called once no more lines come: the end is passed on once every line is stored. */
    @Override
    public void exited(int exitCode) {
        storeQueue.drain();
        listener.exited(exitCode);
    }

    /** {@code summary} followed by the run's last stderr lines, for an error message. */
    public String withStderrTail(String summary) {
        return stderrTail.quotedAfter(summary);
    }

    /** What storage did not take of this run's lines; complete once the exit is passed on. */
    public StorageLoss storageLoss() {
        return storageLoss;
    }

    /** Capture times never go backwards within a run, so {@code since} filters and seq order agree. */
    private Instant captureTime() {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        if (now.isBefore(lastTimestamp)) {
            now = lastTimestamp;
        }
        lastTimestamp = now;
        return now;
    }

    private void storeAndRelease(List<LogEntry> batch, List<byte[]> utf8) {
        long started = System.nanoTime();
        store(batch, utf8);
        metrics.linesStored(batch.size(), System.nanoTime() - started);
        cap.stored(batch, utf8);
        live.persisted(batch.getLast().seq());
        listener.stored(batch.getLast().seq());
    }

    /**
     * Writes a batch, retrying a failing store a few times (the module waits meanwhile: its pipe fills up).
     * A store that keeps failing loses the batch from storage, never from live followers: the failure is logged
     * once with its cause, counted in {@link #storageLoss}, and reported to the listener, which stops the run.
     * Later batches are not written either, so that what is stored has no gap.
     */
    private void store(List<LogEntry> batch, List<byte[]> utf8) {
        if (storageLoss.happened()) {
            storageLoss.failed(null, batch.size());
            return;
        }
        for (int attempt = 1; ; attempt++) {
            try {
                store.append(runId, batch, utf8);
                return;
            } catch (RuntimeException failure) {
                if (attempt == STORE_ATTEMPTS) {
                    LOG.log(System.Logger.Level.ERROR, "storing lines from " + batch.getFirst().seq() + " of "
                            + runId + " failed; the run is stopped and its later lines are not stored", failure);
                    storageLoss.failed(failure, batch.size());
                    listener.storageFailed(failure);
                    return;
                }
                LOG.log(System.Logger.Level.WARNING, "storing output of " + runId + " failed, retrying: " + failure);
                pause(Duration.ofMillis(100L << attempt));
            }
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
