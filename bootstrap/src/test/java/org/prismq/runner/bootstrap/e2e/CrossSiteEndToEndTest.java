package org.prismq.runner.bootstrap.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The forged launch of the report, against the real service: a page of another site cannot launch a module or
 * overwrite its saved configuration, while the PrismQ web client, cross-origin from its allowed development
 * server, still launches, saves, resets and cancels.
 */
class CrossSiteEndToEndTest {

    private static final String WEB_CLIENT = "http://localhost:5173";

    @TempDir
    Path folder;

    @Test
    void aPageOfAnotherSiteCannotLaunchNorOverwriteTheSavedConfiguration() throws Exception {
        try (TestService service = TestService.withTestModules(folder)) {
            Api api = service.api();

            HttpResponse<String> forged = send(api, "POST", "/api/modules/numbered/run", "text/plain", "",
                    "http://evil.example");
            HttpResponse<String> forgedJson = send(api, "POST", "/api/modules/numbered/run", "application/json",
                    "{\"parameters\": {\"count\": 3}}", "http://evil.example");

            assertEquals(403, forged.statusCode(), forged.body());
            assertEquals("origin_not_allowed", Api.JSON.readTree(forged.body()).get("error_code").asText());
            assertEquals(403, forgedJson.statusCode(), forgedJson.body());
            assertEquals(0, api.get("/api/runs").json().get("total").asInt(), "no run was created");
            assertFalse(api.get("/api/modules/numbered/config").json().get("saved").asBoolean(true),
                    "no configuration was saved");
        }
    }

    @Test
    void theWebClientFromItsAllowedOriginLaunchesSavesResetsAndCancels() throws Exception {
        try (TestService service = TestService.withTestModules(folder)) {
            Api api = service.api();

            HttpResponse<String> preflight = api.client().send(HttpRequest.newBuilder(
                            URI.create(api.url("/api/modules/numbered/run")))
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", WEB_CLIENT)
                    .header("Access-Control-Request-Method", "POST")
                    .header("Access-Control-Request-Headers", "content-type").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(204, preflight.statusCode());

            HttpResponse<String> launched = send(api, "POST", "/api/modules/numbered/run", "application/json",
                    "{\"parameters\": {\"count\": 100000, \"pause\": 0.05}, \"save_config\": true}", WEB_CLIENT);
            assertEquals(202, launched.statusCode(), launched.body());
            String runId = Api.JSON.readTree(launched.body()).get("run_id").asText();
            JsonNode saved = api.get("/api/modules/numbered/config").json();
            assertEquals(100000, saved.at("/parameters/count").asInt(), "save_config saved the launch's values");

            assertEquals(200, send(api, "POST", "/api/modules/numbered/config", "application/json",
                    "{\"parameters\": {\"count\": 7}}", WEB_CLIENT).statusCode());
            assertEquals(200, send(api, "DELETE", "/api/modules/numbered/config", null, null, WEB_CLIENT)
                    .statusCode());
            assertFalse(api.get("/api/modules/numbered/config").json().get("saved").asBoolean(true),
                    "the reset forgot it");

            HttpResponse<String> cancelled = send(api, "DELETE", "/api/runs/" + runId, null, null, WEB_CLIENT);
            assertEquals(200, cancelled.statusCode(), cancelled.body());
            assertEquals("cancelled", Api.JSON.readTree(cancelled.body()).get("status").asText());
            assertEquals(WEB_CLIENT, cancelled.headers().firstValue("Access-Control-Allow-Origin").orElseThrow());
        }
    }

    private static HttpResponse<String> send(Api api, String method, String path, String contentType, String body,
            String origin) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api.url(path))).timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .header("Origin", origin);
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return api.client().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
