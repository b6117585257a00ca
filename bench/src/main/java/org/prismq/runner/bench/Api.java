package org.prismq.runner.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** The few REST calls the benchmark makes, with {@link HttpClient}; answers are picked apart with patterns. */
final class Api {

    static final Set<String> TERMINAL = Set.of("completed", "failed", "cancelled");

    private static final Pattern RUN_ID = Pattern.compile("\"run_id\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern STATUS = Pattern.compile("\"status\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern COMPLETED_AT = Pattern.compile("\"completed_at\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern TOTAL_LINES = Pattern.compile("\"total_lines\"\\s*:\\s*(\\d+)");
    private static final Pattern NEXT_FROM = Pattern.compile("\"next_from\"\\s*:\\s*(null|\\d+)");
    private static final Pattern SEQ = Pattern.compile("\"seq\"\\s*:");
    private static final Pattern GENERATOR_LINE = Pattern.compile(" n=(\\d{10})");

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final URI base;

    Api(URI base) {
        this.base = base;
    }

    /** Launches {@code module} with {@code parameters} (numbers and strings) and returns the run id. */
    String launch(String module, Map<String, Object> parameters) throws IOException, InterruptedException {
        String body = parameters.entrySet().stream()
                .map(e -> Json.string(e.getKey()) + ": " + (e.getValue() instanceof String text ? Json.string(text)
                        : String.valueOf(e.getValue())))
                .collect(Collectors.joining(", ", "{\"parameters\": {", "}, \"save_config\": false}"));
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(base.resolve("/api/modules/" + module
                        + "/run")).header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 202) {
            throw new IOException("launching " + module + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        return group(RUN_ID, response.body());
    }

    String status(String runId) throws IOException, InterruptedException {
        return group(STATUS, get("/api/runs/" + runId));
    }

    /** Polls every {@code pollMillis} until the run's status is one of {@code wanted}; returns it. */
    String awaitStatus(String runId, Set<String> wanted, Duration timeout, long pollMillis)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String status = status(runId);
            if (wanted.contains(status)) {
                return status;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IOException("run " + runId + " is still " + status + " after " + timeout);
            }
            Thread.sleep(pollMillis);
        }
    }

    /** When the service recorded the run's end, on this machine's clock. */
    Instant completedAt(String runId) throws IOException, InterruptedException {
        return Instant.parse(group(COMPLETED_AT, get("/api/runs/" + runId)));
    }

    long totalLines(String runId) throws IOException, InterruptedException {
        return Long.parseLong(group(TOTAL_LINES, get("/api/runs/" + runId + "/logs?tail=1")));
    }

    /**
     * Reads the run's whole log from the download and checks that line k carries the generator's {@code n=k}:
     * every line there, once, in order. Returns an error, or {@code null} when all {@code expected} lines are.
     */
    String verifyDownload(String runId, long expected) throws IOException, InterruptedException {
        HttpResponse<InputStream> response = client.send(HttpRequest.newBuilder(
                base.resolve("/api/runs/" + runId + "/logs/download")).build(), HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            response.body().close();
            return "download answered " + response.statusCode();
        }
        long count = 0;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(),
                StandardCharsets.UTF_8), 1 << 16)) {
            String line;
            while ((line = lines.readLine()) != null) {
                count++;
                long n = generatorNumber(line);
                if (n != count) {
                    return "downloaded line " + count + " is the generator's line " + n + ": " + line;
                }
            }
        }
        return count == expected ? null : "the download holds " + count + " lines, expected " + expected;
    }

    /** Writes the run's whole log from the download into {@code file}; returns its size in bytes. */
    long downloadTo(String runId, Path file) throws IOException, InterruptedException {
        HttpResponse<Path> response = client.send(HttpRequest.newBuilder(
                        base.resolve("/api/runs/" + runId + "/logs/download")).build(),
                HttpResponse.BodyHandlers.ofFile(file));
        if (response.statusCode() != 200) {
            throw new IOException("download answered " + response.statusCode());
        }
        return Files.size(file);
    }

    private static long generatorNumber(String line) {
        int at = line.lastIndexOf(" n=");
        if (at < 0 || at + 13 > line.length()) {
            Matcher matcher = GENERATOR_LINE.matcher(line);
            return matcher.find() ? Long.parseLong(matcher.group(1)) : -1;
        }
        long value = 0;
        for (int i = at + 3; i < at + 13; i++) {
            char c = line.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    /** Deletes the ended runs {@code runIds} with their logs ({@code POST /api/runs/delete}). */
    void deleteRuns(List<String> runIds) throws IOException, InterruptedException {
        String body = runIds.stream().map(Json::string).collect(Collectors.joining(", ", "{\"run_ids\": [", "]}"));
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(base.resolve("/api/runs/delete"))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(120))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("deleting the runs " + runIds + " answered " + response.statusCode() + ": "
                    + response.body());
        }
    }

    /** One page of {@code GET /logs/search} with the query string {@code query} (already encoded). */
    SearchAnswer search(String runId, String query) throws IOException, InterruptedException {
        String body = get("/api/runs/" + runId + "/logs/search?" + query);
        Matcher next = NEXT_FROM.matcher(body);
        Long nextFrom = next.find() && !next.group(1).equals("null") ? Long.valueOf(next.group(1)) : null;
        int matches = 0;
        for (Matcher seq = SEQ.matcher(body); seq.find(); ) {
            matches++;
        }
        return new SearchAnswer(matches, nextFrom);
    }

    /** How many matches a search page held, and where the next page starts ({@code null}: the end). */
    record SearchAnswer(int matches, Long nextFrom) {
    }

    private String get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    private static String group(Pattern pattern, String body) throws IOException {
        Matcher matcher = pattern.matcher(body);
        if (!matcher.find()) {
            throw new IOException("no " + pattern + " in " + body);
        }
        return matcher.group(1);
    }
}
