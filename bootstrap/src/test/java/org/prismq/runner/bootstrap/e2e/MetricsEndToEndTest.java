package org.prismq.runner.bootstrap.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /metrics} on the real service: a run and a refused launch move the counters they should, the answer
 * is the Prometheus text format line by line (or OpenMetrics when asked), and the endpoint is behind the token
 * and the Host check, as {@code /api} is.
 */
class MetricsEndToEndTest {

    private static final String TOKEN = "metrics-test-token";
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(120);

    @TempDir
    Path folder;

    @Test
    void aRunAndARefusedLaunchShowInTheScrapedMetrics() throws Exception {
        try (TestService service = TestService.withTestModules(folder)) {
            Api api = service.api();
            Map<String, PrometheusText.Family> before = scrape(api, null);

            String runId = api.launch("numbered", Map.of("count", 25));
            assertEquals("completed", Runs.awaitEnd(api, runId, RUN_TIMEOUT).get("status").asText());
            assertEquals(404, api.post("/api/modules/no-such-module/run", Map.of()).status());
            assertEquals(400, api.post("/api/modules/numbered/run", Map.of("parameters", Map.of("count", -1)))
                    .status());
            Map<String, PrometheusText.Family> after = scrape(api, null);

            assertEquals(1, increase(before, after, "prismq_runs_started_total", Map.of("module", "numbered")));
            assertEquals(1, increase(before, after, "prismq_runs_ended_total",
                    Map.of("module", "numbered", "status", "completed")));
            // numbered prints odd lines ("INFO out line 0000001") on stdout, even ones ("WARNING err line ...") on
            // stderr.
            assertEquals(13, increase(before, after, "prismq_log_lines_captured_total", Map.of("stream", "stdout")));
            assertEquals(12, increase(before, after, "prismq_log_lines_captured_total", Map.of("stream", "stderr")));
            assertEquals(13 * 21, increase(before, after, "prismq_log_bytes_captured_total",
                    Map.of("stream", "stdout")));
            assertEquals(12 * 24, increase(before, after, "prismq_log_bytes_captured_total",
                    Map.of("stream", "stderr")));
            assertEquals(1, increase(before, after, "prismq_launches_refused_total",
                    Map.of("reason", "module_not_found")));
            assertEquals(1, increase(before, after, "prismq_launches_refused_total",
                    Map.of("reason", "invalid_parameters")));
            assertTrue(value(after, "prismq_store_write_seconds", "prismq_store_write_seconds_count", Map.of()) >= 1);
            assertEquals("histogram", after.get("prismq_store_write_seconds").type());
            for (String gauge : List.of("prismq_runs_queued", "prismq_runs_running",
                    "prismq_runs_waiting_for_resources", "prismq_store_queue_lines", "prismq_log_streams_open")) {
                assertEquals("gauge", after.get(gauge).type(), gauge);
                assertEquals(0, value(after, gauge, gauge, Map.of()), gauge + " once everything has ended");
            }
            assertEquals("counter", after.get("prismq_sse_events_sent_total").type());
            for (String jvm : List.of("jvm_memory_used_bytes", "jvm_threads_current", "jvm_gc_collection_seconds")) {
                assertTrue(after.containsKey(jvm), jvm + " is among " + after.keySet());
            }
            after.values().forEach(family -> assertTrue(family.help() != null && !family.help().isBlank(),
                    family.name() + " has a help text"));

            try (SseClient stream = api.stream("/api/runs/" + runId + "/logs/stream", Map.of())) {
                stream.readUntil(event -> "complete".equals(event.event()));
            }
            // The lines were counted before the end was written, so before the client could read it.
            assertTrue(increase(after, scrape(api, null), "prismq_sse_events_sent_total", Map.of()) >= 25);
        }
    }

    @Test
    void openMetricsIsServedWhenAskedFor() throws Exception {
        try (TestService service = TestService.withTestModules(folder)) {
            Api api = service.api();
            HttpResponse<String> answer = api.client().send(HttpRequest.newBuilder(URI.create(api.url("/metrics")))
                            .header("Accept", "application/openmetrics-text; version=1.0.0; charset=utf-8").build(),
                    HttpResponse.BodyHandlers.ofString());

            assertEquals(200, answer.statusCode());
            assertTrue(answer.headers().firstValue("Content-Type").orElseThrow()
                    .startsWith("application/openmetrics-text"), answer.headers().toString());
            assertTrue(answer.body().endsWith("# EOF\n"), "an OpenMetrics exposition ends with # EOF");
            assertTrue(answer.body().contains("\n# TYPE prismq_log_lines_captured counter\n"), answer.body());
            assertTrue(answer.body().contains("\nprismq_log_lines_captured_total{stream=\"stdout\"} 0.0"),
                    answer.body());
        }
    }

    @Test
    void metricsNeedTheTokenAndAnAllowedHost() throws Exception {
        try (TestService service = TestService.withTestModules(folder, "--token", TOKEN)) {
            Api api = service.api();

            assertEquals(401, api.get("/metrics").status());
            assertEquals(401, api.get("/metrics?token=" + TOKEN).status(), "the token only in the header");
            assertTrue(scrape(api, TOKEN).containsKey("prismq_runs_queued"));
            String foreign = rawGet(api, "/metrics", "evil.example", TOKEN);
            assertTrue(foreign.startsWith("HTTP/1.1 403 "), foreign);
            assertTrue(foreign.contains("\"error_code\":\"host_not_allowed\""), foreign);
        }
    }

    private static Map<String, PrometheusText.Family> scrape(Api api, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api.url("/metrics")));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> answer = api.client().send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, answer.statusCode(), answer.body());
        assertEquals("text/plain; version=0.0.4; charset=utf-8",
                answer.headers().firstValue("Content-Type").orElseThrow());
        return PrometheusText.parse(answer.body());
    }

    private static double increase(Map<String, PrometheusText.Family> before, Map<String, PrometheusText.Family> after,
            String family, Map<String, String> labels) {
        return value(after, family, family, labels) - valueOrZero(before, family, labels);
    }

    private static double valueOrZero(Map<String, PrometheusText.Family> families, String family,
            Map<String, String> labels) {
        PrometheusText.Family found = families.get(family);
        if (found == null) {
            return 0;
        }
        return found.samples().stream().filter(s -> s.labels().equals(labels))
                .mapToDouble(PrometheusText.Sample::value).findFirst().orElse(0);
    }

    private static double value(Map<String, PrometheusText.Family> families, String family, String sample,
            Map<String, String> labels) {
        PrometheusText.Family found = families.get(family);
        if (found == null) {
            throw new AssertionError("no family " + family + " among " + families.keySet());
        }
        return found.samples().stream().filter(s -> s.name().equals(sample) && s.labels().equals(labels))
                .mapToDouble(PrometheusText.Sample::value).findFirst()
                .orElseThrow(() -> new AssertionError("no sample " + sample + labels + " in " + found.samples()));
    }

    /** A GET over a raw socket, the only way to send a Host header of one's choosing. */
    private static String rawGet(Api api, String path, String host, String token) throws IOException {
        URI base = URI.create(api.url("/"));
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout((int) Duration.ofSeconds(30).toMillis());
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nAuthorization: Bearer "
                    + token + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            in.transferTo(answer);
            return answer.toString(StandardCharsets.UTF_8);
        }
    }
}
