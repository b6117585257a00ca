package org.prismq.runner.adapters.http.metrics;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;

import org.prismq.runner.application.port.out.RunMetrics;
import org.prismq.runner.domain.catalog.ModuleId;
import org.prismq.runner.domain.log.LogStream;
import org.prismq.runner.domain.run.RunStatus;

/**
 * The service's metrics in a Prometheus registry of their own, with the JVM's (memory, GC, threads, ...), written
 * on demand in the Prometheus text format or OpenMetrics ({@link #scrape}). The engine feeds it through
 * {@link RunMetrics}; the HTTP adapter tells it of log streams and launches it refused; gauges of state are read
 * at each scrape from the suppliers given to {@link #watchRuns} and {@link #watchOpenStreams}. Every label has a
 * bounded set of values: module ids (bounded by the catalog), statuses, streams and error codes, never run ids.
 * Thread-safe; recording a value never blocks and allocates nothing once a label set has been seen.
 */
public final class PrometheusMetrics implements RunMetrics {

    /** Store writes take from well under a millisecond (a small batch) to seconds (a retried, failing store). */
    private static final double[] STORE_WRITE_BOUNDS =
            {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final ExpositionFormats formats = ExpositionFormats.init();
    private final Counter runsStarted;
    private final Counter runsEnded;
    /** The captured lines and bytes of each stream, by ordinal: looked up once, not per batch. */
    private final CounterDataPoint[] linesCaptured;
    private final CounterDataPoint[] bytesCaptured;
    private final Histogram storeWrites;
    private final Counter sseEvents;
    private final Counter launchesRefused;
    /** Lines captured and lines that left the store queue: their difference is the queue's depth. */
    private final LongAdder linesQueued = new LongAdder();
    private final LongAdder linesLeftQueue = new LongAdder();
    private volatile IntSupplier queuedRuns = () -> 0;
    private volatile IntSupplier runningRuns = () -> 0;
    private volatile IntSupplier waitingRuns = () -> 0;
    private volatile IntSupplier openStreams = () -> 0;

    /** Registers every metric, the JVM's included. */
    public PrometheusMetrics() {
        runsStarted = Counter.builder().name("prismq_runs_started_total")
                .help("Runs whose process this node started, by module").labelNames("module").register(registry);
        runsEnded = Counter.builder().name("prismq_runs_ended_total")
                .help("Runs ended, by module and final status").labelNames("module", "status").register(registry);
        gauge("prismq_runs_queued", "Runs waiting in the queue for a slot", () -> queuedRuns);
        gauge("prismq_runs_running", "Runs executing on this node", () -> runningRuns);
        gauge("prismq_runs_waiting_for_resources", "Runs held back until the host has the resources they need",
                () -> waitingRuns);
        linesCaptured = byStream(Counter.builder().name("prismq_log_lines_captured_total")
                .help("Output lines captured from modules, by stream").labelNames("stream").register(registry));
        bytesCaptured = byStream(Counter.builder().name("prismq_log_bytes_captured_total")
                .help("UTF-8 bytes of the output lines captured (without line ends and trailing white space), by "
                        + "stream")
                .labelNames("stream").register(registry));
        storeWrites = Histogram.builder().name("prismq_store_write_seconds").unit(Unit.SECONDS)
                .help("Time of one write of captured lines to storage, retries included").classicOnly()
                .classicUpperBounds(STORE_WRITE_BOUNDS).register(registry);
        GaugeWithCallback.builder().name("prismq_store_queue_lines")
                .help("Lines captured and not yet written to storage")
                .callback(callback -> callback.call(Math.max(0, linesQueued.sum() - linesLeftQueue.sum())))
                .register(registry);
        gauge("prismq_log_streams_open", "Open log streams (Server-Sent Events)", () -> openStreams);
        sseEvents = Counter.builder().name("prismq_sse_events_sent_total")
                .help("Server-Sent Events written to log streams (lines, status changes, ends)").register(registry);
        launchesRefused = Counter.builder().name("prismq_launches_refused_total")
                .help("Launches refused, by reason (the error code of the answer)").labelNames("reason")
                .register(registry);
        JvmMetrics.builder().register(registry);
    }

    /**
     * Where the run gauges read their values at each scrape; each supplier must be cheap and thread-safe.
     *
     * @param waiting runs admitted but held back for resources; {@code () -> 0} while nothing holds runs back
     */
    public void watchRuns(IntSupplier queued, IntSupplier running, IntSupplier waiting) {
        this.queuedRuns = Objects.requireNonNull(queued, "queued");
        this.runningRuns = Objects.requireNonNull(running, "running");
        this.waitingRuns = Objects.requireNonNull(waiting, "waiting");
    }

    /** Where the open log streams gauge reads its value. */
    public void watchOpenStreams(IntSupplier open) {
        this.openStreams = Objects.requireNonNull(open, "open");
    }

    @Override
    public void runStarted(ModuleId module) {
        runsStarted.labelValues(module.value()).inc();
    }

    @Override
    public void runEnded(ModuleId module, RunStatus status) {
        runsEnded.labelValues(module.value(), status.wireName()).inc();
    }

    @Override
    public void linesCaptured(LogStream stream, int lines, long bytes) {
        linesCaptured[stream.ordinal()].inc(lines);
        bytesCaptured[stream.ordinal()].inc(bytes);
        linesQueued.add(lines);
    }

    @Override
    public void linesStored(int lines, long nanos) {
        linesLeftQueue.add(lines);
        storeWrites.observe(nanos / (double) TimeUnit.SECONDS.toNanos(1));
    }

    /** {@code events} Server-Sent Events were written to a client. */
    public void sseEventsSent(int events) {
        sseEvents.inc(events);
    }

    /** A launch was refused with error code {@code reason}, one of a fixed set. */
    public void launchRefused(String reason) {
        launchesRefused.labelValues(reason).inc();
    }

    /**
     * Every metric's current value in the format that {@code accept} (an HTTP {@code Accept} header, or
     * {@code null}) prefers among those this library writes: OpenMetrics when asked for, else the Prometheus text
     * format.
     */
    public Scrape scrape(String accept) {
        ExpositionFormatWriter writer = formats.findWriter(accept);
        if (!writer.isAvailable()) {
            writer = formats.getPrometheusTextFormatWriter();
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream(16 * 1024);
        try {
            writer.write(body, registry.scrape(), EscapingScheme.fromAcceptHeader(accept));
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible);
        }
        return new Scrape(writer.getContentType(), body.toByteArray());
    }

    /** Every stream's data point, so that both appear from the start, at 0. */
    private static CounterDataPoint[] byStream(Counter counter) {
        LogStream[] streams = LogStream.values();
        CounterDataPoint[] points = new CounterDataPoint[streams.length];
        for (LogStream stream : streams) {
            points[stream.ordinal()] = counter.labelValues(stream.wireName());
        }
        return points;
    }

    private void gauge(String name, String help, Supplier<IntSupplier> source) {
        GaugeWithCallback.builder().name(name).help(help)
                .callback(callback -> callback.call(source.get().getAsInt())).register(registry);
    }

    /** A scrape's answer: its {@code Content-Type} and body. */
    public record Scrape(String contentType, byte[] body) {

        public Scrape {
            Objects.requireNonNull(contentType, "contentType");
            Objects.requireNonNull(body, "body");
        }
    }
}
