package org.prismq.runner.bench;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Search latency in a big log: the flood generator prints {@code --memory-lines} lines (ten million) into one run,
 * then searches it on the server. Reported: the first page of a rare word (ten lines near the end, so the page
 * needs the whole log scanned: the target is under a second), the same word searched backward from the end (as
 * the page's "previous" does), the first page of a frequent word, and a whole scan for a word that is not there,
 * by substring and by regular expression, following {@code next_from} to the end (the target is a few seconds).
 */
final class SearchScenario {

    private SearchScenario() {
    }

    static void run(Bench bench) throws IOException, InterruptedException {
        BenchOptions options = bench.options();
        Report report = bench.report();
        long lines = options.memoryLines();
        ServiceProcess service = bench.startService("search", List.of(), List.of());
        try {
            Api api = new Api(service.url());
            String runId = api.launch(Catalog.FLOOD, Map.of("lines", lines));
            String status = api.awaitStatus(runId, Api.TERMINAL, Duration.ofSeconds(120 + lines / 10_000), 20);
            long stored = api.totalLines(runId);
            report.check("search.run", stored, "lines stored", status.equals("completed") && stored == lines ? null
                    : "the run ended " + status + " with " + stored + " of " + lines + " lines");
            // "n=" and the first nine of the ten digits of the last line: its last ten lines.
            String rare = "n=" + String.format("%010d", lines).substring(0, 9);
            timed(report, "search.rare_first_page", api, runId, "q=" + encode(rare), true,
                    "first page of a word on the last 10 lines of " + lines + ", forward from the start");
            timed(report, "search.rare_backward", api, runId, "q=" + encode(rare) + "&direction=backward", true,
                    "the same, backward from the end");
            timed(report, "search.frequent_first_page", api, runId, "q=" + encode("worker-3"), true,
                    "first page (100 matches) of a word on every 8th line");
            timed(report, "search.full_scan_substring", api, runId, "q=" + encode("no such words"), false,
                    "every line scanned for a substring that is not there, all pages");
            timed(report, "search.full_scan_regex", api, runId, "regex=true&q=" + encode("worker-9\\] p"), false,
                    "the same with a regular expression");
        } finally {
            bench.stopService(service, "search");
        }
    }

    /** Follows {@code next_from} until a page has a match ({@code firstMatch}) or to the end; reports the time. */
    private static void timed(Report report, String name, Api api, String runId, String query, boolean firstMatch,
            String note) throws IOException, InterruptedException {
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
        double seconds = (System.nanoTime() - start) / 1e9;
        report.info(name, seconds * 1000, "ms", null, note + " (" + matches + " matches, " + requests + " requests)");
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
