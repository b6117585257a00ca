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
            QuietMachine quiet = new QuietMachine();
            for (int r = -options.captureWarmup(); r < options.captureRepeat(); r++) {
                if (r >= 0) {
                    quiet.settle();
                    baseline[r] = bench.floodToFile(lines);
                    quiet.settle();
                }
                long cpuStart = service.cpuNanos();
                long readerCpuStart = Bench.ownCpuNanos();
                long start = System.nanoTime();
                String runId = api.launch(Catalog.FLOOD, Map.of("lines", lines));
                SseReader reader = reader(address, runId, loops);
                boolean finished = readToEnd(reader, options, "capture-reader-" + (r + options.captureWarmup()));
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
                String problem = problem(reader, finished, lines);
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
            if (quiet.summary() != null) {
                report.note(quiet.summary());
            }
            report.info("capture_reader.service_cpu_per_line", perLine(cpu, lines),
                    "ns", null, "CPU time of the service per line captured and sent to the reader (median)");
            report.info("capture_reader.reader_cpu_per_line", perLine(readerCpu, lines), "ns", null,
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
        QuietMachine quiet = new QuietMachine();
        for (int r = 0; r < measured.length; r++) {
            quiet.settle();
            long cpuStart = service.cpuNanos();
            long start = System.nanoTime();
            SseReader reader = reader(address, runId, loops);
            boolean finished = readToEnd(reader, options, "capture-replay-" + r);
            measured[r] = System.nanoTime() - start;
            cpu[r] = service.cpuNanos() - cpuStart;
            reader.abort();
            delivered += reader.lines();
            String problem = problem(reader, finished, lines);
            if (problem != null) {
                problems.add("replay of " + runId + ": " + problem + ", expected " + lines + " lines");
            }
        }
        Report report = bench.report();
        report.info("capture_reader.replay", lines / CaptureScenario.seconds(CaptureScenario.median(measured)),
                "lines/s", liveRate, "the ended run read again from its first line, all from storage (median of "
                        + measured.length + "; baseline: the same run read live)");
        report.info("capture_reader.replay_cpu_per_line", perLine(cpu, lines), "ns",
                null, "CPU time of the service per line read from storage and sent (median)");
        return delivered;
    }

    /** A reader of the run {@code runId}'s stream from its first line, not yet started. */
    private static SseReader reader(InetSocketAddress address, String runId, ReadLoops loops) {
        return new SseReader(address, "/api/runs/" + runId + "/logs/stream", new Semaphore(1), new CountDownLatch(1),
                Long.MAX_VALUE, 120_000, loops);
    }

    /** Starts {@code reader} on a thread called {@code name}; whether it finished in the time a run may take. */
    private static boolean readToEnd(SseReader reader, BenchOptions options, String name)
            throws InterruptedException {
        LiveScenario.readerThread(options.readers()).name(name).start(reader);
        return reader.finished().await(60 + options.captureLines() / 20_000, TimeUnit.SECONDS);
    }

    /** What is wrong with a read of a run of {@code lines} lines, or {@code null} when it got them all. */
    private static String problem(SseReader reader, boolean finished, long lines) {
        return !finished ? "the reader did not finish in time"
                : reader.error() != null ? reader.error()
                : reader.lines() != lines ? "the reader received " + reader.lines() + " lines"
                : !reader.completed() || reader.completeId() != lines
                        ? "complete event missing or with id " + reader.completeId()
                : null;
    }

    /** The median of {@code cpu}, in nanoseconds a line of {@code lines}. */
    private static double perLine(long[] cpu, long lines) {
        return CaptureScenario.median(cpu) / (double) lines;
    }
}
