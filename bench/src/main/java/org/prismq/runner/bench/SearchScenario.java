package org.prismq.runner.bench;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Search latency in a big log: the flood generator prints {@code --memory-lines} lines (ten million) into one run,
 * then searches it on the server. Reported: the first page of a rare word (on ten lines at the end, so a search
 * forward from the start scans the whole log first: the target is under a second), the same word searched backward
 * from the end (as the page's "previous" does), the first page of a frequent word, and whole scans for text that is
 * not there, by substring, by a regular expression that is plain text, by one holding a literal and by one holding
 * none, each following {@code next_from} to the end (the target is a few seconds). Baselines in the same run: the
 * whole log read through {@code /logs/download}, and {@code grep -c -i -F} over that text in a file, when the
 * machine has a {@code grep}. Each search also reports the service's CPU time, steadier than the elapsed time on a
 * busy machine.
 */
final class SearchScenario {

    private SearchScenario() {
    }

    static void run(Bench bench) throws IOException, InterruptedException {
        BenchOptions options = bench.options();
        Report report = bench.report();
        long lines = options.memoryLines();
        ServiceProcess service = bench.startService("search", List.of(), List.of());
        Path text = bench.workDir().resolve("search-download.txt");
        try {
            Api api = new Api(service.url());
            String runId = api.launch(Catalog.FLOOD, Map.of("lines", lines));
            String status = api.awaitStatus(runId, Api.TERMINAL, Duration.ofSeconds(120 + lines / 10_000), 20);
            long stored = api.totalLines(runId);
            report.check("search.run", stored, "lines stored", status.equals("completed") && stored == lines ? null
                    : "the run ended " + status + " with " + stored + " of " + lines + " lines");
            // "n=" and the first nine of the ten digits of the lines before the last ten: only those ten hold it.
            String rare = "n=" + String.format("%09d", (lines - 1) / 10);
            String missing = "no such words";

            long start = System.nanoTime();
            long bytes = api.downloadTo(runId, text);
            report.info("search.baseline_download", millis(start), "ms", null, "the whole log through /logs/download ("
                    + String.format("%,d", bytes) + " bytes)");
            Double grepRare = grep(report, "search.baseline_grep_rare", text, rare);
            Double grepMissing = grep(report, "search.baseline_grep_missing", text, missing);

            timed(report, "search.rare_first_page", service, api, runId, "q=" + encode(rare), true, grepRare,
                    "first page of a word on the last 10 of " + lines + " lines, forward from the start");
            timed(report, "search.rare_backward", service, api, runId, "q=" + encode(rare) + "&direction=backward",
                    true, grepRare, "the same, backward from the end");
            timed(report, "search.frequent_first_page", service, api, runId, "q=" + encode("worker-3"), true, null,
                    "first page (100 matches) of a word on every 8th line");
            timed(report, "search.full_scan_substring", service, api, runId, "q=" + encode(missing), false, grepMissing,
                    "every line scanned for a substring that is not there, all pages");
            timed(report, "search.full_scan_regex", service, api, runId, "regex=true&q=" + encode("worker-9\\] p"),
                    false, grepMissing, "the same with a regular expression that is plain text");
            timed(report, "search.full_scan_regex_literal", service, api, runId,
                    "regex=true&q=" + encode("worker-\\d\\] x+"), false, grepMissing,
                    "a regular expression holding a literal (\"] x\") that no line has");
            timed(report, "search.full_scan_regex_no_literal", service, api, runId, "regex=true&q=" + encode("\\d{11}"),
                    false, grepMissing, "a regular expression without a literal: every line decoded and matched");
        } finally {
            Files.deleteIfExists(text);
            bench.stopService(service, "search");
        }
    }

    /**
     * Follows {@code next_from} until a page has a match ({@code firstMatch}) or to the end; reports the time,
     * against {@code baseline} milliseconds when known.
     */
    private static void timed(Report report, String name, ServiceProcess service, Api api, String runId,
            String query, boolean firstMatch, Double baseline, String note) throws IOException, InterruptedException {
        long cpuStart = service.cpuNanos();
        long start = System.nanoTime();
        int requests = 0;
        int matches = 0;
        Long from = null;
        do {
            Api.SearchAnswer page = api.search(runId, query + (from == null ? "" : "&from=" + from));
            requests++;
            matches += page.matches();
            from = page.nextFrom();
        } while (from != null && !(firstMatch && matches > 0));
        double elapsed = millis(start);
        report.info(name, elapsed, "ms", baseline, note + " (" + matches + " matches, " + requests
                + " requests; service CPU " + Math.round((service.cpuNanos() - cpuStart) / 1e6) + " ms)");
    }

    /** {@code grep -c -i -F word file}: milliseconds, reported; {@code null} when there is no grep to run. */
    private static Double grep(Report report, String name, Path file, String word) throws InterruptedException {
        List<String> command = new ArrayList<>(List.of("grep", "-c", "-i", "-F", word, file.toString()));
        long start = System.nanoTime();
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            // Bytes, as the service matches an ASCII word; a multibyte locale makes grep -i several times slower.
            builder.environment().put("LC_ALL", "C");
            Process grep = builder.start();
            String count = new String(grep.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            grep.waitFor();
            double elapsed = millis(start);
            report.info(name, elapsed, "ms", null, "grep -c -i -F '" + word + "' over the downloaded text: " + count
                    + " lines");
            return elapsed;
        } catch (IOException noGrep) {
            report.note("no grep to compare with: " + noGrep.getMessage());
            return null;
        }
    }

    private static double millis(long start) {
        return (System.nanoTime() - start) / 1e6;
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
