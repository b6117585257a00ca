package org.prismq.runner.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Figure 4, idle connections: K SSE streams on one run that printed one line and then waits. Once all are open
 * they are held past a keepalive interval; then the live heap, the OS threads, the resident memory and the CPU the
 * service spent holding them are compared with the same service before the streams opened. Every stream must get
 * its line, at least one keepalive, and the {@code complete} event when the run ends.
 */
final class IdleScenario {

    private IdleScenario() {
    }

    static void run(Bench bench) throws IOException, InterruptedException {
        BenchOptions options = bench.options();
        Report report = bench.report();
        int streams = options.idleStreams();
        // The streams, and room for the API calls beside them: the default cap is half the descriptor limit.
        ServiceProcess service = bench.startService("idle", List.of(),
                List.of("--keepalive", String.valueOf(options.idleKeepaliveSeconds()),
                        "--max-connections", String.valueOf(streams + 100)));
        List<SseReader> readers = new ArrayList<>();
        try {
            Api api = new Api(service.url());
            Path stopFile = bench.workDir().resolve("idle.stop");
            String runId = api.launch(Catalog.IDLE, Map.of("start_file", stopFile.toString()));
            api.awaitStatus(runId, Set.of("running"), Duration.ofSeconds(60), 20);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (api.totalLines(runId) < 1 && System.nanoTime() - deadline < 0) {
                Thread.sleep(20);
            }
            long heapBefore = service.liveHeapBytes();
            long threadsBefore = service.threads();
            long rssBefore = service.rssBytes();

            InetSocketAddress address = new InetSocketAddress("127.0.0.1", service.url().getPort());
            Semaphore slots = new Semaphore(LiveScenario.CONNECT_SLOTS);
            CountDownLatch connected = new CountDownLatch(streams);
            long connectStart = System.nanoTime();
            for (int i = 0; i < streams; i++) {
                SseReader reader = new SseReader(address, "/api/runs/" + runId + "/logs/stream", slots, connected,
                        Long.MAX_VALUE, 600_000, null);
                readers.add(reader);
                Thread.ofVirtual().name("idle-reader-" + i).start(reader);
            }
            if (!connected.await(600, TimeUnit.SECONDS)) {
                throw new IOException("the streams did not open within 600 s");
            }
            double connectSeconds = (System.nanoTime() - connectStart) / 1e9;
            long retries = readers.stream().mapToLong(r -> r.connectAttempts() - 1).sum();
            if (retries > 0) {
                report.note(retries + " connection(s) got no answer within 10 s and were opened again");
            }
            long cpuStart = service.cpuNanos();
            long holdStart = System.nanoTime();
            Thread.sleep(TimeUnit.SECONDS.toMillis(options.idleHoldSeconds()));
            double cpuPercent = 100.0 * (service.cpuNanos() - cpuStart) / (System.nanoTime() - holdStart);
            long threadsWith = service.threads();
            long rssWith = service.rssBytes();
            long heapWith = service.liveHeapBytes();
            long open = readers.stream().filter(r -> r.error() == null && r.finished().getCount() > 0).count();
            long withKeepalive = readers.stream().filter(r -> r.keepalives() > 0).count();

            Files.writeString(stopFile, "stop");
            long endDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
            for (SseReader reader : readers) {
                reader.finished().await(Math.max(0, endDeadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
            readers.forEach(SseReader::abort);
            long good = readers.stream().filter(r -> r.error() == null && r.lines() == 1 && r.completed()
                    && r.completeId() == 1 && r.keepalives() > 0).count();
            String firstProblem = readers.stream().filter(r -> r.error() != null).map(SseReader::error).findFirst()
                    .orElse(null);
            List<String> problems = new ArrayList<>();
            if (open != streams) {
                problems.add((streams - open) + " streams were not open at the end of the hold");
            }
            if (withKeepalive != streams) {
                problems.add((streams - withKeepalive) + " streams got no keepalive");
            }
            if (good != streams) {
                problems.add((streams - good) + " streams did not get their line, a keepalive and complete"
                        + (firstProblem == null ? "" : ", e.g. " + firstProblem));
            }
            String status = api.status(runId);
            if (!status.equals("completed")) {
                problems.add("the run ended " + status);
            }

            report.target("idle.heap", heapWith / 1e6, "MB", heapBefore / 1e6, heapWith >= 0 && heapWith < 512e6,
                    "< 512 MB (live heap after a full GC with " + String.format("%,d", streams)
                            + " open streams; baseline: before they opened)");
            report.info("idle.threads", threadsWith, "threads", (double) threadsBefore, "OS threads of the service");
            report.info("idle.rss", rssWith / 1e6, "MB", rssBefore / 1e6, "resident memory of the service");
            report.info("idle.service_cpu", cpuPercent, "%", null, "of one core while holding the streams "
                    + options.idleHoldSeconds() + " s, keepalive every " + options.idleKeepaliveSeconds() + " s");
            report.info("idle.connect_time", connectSeconds * 1000, "ms", null, "to open every stream");
            report.check("idle.correctness", good, "streams with their line, keepalives and complete",
                    problems.isEmpty() ? null : String.join("; ", problems));
        } finally {
            readers.forEach(SseReader::abort);
            bench.stopService(service, "idle");
        }
    }
}
