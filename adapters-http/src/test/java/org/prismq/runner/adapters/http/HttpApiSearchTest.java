package org.prismq.runner.adapters.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import com.fasterxml.jackson.databind.JsonNode;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class HttpApiSearchTest {

    private TestServer server;

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start(StubUseCases.withFixtures());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void searchAnswersMatchesAsLogLinesWithTheTotalWhenThePageHoldsThemAll() throws Exception {
        JsonNode page = TestServer.json(server.get(search("q=LINE%202")));

        assertEquals(Set.of("run_id", "matches", "next_from", "total"), HttpApiRoutesTest.names(page));
        assertEquals(List.of(2L, 20L, 21L, 22L, 23L, 24L, 25L, 26L, 27L, 28L, 29L), seqs(page));
        assertEquals(Set.of("seq", "timestamp", "level", "stream", "message"),
                HttpApiRoutesTest.names(page.at("/matches/0")));
        assertEquals("line 2", page.at("/matches/0/message").asText());
        assertTrue(page.get("next_from").isNull());
        assertEquals(11, page.get("total").asInt());
    }

    @Test
    void searchPagesBothWaysAndCombinesRegexLevelAndStream() throws Exception {
        JsonNode first = TestServer.json(server.get(search("q=%5Eline%20%5Cd%24&regex=true&limit=4")));
        assertEquals(List.of(1L, 2L, 3L, 4L), seqs(first));
        assertEquals(4, first.get("next_from").asInt());
        assertTrue(first.get("total").isNull());
        JsonNode next = TestServer.json(server.get(search("q=%5Eline%20%5Cd%24&regex=true&limit=4&from=4")));
        assertEquals(List.of(5L, 6L, 7L, 8L), seqs(next));

        JsonNode last = TestServer.json(server.get(search("q=line&direction=backward&limit=3")));
        assertEquals(List.of(28L, 29L, 30L), seqs(last));
        assertEquals(28, last.get("next_from").asInt());

        // Even seqs are WARNING, seqs divisible by 3 on stderr.
        JsonNode filtered = TestServer.json(server.get(search("q=line&level=warning&stream=stderr")));
        assertEquals(List.of(6L, 12L, 18L, 24L, 30L), seqs(filtered));
        assertEquals(List.of(), seqs(TestServer.json(server.get(search("q=LINE&case_sensitive=true")))));
    }

    @Test
    void aBadSearchIsRefusedNamingTheProblem() throws Exception {
        assertError(server.get(search("")), 400, "invalid_query", "'q' is required");
        assertError(server.get(search("q=")), 400, "invalid_query", "'q' is required");
        assertError(server.get(search("q=(unclosed&regex=true")), 400, "invalid_query",
                "invalid regular expression");
        assertError(server.get(search("q=x&limit=1001")), 400, "invalid_query", "'limit'");
        assertError(server.get(search("q=x&direction=sideways")), 400, "invalid_query", "forward or backward");
        assertError(server.get(search("q=x&stream=stdin")), 400, "invalid_query", "'stream'");
        assertError(server.get("/api/runs/nope/logs/search?q=x"), 404, "run_not_found", "nope");
    }

    @Test
    void aRunawayExpressionIsA422() throws Exception {
        server.stub.logs.put(Fixtures.RUNNING, List.of(Fixtures.line(1, "x".repeat(30) + "!")));

        assertError(server.get(search("q=(x%2Bx%2B)%7B1,50%7Dy&regex=true")), 422, "search_too_slow",
                "took too long");
    }

    private static String search(String query) {
        return "/api/runs/" + Fixtures.RUNNING + "/logs/search" + (query.isEmpty() ? "" : "?" + query);
    }

    private static void assertError(HttpResponse<String> response, int status, String code, String detail)
            throws Exception {
        assertEquals(status, response.statusCode(), response.body());
        JsonNode error = TestServer.json(response);
        assertEquals(code, error.get("error_code").asText());
        assertTrue(error.get("detail").asText().contains(detail), error.get("detail").asText());
    }

    private static List<Long> seqs(JsonNode page) {
        List<Long> seqs = new ArrayList<>();
        page.get("matches").forEach(line -> seqs.add(line.get("seq").asLong()));
        return seqs;
    }
}
