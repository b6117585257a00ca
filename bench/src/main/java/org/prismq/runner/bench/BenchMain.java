package org.prismq.runner.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The benchmark of PrismQ Runner: starts the packaged service as a child process once per scenario, drives it over
 * HTTP and SSE on 127.0.0.1 with generator modules, checks every line arrived in order, and prints one line per
 * figure with its baseline, then a summary. Exits 0 when every correctness check passed (targets missed are
 * reported, not fatal), 1 when a check failed or a scenario broke, 2 on bad options.
 */
public final class BenchMain {

    private BenchMain() {
    }

    public static void main(String[] args) throws IOException {
        PrintStream out = System.out;
        if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
            out.print(BenchOptions.USAGE);
            return;
        }
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (IllegalArgumentException bad) {
            System.err.println("prismq-runner-bench: " + bad.getMessage());
            System.err.print(BenchOptions.USAGE);
            System.exit(2);
            return;
        }
        if (!Files.isRegularFile(options.serviceJar())) {
            System.err.println("prismq-runner-bench: the service jar " + options.serviceJar().toAbsolutePath()
                    + " is missing: build it with mvn -B -q -Pbench -DskipTests package, or pass --service-jar");
            System.exit(2);
        }
        Path workDir = Files.createTempDirectory("prismq-bench-");
        Report report = new Report(out);
        Bench bench = new Bench(options, report, workDir);
        Thread cleanup = Thread.ofPlatform().unstarted(bench::stopAll);
        Runtime.getRuntime().addShutdownHook(cleanup);
        out.printf("PrismQ Runner benchmark: %s on %d cores, Java %s; scenarios %s%n",
                System.getProperty("os.name"), Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), options.scenarios());
        long start = System.nanoTime();
        boolean broken = false;
        for (String scenario : options.scenarios()) {
            out.println("[" + scenario + "] load average before: " + loadAverage());
            try {
                switch (scenario) {
                    case "capture" -> CaptureScenario.run(bench);
                    case "capture-reader" -> CaptureReaderScenario.run(bench);
                    case "latency" -> LiveScenario.latency(bench);
                    case "fanout" -> LiveScenario.fanout(bench);
                    case "idle" -> IdleScenario.run(bench);
                    case "memory" -> MemoryScenario.run(bench);
                    case "search" -> SearchScenario.run(bench);
                    default -> throw new IllegalStateException(scenario);
                }
            } catch (IOException | RuntimeException | InterruptedException failure) {
                broken = true;
                report.check(scenario + ".correctness", 0, "", "the scenario broke: " + failure);
                if (failure instanceof InterruptedException) {
                    break;
                }
            }
        }
        boolean passed = report.summary((System.nanoTime() - start) / 1_000_000_000L);
        bench.stopAll();
        if (options.keep()) {
            out.println("kept " + workDir);
        } else {
            deleteTree(workDir);
        }
        Runtime.getRuntime().removeShutdownHook(cleanup);
        System.exit(passed && !broken ? 0 : 1);
    }

    /** The host's 1, 5 and 15 minute load averages (Linux), which tell how noisy the figures may be. */
    private static String loadAverage() {
        Path file = Path.of("/proc/loadavg");
        try {
            String[] fields = Files.readString(file).split("\\s+");
            return fields[0] + " " + fields[1] + " " + fields[2] + " (" + Runtime.getRuntime().availableProcessors()
                    + " cores)";
        } catch (IOException | RuntimeException unknown) {
            return "unknown";
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }
}
