package org.prismq.runner.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Capture with one live reader: the flood generator of {@link CaptureScenario} prints N lines while one SSE reader
 * follows the run from its first line; lines/s from the launch request to the moment the reader has the
 * {@code complete} event, which comes only after every line. The reader checks every line as it goes (the next
 * seq, and the generator's {@code n=} equal to it). Each run is paired with the same baseline as capture, the
 * generator into a file; the medians are compared. Then the last run, ended, is read again from its first line
 * as many times, as a browser that comes back to it does: every line then comes from storage.
 */
final class CaptureReaderScenario {

    private static final double TARGET_RATIO = 0.4;

    private CaptureReaderScenario() {
    }

    static void run(Bench bench) throws IOException, InterruptedException {
        BenchOptions options = bench.options();
        Report report = bench.report();
        long lines = options.captureLines();
        ServiceProcess service = bench.startService("capture-reader", List.of(), List.of());
        try (ReadLoops loops = LiveScenario.loops(options, "capture-read-loop-")) {
            Api api = new Api(service.url());
            InetSocketAddress address = new InetSocketAddress("127.0.0.1", service.url().getPort());
            long[] baseline = new long[options.captureRepeat()];
            long[] measured = new long[options.captureRepeat()];
            long[] cpu = new long[options.captureRepeat()];
            long[] readerCpu = new long[options.captureRepeat()];
            List<String> problems = new ArrayList<>();
            long delivered = 0;
            String lastRun = null;
            // The warm-up runs (r < 0) are read the same way, so that the reader's path is compiled too.
            for (int r = -options.captureWarmup(); r < options.captureRepeat(); r++) {
                if (r >= 0) {
                    baseline[r] = bench.floodToFile(lines);
                }
                long cpuStart = service.cpuNanos();
                long readerCpuStart = Bench.ownCpuNanos();
                long start = System.nanoTime();
                String runId = api.launch(Catalog.FLOOD, Map.of("lines", lines));
                SseReader reader = new SseReader(address, "/api/runs/" + runId + "/logs/stream", new Semaphore(1),
                        new CountDownLatch(1), Long.MAX_VALUE, 120_000, loops);
                LiveScenario.readerThread(options.readers()).name("capture-reader-" + (r + options.captureWarmup()))
                        .start(reader);
                boolean finished = reader.finished().await(60 + lines / 20_000, TimeUnit.SECONDS);
                long took = System.nanoTime() - start;
                long cpuTaken = service.cpuNanos() - cpuStart;
                long readerCpuTaken = Bench.ownCpuNanos() - readerCpuStart;
                reader.abort();
                if (r >= 0) {
                    measured[r] = took;
                    cpu[r] = cpuTaken;
                    readerCpu[r] = readerCpuTaken;
                    delivered += reader.lines();
                    lastRun = runId;
                }
                String problem = !finished ? "the reader did not finish in time"
                        : reader.error() != null ? reader.error()
                        : reader.lines() != lines ? "the reader received " + reader.lines() + " lines"
                        : !reader.completed() || reader.completeId() != lines
                                ? "complete event missing or with id " + reader.completeId()
                        : null;
                if (problem != null) {
                    problems.add((r < 0 ? "warm-up run " : "") + runId + ": " + problem + ", expected " + lines
                            + " lines");
                }
            }
            double rate = lines / CaptureScenario.seconds(CaptureScenario.median(measured));
            double baseRate = lines / CaptureScenario.seconds(CaptureScenario.median(baseline));
            report.target("capture_reader.throughput", rate, "lines/s", baseRate, rate >= baseRate * TARGET_RATIO,
                    String.format(">= %.2fx baseline (median of ", TARGET_RATIO) + measured.length + " runs of "
                            + String.format("%,d", lines) + " lines, each to one SSE reader that gets every line"
                            + CaptureScenario.afterWarmup(options) + "; baseline: generator > file)");
            report.note("service runs (s): " + CaptureScenario.times(measured) + "; baseline runs (s): "
                    + CaptureScenario.times(baseline));
            report.info("capture_reader.service_cpu_per_line", CaptureScenario.median(cpu) / 1000.0 / lines * 1000,
                    "ns", null, "CPU time of the service per line captured and sent to the reader (median)");
            report.info("capture_reader.reader_cpu_per_line",
                    CaptureScenario.median(readerCpu) / 1000.0 / lines * 1000, "ns", null,
                    "CPU time of the bench per line read and checked, on the same cores (median)");
            if (lastRun != null) {
                delivered += replay(bench, service, loops, address, lastRun, rate, problems);
            }
            report.check("capture_reader.correctness", delivered, "lines delivered in order to the readers",
                    problems.isEmpty() ? null : String.join("; ", problems));
        } finally {
            bench.stopService(service, "capture-reader");
        }
    }

    /**
     * Reads the ended run {@code runId} from its first line, once per counted run, and reports the median; returns
     * the lines delivered, adding what went wrong to {@code problems}.
     */
    private static long replay(Bench bench, ServiceProcess service, ReadLoops loops, InetSocketAddress address,
                               String runId, double liveRate, List<String> problems)
            throws IOException, InterruptedException {
        BenchOptions options = bench.options();
        long lines = options.captureLines();
        long[] measured = new long[options.captureRepeat()];
        long[] cpu = new long[options.captureRepeat()];
        long delivered = 0;
        for (int r = 0; r < measured.length; r++) {
            long cpuStart = service.cpuNanos();
            long start = System.nanoTime();
            SseReader reader = new SseReader(address, "/api/runs/" + runId + "/logs/stream", new Semaphore(1),
                    new CountDownLatch(1), Long.MAX_VALUE, 120_000, loops);
            LiveScenario.readerThread(options.readers()).name("capture-replay-" + r).start(reader);
            boolean finished = reader.finished().await(60 + lines / 20_000, TimeUnit.SECONDS);
            measured[r] = System.nanoTime() - start;
            cpu[r] = service.cpuNanos() - cpuStart;
            reader.abort();
            delivered += reader.lines();
            String problem = !finished ? "the replay did not finish in time"
                    : reader.error() != null ? reader.error()
                    : reader.lines() != lines || reader.completeId() != lines
                            ? "the replay received " + reader.lines() + " lines, complete id " + reader.completeId()
                    : null;
            if (problem != null) {
                problems.add("replay of " + runId + ": " + problem + ", expected " + lines + " lines");
            }
        }
        Report report = bench.report();
        report.info("capture_reader.replay", lines / CaptureScenario.seconds(CaptureScenario.median(measured)),
                "lines/s", liveRate, "the ended run read again from its first line, all from storage (median of "
                        + measured.length + "; baseline: the same run read live)");
        report.info("capture_reader.replay_cpu_per_line", CaptureScenario.median(cpu) / 1000.0 / lines * 1000, "ns",
                null, "CPU time of the service per line read from storage and sent (median)");
        return delivered;
    }
}
