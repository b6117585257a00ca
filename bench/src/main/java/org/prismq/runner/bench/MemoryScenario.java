package org.prismq.runner.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Figure 5, memory bound: the service runs with a small heap ({@code -Xmx256m}) and the flood generator prints
 * ten million lines. The run must complete with every line stored in order, and the service must stay up with no
 * {@code OutOfMemoryError} in its log. Reported beside it: the rate against the generator into a file, the peak
 * resident memory, and the live heap afterwards.
 */
final class MemoryScenario {

    private MemoryScenario() {
    }

    static void run(Bench bench) throws IOException, InterruptedException {
        BenchOptions options = bench.options();
        Report report = bench.report();
        long lines = options.memoryLines();
        long baseline = bench.floodToFile(lines);
        ServiceProcess service = bench.startService("memory", List.of("-Xmx" + options.memoryHeap()), List.of());
        try {
            Api api = new Api(service.url());
            long start = System.nanoTime();
            String runId = api.launch(Catalog.FLOOD, Map.of("lines", lines));
            String status = api.awaitStatus(runId, Api.TERMINAL, Duration.ofSeconds(120 + lines / 10_000), 20);
            long elapsed = System.nanoTime() - start;
            List<String> problems = new ArrayList<>();
            if (!status.equals("completed")) {
                problems.add("the run ended " + status);
            }
            long stored = api.totalLines(runId);
            if (stored != lines) {
                problems.add(stored + " lines stored, expected " + lines);
            }
            String download = api.verifyDownload(runId, lines);
            if (download != null) {
                problems.add(download);
            }
            long peakRss = service.peakRssBytes();
            long heapAfter = service.liveHeapBytes();
            if (!service.isAlive()) {
                problems.add("the service died");
            }
            if (Files.readString(service.log()).contains("OutOfMemoryError")) {
                problems.add("the service log reports an OutOfMemoryError");
            }
            double rate = lines / (elapsed / 1e9);
            report.check("memory.completed", stored, "lines stored in order with -Xmx" + options.memoryHeap(),
                    problems.isEmpty() ? null : String.join("; ", problems));
            report.info("memory.throughput", rate, "lines/s", lines / (baseline / 1e9),
                    "(baseline: generator > file)");
            report.info("memory.peak_rss", peakRss / 1e6, "MB", null, "peak resident memory of the service");
            report.info("memory.heap_after", heapAfter / 1e6, "MB", null, "live heap after the run, after a full GC");
        } finally {
            bench.stopService(service, "memory");
        }
    }
}
