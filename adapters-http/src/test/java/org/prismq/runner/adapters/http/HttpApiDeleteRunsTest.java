package org.prismq.runner.adapters.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.prismq.runner.application.port.in.DeleteRunsUseCase.DeleteRunsCommand;
import org.prismq.runner.domain.run.EndedRunsFilter;
import org.prismq.runner.domain.run.RunStatus;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class HttpApiDeleteRunsTest {

    private TestServer server;
    private StubUseCases stub;

    @BeforeEach
    void start() throws Exception {
        stub = StubUseCases.withFixtures();
        server = TestServer.start(stub);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void namedEndedRunsAreDeletedAndCounted() throws Exception {
        HttpResponse<String> response = server.postJson("/api/runs/delete",
                "{\"run_ids\": [\"" + Fixtures.COMPLETED + "\", \"" + Fixtures.SILENT + "\"]}");

        assertEquals(200, response.statusCode(), response.body());
        assertEquals(2, TestServer.json(response).get("deleted").asLong());
        assertEquals(404, server.get("/api/runs/" + Fixtures.COMPLETED).statusCode());
    }

    @Test
    void aRunningRunNamedIsAConflictAndNothingIsDeleted() throws Exception {
        HttpResponse<String> response = server.postJson("/api/runs/delete",
                "{\"run_ids\": [\"" + Fixtures.COMPLETED + "\", \"" + Fixtures.RUNNING + "\"]}");

        assertEquals(409, response.statusCode());
        JsonNode error = TestServer.json(response);
        assertEquals("run_active", error.get("error_code").asText());
        assertTrue(error.get("detail").asText().contains(Fixtures.RUNNING.value()));
        assertEquals(200, server.get("/api/runs/" + Fixtures.COMPLETED).statusCode());
    }

    @Test
    void anUnknownRunNamedIsNotFound() throws Exception {
        HttpResponse<String> response = server.postJson("/api/runs/delete", "{\"run_ids\": [\"run_nope\"]}");

        assertEquals(404, response.statusCode());
        assertEquals("run_not_found", TestServer.json(response).get("error_code").asText());
    }

    @Test
    void aFilterReachesTheUseCaseAsGiven() throws Exception {
        HttpResponse<String> response = server.postJson("/api/runs/delete",
                "{\"module_id\": \"demo\", \"status\": \"completed\", \"ended_before\": \"2030-01-01T00:00:00Z\"}");

        assertEquals(200, response.statusCode(), response.body());
        assertEquals(1, TestServer.json(response).get("deleted").asLong());
        assertEquals(List.of(new DeleteRunsCommand.Matching(new EndedRunsFilter(Fixtures.DEMO, RunStatus.COMPLETED,
                java.time.Instant.parse("2030-01-01T00:00:00Z")))), stub.deletions);
    }

    @Test
    void badBodiesAre400sNamingTheField() throws Exception {
        for (String[] bad : List.of(
                new String[] {"{}", "run_ids"},
                new String[] {"{\"run_ids\": []}", "run_ids"},
                new String[] {"{\"run_ids\": [1]}", "run_ids"},
                new String[] {"{\"run_ids\": \"run_1\"}", "run_ids"},
                new String[] {"{\"status\": \"running\"}", "status"},
                new String[] {"{\"status\": \"done\"}", "status"},
                new String[] {"{\"ended_before\": \"yesterday\"}", "ended_before"},
                new String[] {"{\"module_id\": 3}", "module_id"},
                new String[] {"{\"module_id\": \"demo\", \"stauts\": \"failed\"}", "stauts"},
                new String[] {"{\"run_ids\": [\"run_1\"], \"module_id\": \"demo\"}", "run_ids"})) {
            HttpResponse<String> response = server.postJson("/api/runs/delete", bad[0]);

            assertEquals(400, response.statusCode(), bad[0]);
            String detail = TestServer.json(response).get("detail").asText();
            assertTrue(detail.contains(bad[1]), bad[0] + " -> " + detail);
        }
        assertEquals(List.of(), stub.deletions);
    }

    @Test
    void aBadIdIsRefusedAndTheCancelStaysOnDelete() throws Exception {
        assertEquals("invalid_id", TestServer.json(server.postJson("/api/runs/delete",
                "{\"run_ids\": [\"../etc\"]}")).get("error_code").asText());

        HttpResponse<String> cancel = server.send("DELETE", "/api/runs/" + Fixtures.RUNNING, null, null);
        assertEquals(200, cancel.statusCode());
        assertEquals("cancelled", TestServer.json(cancel).get("status").asText());
        assertEquals(Set.of("POST"), Set.of(server.get("/api/runs/delete").headers().firstValue("Allow")
                .orElseThrow()));
    }

    @Test
    void aDeletionNeedsJson() throws Exception {
        HttpResponse<String> response = server.send("POST", "/api/runs/delete", "text/plain",
                "{\"run_ids\": [\"" + Fixtures.COMPLETED + "\"]}");

        assertEquals(415, response.statusCode());
        assertEquals(List.of(), stub.deletions);
    }
}
