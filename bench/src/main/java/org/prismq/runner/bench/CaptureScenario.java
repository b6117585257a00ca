package org.prismq.runner.bench;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Figure 1, capture throughput: the flood generator prints N lines; lines/s from the launch request to the
 * run's {@code completed_at} (which the service records only once every line is stored; the service and the
 * benchmark share this machine's clock). Each run
 * is paired with a baseline run of the same generator into a file; the medians are compared. Afterwards every
 * run's stored lines are counted and downloaded, in order.
 *
 * <p>When a PostgreSQL database is given, the same runs are made again with the service storing there
 * ({@code --database}), and compared with the SQLite figure of this same benchmark; the bench's runs are deleted
 * from that database afterwards. Without one, that variant is skipped, saying so.
 */
final class CaptureScenario {

    private static final long POLL_MILLIS = 25;

    private CaptureScenario() {
    }

    static void run(Bench bench) throws IOException, InterruptedException {
        Report report = bench.report();
        ServiceProcess service = bench.startService("capture", List.of(), List.of());
        Runs sqlite;
        try {
            sqlite = measure(bench, service, new Api(service.url()), true, new ArrayList<>());
        } finally {
            bench.stopService(service, "capture");
        }
        double rate = sqlite.rate();
        double baseRate = bench.options().captureLines() / seconds(median(sqlite.baseline()));
        report.target("capture.throughput", rate, "lines/s", baseRate,
                rate >= 1_000_000 && rate >= baseRate / 2,
                ">= 1,000,000 lines/s and >= 0.50x baseline (median of " + sqlite.measured().length + " runs of "
                        + String.format("%,d", bench.options().captureLines()) + " lines" + afterWarmup(bench.options())
                        + "; baseline: generator > file)");
        report.note("service runs (s): " + times(sqlite.measured()) + "; baseline runs (s): "
                + times(sqlite.baseline()));
        sqlite.report(report, "capture");
        BenchOptions.PostgresTarget postgres = bench.options().postgres();
        if (postgres == null) {
            report.note("capture.postgres: skipped, no PostgreSQL given (--postgres-url or PRISMQ_TEST_POSTGRES_URL)");
            return;
        }
        runPostgres(bench, postgres, rate);
    }

    /** The PostgreSQL variant: the same runs stored in {@code postgres}, against the SQLite rate just measured. */
    private static void runPostgres(Bench bench, BenchOptions.PostgresTarget postgres, double sqliteRate)
            throws IOException, InterruptedException {
        Report report = bench.report();
        List<String> options = new ArrayList<>(List.of("--database", postgres.url()));
        if (postgres.user() != null) {
            options.addAll(List.of("--database-user", postgres.user()));
        }
        // The password goes by the environment, so that it does not show in the process list.
        Map<String, String> environment = postgres.password() == null ? Map.of()
                : Map.of("PRISMQ_DATABASE_PASSWORD", postgres.password());
        report.note("capture.postgres on " + postgres);
        ServiceProcess service = bench.startService("capture-postgres", List.of(), options, environment);
        Runs runs;
        try {
            Api api = new Api(service.url());
            List<String> launched = new ArrayList<>();
            try {
                runs = measure(bench, service, api, false, launched);
            } finally {
                if (!launched.isEmpty()) {
                    api.deleteRuns(launched);
                }
            }
        } finally {
            bench.stopService(service, "capture-postgres");
        }
        double rate = runs.rate();
        report.target("capture.postgres.throughput", rate, "lines/s", sqliteRate, rate >= sqliteRate / 2,
                ">= 0.50x baseline (median of " + runs.measured().length + " runs" + afterWarmup(bench.options())
                        + "; baseline: the SQLite capture "
                        + "above)");
        report.note("service runs on PostgreSQL (s): " + times(runs.measured()));
        runs.report(report, "capture.postgres");
    }

    /**
     * The capture runs of one service, each after a baseline run into a file when {@code withBaseline}; the id of
     * each run is added to {@code launched} as soon as it is known.
     */
    private static Runs measure(Bench bench, ServiceProcess service, Api api, boolean withBaseline,
                                List<String> launched) throws IOException, InterruptedException {
        BenchOptions options = bench.options();
        long lines = options.captureLines();
        long[] baseline = new long[options.captureRepeat()];
        long[] measured = new long[options.captureRepeat()];
        long[] cpu = new long[options.captureRepeat()];
        List<String> problems = new ArrayList<>();
        List<String> runIds = new ArrayList<>();
        for (int warm = 0; warm < options.captureWarmup(); warm++) {
            String runId = launchFlood(api, lines, launched);
            String status = awaitEnd(api, runId, lines);
            if (!status.equals("completed")) {
                problems.add("warm-up run " + runId + " ended " + status);
            }
        }
        QuietMachine quiet = new QuietMachine();
        for (int r = 0; r < options.captureRepeat(); r++) {
            if (withBaseline) {
                quiet.settle();
                baseline[r] = bench.floodToFile(lines);
            }
            quiet.settle();
            long cpuStart = service.cpuNanos();
            Instant start = Instant.now();
            String runId = launchFlood(api, lines, launched);
            String status = awaitEnd(api, runId, lines);
            cpu[r] = service.cpuNanos() - cpuStart;
            measured[r] = Duration.between(start, api.completedAt(runId)).toNanos();
            runIds.add(runId);
            if (!status.equals("completed")) {
                problems.add(runId + " ended " + status);
            }
        }
        long stored = 0;
        for (String runId : runIds) {
            // A failed check is reported with the figures, which were measured before it.
            try {
                long total = api.totalLines(runId);
                stored += total;
                if (total != lines) {
                    problems.add(runId + " stored " + total + " lines, expected " + lines);
                }
                String download = api.verifyDownload(runId, lines);
                if (download != null) {
                    problems.add(runId + ": " + download);
                }
            } catch (IOException failed) {
                problems.add(runId + ": " + failed.getMessage());
            }
        }
        return new Runs(lines, baseline, measured, cpu, stored, problems, quiet.summary());
    }

    /** Launches a flood of {@code lines} lines and adds its id to {@code launched}; returns the id. */
    private static String launchFlood(Api api, long lines, List<String> launched)
            throws IOException, InterruptedException {
        String runId = api.launch(Catalog.FLOOD, Map.of("lines", lines));
        launched.add(runId);
        return runId;
    }

    /**
     * The status the run of a flood of {@code lines} lines ends with, polled every {@value #POLL_MILLIS} ms. The
     * run's time is taken from the end the service records, so the polls need not be frequent: at every 5 ms they
     * cost the service about a tenth of its CPU during a run, counted as capture.
     */
    private static String awaitEnd(Api api, String runId, long lines) throws IOException, InterruptedException {
        return api.awaitStatus(runId, Api.TERMINAL, Duration.ofSeconds(60 + lines / 20_000), POLL_MILLIS);
    }

    /** What the capture runs of one service measured and found wrong. */
    private record Runs(long lines, long[] baseline, long[] measured, long[] cpu, long stored, List<String> problems,
                        String settling) {

        double rate() {
            return lines / seconds(median(measured));
        }

        void report(Report report, String prefix) {
            if (settling != null) {
                report.note(settling);
            }
            report.info(prefix + ".service_cpu_per_line", median(cpu) / 1000.0 / lines * 1000, "ns", null,
                    "CPU time of the service per line captured (median): steadier than lines/s on a busy machine");
            report.check(prefix + ".correctness", stored, "lines stored in order",
                    problems.isEmpty() ? null : String.join("; ", problems));
        }
    }

    /** How the measured runs of a service follow its warm-up runs, for a target's description. */
    static String afterWarmup(BenchOptions options) {
        return options.captureWarmup() == 0 ? "" : ", after " + options.captureWarmup() + " uncounted warm-up runs";
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
