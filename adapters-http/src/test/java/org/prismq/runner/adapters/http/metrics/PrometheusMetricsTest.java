package org.prismq.runner.adapters.http.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import org.prismq.runner.domain.catalog.ModuleId;
import org.prismq.runner.domain.log.LogStream;
import org.prismq.runner.domain.run.RunStatus;

class PrometheusMetricsTest {

    private final PrometheusMetrics metrics = new PrometheusMetrics();

    private String text() {
        PrometheusMetrics.Scrape scrape = metrics.scrape(null);
        assertEquals("text/plain; version=0.0.4; charset=utf-8", scrape.contentType());
        return new String(scrape.body(), StandardCharsets.UTF_8);
    }

    private void assertLine(String text, String line) {
        assertTrue(Arrays.asList(text.split("\n")).contains(line), () -> "no line '" + line + "' in:\n" + text);
    }

    @Test
    void runsAreCountedByModuleAndFinalStatus() {
        ModuleId module = new ModuleId("report");
        metrics.runStarted(module);
        metrics.runStarted(module);
        metrics.runEnded(module, RunStatus.COMPLETED);
        metrics.runEnded(module, RunStatus.FAILED);
        metrics.runEnded(new ModuleId("other"), RunStatus.CANCELLED);

        String text = text();
        assertLine(text, "# TYPE prismq_runs_started_total counter");
        assertLine(text, "prismq_runs_started_total{module=\"report\"} 2.0");
        assertLine(text, "prismq_runs_ended_total{module=\"report\",status=\"completed\"} 1.0");
        assertLine(text, "prismq_runs_ended_total{module=\"report\",status=\"failed\"} 1.0");
        assertLine(text, "prismq_runs_ended_total{module=\"other\",status=\"cancelled\"} 1.0");
    }

    @Test
    void capturedLinesAndBytesAreCountedByStreamAndBothStreamsShowFromTheStart() {
        assertLine(text(), "prismq_log_lines_captured_total{stream=\"stderr\"} 0.0");

        metrics.linesCaptured(LogStream.STDOUT, 3, 120);
        metrics.linesCaptured(LogStream.STDOUT, 2, 80);
        metrics.linesCaptured(LogStream.STDERR, 1, 7);

        String text = text();
        assertLine(text, "prismq_log_lines_captured_total{stream=\"stdout\"} 5.0");
        assertLine(text, "prismq_log_bytes_captured_total{stream=\"stdout\"} 200.0");
        assertLine(text, "prismq_log_lines_captured_total{stream=\"stderr\"} 1.0");
        assertLine(text, "prismq_log_bytes_captured_total{stream=\"stderr\"} 7.0");
    }

    @Test
    void theStoreQueueHoldsTheLinesCapturedAndNotYetWrittenAndWritesAreTimed() {
        metrics.linesCaptured(LogStream.STDOUT, 10, 100);
        metrics.linesCaptured(LogStream.STDERR, 5, 50);
        assertLine(text(), "prismq_store_queue_lines 15.0");

        metrics.linesStored(12, TimeUnit.MILLISECONDS.toNanos(3));

        String text = text();
        assertLine(text, "prismq_store_queue_lines 3.0");
        assertLine(text, "# TYPE prismq_store_write_seconds histogram");
        assertLine(text, "prismq_store_write_seconds_bucket{le=\"0.0025\"} 0");
        assertLine(text, "prismq_store_write_seconds_bucket{le=\"0.005\"} 1");
        assertLine(text, "prismq_store_write_seconds_count 1");
        assertLine(text, "prismq_store_write_seconds_sum 0.003");
    }

    @Test
    void gaugesReadTheirSourcesAtEachScrapeAndAreZeroUntilWatched() {
        assertLine(text(), "prismq_runs_queued 0.0");
        AtomicInteger queued = new AtomicInteger(4);
        AtomicInteger open = new AtomicInteger(2);
        metrics.watchRuns(queued::get, () -> 3, () -> 1);
        metrics.watchOpenStreams(open::get);

        String text = text();
        assertLine(text, "prismq_runs_queued 4.0");
        assertLine(text, "prismq_runs_running 3.0");
        assertLine(text, "prismq_runs_waiting_for_resources 1.0");
        assertLine(text, "prismq_log_streams_open 2.0");

        queued.set(0);
        open.set(7);
        assertLine(text(), "prismq_runs_queued 0.0");
        assertLine(text(), "prismq_log_streams_open 7.0");
    }

    @Test
    void sseEventsAndRefusedLaunchesAreCounted() {
        metrics.sseEventsSent(100);
        metrics.sseEventsSent(1);
        metrics.launchRefused("queue_full");
        metrics.launchRefused("queue_full");
        metrics.launchRefused("invalid_parameters");

        String text = text();
        assertLine(text, "prismq_sse_events_sent_total 101.0");
        assertLine(text, "prismq_launches_refused_total{reason=\"queue_full\"} 2.0");
        assertLine(text, "prismq_launches_refused_total{reason=\"invalid_parameters\"} 1.0");
    }

    @Test
    void theJvmsOwnMetricsAreIncluded() {
        String text = text();
        assertTrue(text.contains("\n# TYPE jvm_memory_used_bytes gauge\n"), text);
        assertTrue(text.contains("\n# TYPE jvm_threads_current gauge\n"), text);
        assertTrue(text.contains("\njvm_gc_collection_seconds_count{"), text);
    }

    @Test
    void openMetricsIsWrittenWhenTheAcceptHeaderAsksForIt() {
        metrics.runStarted(new ModuleId("report"));

        PrometheusMetrics.Scrape scrape = metrics.scrape("application/openmetrics-text; version=1.0.0; charset=utf-8");
        String text = new String(scrape.body(), StandardCharsets.UTF_8);

        assertTrue(scrape.contentType().startsWith("application/openmetrics-text; version=1.0.0"),
                scrape.contentType());
        assertLine(text, "# TYPE prismq_runs_started counter");
        assertLine(text, "prismq_runs_started_total{module=\"report\"} 1.0");
        assertTrue(text.endsWith("# EOF\n"));
    }

    @Test
    void anAcceptHeaderForAFormatNotWrittenGetsTheTextFormat() {
        PrometheusMetrics.Scrape scrape = metrics.scrape(
                "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited");

        assertEquals("text/plain; version=0.0.4; charset=utf-8", scrape.contentType());
        assertFalse(new String(scrape.body(), StandardCharsets.UTF_8).isEmpty());
    }
}
