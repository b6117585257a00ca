package org.prismq.runner.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Figure 1, capture throughput: the flood generator prints N lines; lines/s from the launch request to the
 * moment the run reads {@code completed} (which the service records only once every line is stored). Each run
 * is paired with a baseline run of the same generator into a file; the medians are compared. Afterwards every
 * run's stored lines are counted and downloaded, in order.
 */
final class CaptureScenario {

    private CaptureScenario() {
    }

    static void run(Bench bench) throws IOException, InterruptedException {
        BenchOptions options = bench.options();
        Report report = bench.report();
        long lines = options.captureLines();
        ServiceProcess service = bench.startService("capture", List.of(), List.of());
        try {
            Api api = new Api(service.url());
            long[] baseline = new long[options.captureRepeat()];
            long[] measured = new long[options.captureRepeat()];
            long[] cpu = new long[options.captureRepeat()];
            List<String> problems = new ArrayList<>();
            List<String> runIds = new ArrayList<>();
            for (int r = 0; r < options.captureRepeat(); r++) {
                baseline[r] = bench.floodToFile(lines);
                long cpuStart = service.cpuNanos();
                long start = System.nanoTime();
                String runId = api.launch(Catalog.FLOOD, Map.of("lines", lines));
                String status = api.awaitStatus(runId, Api.TERMINAL, Duration.ofSeconds(60 + lines / 20_000), 5);
                measured[r] = System.nanoTime() - start;
                cpu[r] = service.cpuNanos() - cpuStart;
                runIds.add(runId);
                if (!status.equals("completed")) {
                    problems.add(runId + " ended " + status);
                }
            }
            long stored = 0;
            for (String runId : runIds) {
                long total = api.totalLines(runId);
                stored += total;
                if (total != lines) {
                    problems.add(runId + " stored " + total + " lines, expected " + lines);
                }
                String download = api.verifyDownload(runId, lines);
                if (download != null) {
                    problems.add(runId + ": " + download);
                }
            }
            double rate = lines / seconds(median(measured));
            double baseRate = lines / seconds(median(baseline));
            report.target("capture.throughput", rate, "lines/s", baseRate,
                    rate >= 1_000_000 && rate >= baseRate / 2,
                    ">= 1,000,000 lines/s and >= 0.50x baseline (median of " + measured.length + " runs of "
                            + String.format("%,d", lines) + " lines; baseline: generator > file)");
            report.note("service runs (s): " + times(measured) + "; baseline runs (s): " + times(baseline));
            report.info("capture.service_cpu_per_line", median(cpu) / 1000.0 / lines * 1000, "ns", null,
                    "CPU time of the service per line captured (median): steadier than lines/s on a busy machine");
            report.check("capture.correctness", stored, "lines stored in order",
                    problems.isEmpty() ? null : String.join("; ", problems));
        } finally {
            bench.stopService(service, "capture");
        }
    }

    static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    static double seconds(long nanos) {
        return nanos / 1e9;
    }

    static String times(long[] nanos) {
        return Arrays.stream(nanos).mapToObj(n -> String.format("%.3f", seconds(n))).collect(Collectors.joining(" "));
    }
}
