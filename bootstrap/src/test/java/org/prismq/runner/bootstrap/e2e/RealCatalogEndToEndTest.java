package org.prismq.runner.bootstrap.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * PrismQ's real catalog (40 modules) in PrismQ's own layout, with a stub script at each module's resolved path
 * that prints the arguments it received.
 */
class RealCatalogEndToEndTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String ABSENT = "visual-moodboard";
    private static final String STUB = "import json, sys\nprint(json.dumps(sys.argv[1:]), flush=True)\n";
    /** The two modules whose required parameters have no default: a launch must give them. */
    private static final Map<String, Map<String, Object>> REQUIRED = Map.of(
            "web-articles", Map.of("url", "https://example.org/article"),
            "comment-mining", Map.of("content_id", "abc123"));

    @TempDir
    static Path folder;

    private static JsonNode catalog;
    private static Path scriptsRoot;
    private static TestService service;
    private static Api api;

    @BeforeAll
    static void startWithTheRealCatalog() throws IOException {
        scriptsRoot = folder.resolve("Client").resolve("Backend");
        Path catalogFile = scriptsRoot.resolve("configs").resolve("modules.json");
        Files.createDirectories(catalogFile.getParent());
        try (InputStream in = RealCatalogEndToEndTest.class.getResourceAsStream("/catalog/prismq-modules.json")) {
            Files.copy(in, catalogFile);
        }
        catalog = Api.JSON.readTree(catalogFile.toFile()).get("modules");
        for (JsonNode module : catalog) {
            if (!module.get("id").asText().equals(ABSENT)) {
                Path script = resolved(module);
                Files.createDirectories(script.getParent());
                Files.writeString(script, STUB);
            }
        }
        service = TestService.withDefaults(folder.resolve("data"), "--modules", catalogFile.toString(),
                "--scripts-root", scriptsRoot.toString(), "--allow-scripts-outside-root");
        api = service.api();
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    private static Path resolved(JsonNode module) {
        return scriptsRoot.resolve(module.get("script_path").asText()).toAbsolutePath().normalize();
    }

    private static JsonNode module(String id) {
        for (JsonNode module : catalog) {
            if (module.get("id").asText().equals(id)) {
                return module;
            }
        }
        throw new AssertionError("no module " + id);
    }

    /** The arguments the spec promises for the catalog's defaults plus {@code given}, worked out independently. */
    private static List<String> expectedArguments(JsonNode module, Map<String, Object> given) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (JsonNode parameter : module.get("parameters")) {
            String name = parameter.get("name").asText();
            Object value = given.containsKey(name) ? given.get(name) : Api.JSON.convertValue(parameter.get("default"),
                    Object.class);
            if (value != null && !"".equals(value)) {
                values.put(name, value);
            }
        }
        List<String> arguments = new ArrayList<>();
        for (JsonNode parameter : module.get("parameters")) {
            String name = parameter.get("name").asText();
            JsonNode condition = parameter.get("conditional_display");
            boolean shown = condition == null
                    || condition.get("value").asText().equals(String.valueOf(values.get(condition.get("field").asText())));
            if (shown && values.containsKey(name)) {
                arguments.add("--" + name);
                arguments.add(String.valueOf(values.get(name)));
            }
        }
        return arguments;
    }

    private static List<String> printedArguments(String runId) throws IOException {
        JsonNode run = Runs.awaitEnd(api, runId, WAIT);
        assertEquals("completed", run.get("status").asText(), run.toString());
        String printed = Runs.allLines(api, runId).getFirst().get("message").asText();
        List<String> arguments = new ArrayList<>();
        Api.JSON.readTree(printed).forEach(node -> arguments.add(node.asText()));
        return arguments;
    }

    @Test
    void allFortyModulesAreListedWithTheirParametersAsTheCatalogDeclaresThem() {
        JsonNode list = api.get("/api/modules").json();

        assertEquals(40, list.get("total").asInt());
        for (int i = 0; i < catalog.size(); i++) {
            JsonNode declared = catalog.get(i);
            JsonNode listed = list.get("modules").get(i);
            assertEquals(declared.get("id"), listed.get("id"));
            for (String field : List.of("name", "description", "category", "version", "script_path", "tags",
                    "status", "enabled")) {
                assertEquals(declared.get(field), listed.get(field), declared.get("id") + "." + field);
            }
            assertEquals(declared.get("parameters").size(), listed.get("parameters").size());
            assertTrue(listed.has("total_runs") && listed.has("success_rate") && listed.has("last_run"));
        }
        JsonNode shorts = api.get("/api/modules/youtube-shorts").json();
        JsonNode channelUrl = shorts.get("parameters").get(1);
        assertEquals("channel_url", channelUrl.get("name").asText());
        assertEquals("Channel URL", channelUrl.get("label").asText());
        assertEquals("https://www.youtube.com/@channelname", channelUrl.get("placeholder").asText());
        assertEquals(module("youtube-shorts").get("parameters").get(1).get("validation"),
                channelUrl.get("validation"));
        assertEquals("mode", channelUrl.get("conditional_display").get("field").asText());
        assertEquals("channel", channelUrl.get("conditional_display").get("value").asText());
        JsonNode maxResults = shorts.get("parameters").get(3);
        assertEquals(module("youtube-shorts").get("parameters").get(3).get("min"), maxResults.get("min"));
        assertEquals(module("youtube-shorts").get("parameters").get(3).get("max"), maxResults.get("max"));
        assertEquals(404, api.get("/api/modules/no-such-module").status());
    }

    @Test
    void everyModuleLaunchesWithItsDefaultsAndItsScriptReceivesExactlyTheExpectedArguments() throws IOException {
        Map<String, String> runIds = new LinkedHashMap<>();
        for (JsonNode module : catalog) {
            String id = module.get("id").asText();
            if (!id.equals(ABSENT)) {
                runIds.put(id, api.launch(id, REQUIRED.getOrDefault(id, Map.of())));
            }
        }

        assertEquals(39, runIds.size());
        for (Map.Entry<String, String> run : runIds.entrySet()) {
            JsonNode module = module(run.getKey());
            assertEquals(expectedArguments(module, REQUIRED.getOrDefault(run.getKey(), Map.of())),
                    printedArguments(run.getValue()), run.getKey());
        }
    }

    @Test
    void chosenValuesReachTheScriptIncludingConditionalFields() throws IOException {
        String channel = "https://www.youtube.com/@ytmajortales/shorts";
        Map<String, Map<String, Object>> launches = new LinkedHashMap<>();
        launches.put("youtube-shorts", Map.of("mode", "channel", "channel_url", channel, "max_results", 25));
        launches.put("youtube-shorts#keyword", Map.of("mode", "keyword", "query", "startup ideas"));
        launches.put("youtube-shorts#trending", Map.of("mode", "trending", "category", "Music",
                "channel_url", "ignored while hidden"));

        for (Map.Entry<String, Map<String, Object>> launch : launches.entrySet()) {
            String id = launch.getKey().split("#")[0];
            List<String> printed = printedArguments(api.launch(id, launch.getValue()));
            assertEquals(expectedArguments(module(id), launch.getValue()), printed, launch.getKey());
        }
        List<String> channelRun = printedArguments(api.launch("youtube-shorts", launches.get("youtube-shorts")));
        assertEquals(List.of("--mode", "channel", "--channel_url", channel, "--max_results", "25"), channelRun);
    }

    @Test
    void invalidValuesAreRefusedWithEveryErrorAndTheModulesOwnMessage() {
        Map<String, Object> bad = new HashMap<>();
        bad.put("mode", "channel");
        bad.put("channel_url", "not a channel");
        bad.put("max_results", "fifty");
        bad.put("colour", "blue");

        Api.Response response = api.post("/api/modules/youtube-shorts/run", Map.of("parameters", bad));

        assertEquals(400, response.status());
        String detail = response.json().get("detail").asText();
        assertTrue(detail.contains("Must be a valid YouTube channel URL, handle, or ID"), detail);
        assertTrue(detail.contains("max_results"), detail);
        assertTrue(detail.contains("colour"), detail);
        assertEquals("invalid_parameters", response.json().get("error_code").asText());
        Map<String, String> byParameter = new HashMap<>();
        response.json().get("errors").forEach(error -> byParameter.merge(error.get("parameter").asText(),
                error.get("message").asText(), (a, b) -> a + "; " + b));
        assertEquals(Map.of("channel_url", "Must be a valid YouTube channel URL, handle, or ID",
                "max_results", "must be a number, got 'fifty'",
                "colour", "is not a parameter of module youtube-shorts"), byParameter);
    }

    @Test
    void aModuleWhoseScriptIsAbsentEndsFailedNamingTheResolvedPath() {
        JsonNode run = Runs.awaitEnd(api, api.launch(ABSENT, Map.of()), WAIT);

        assertEquals("failed", run.get("status").asText());
        assertEquals("script not found: " + resolved(module(ABSENT)), run.get("error_message").asText());
    }

    @Test
    void aSavedConfigurationIsMergedOverTheDefaultsAndCanBeForgotten() {
        String path = "/api/modules/youtube-shorts/config";
        Api.Response saved = api.post(path, Map.of("parameters", Map.of("mode", "keyword", "query", "ai tools")));
        assertEquals(200, saved.status(), saved.body());

        JsonNode config = api.get(path).json();
        assertEquals("keyword", config.get("parameters").get("mode").asText());
        assertEquals("ai tools", config.get("parameters").get("query").asText());
        assertEquals(50, config.get("parameters").get("max_results").asInt());
        assertTrue(config.get("saved").asBoolean());

        assertEquals(200, api.delete(path).status());
        JsonNode reset = api.get(path).json();
        assertEquals("trending", reset.get("parameters").get("mode").asText());
        assertFalse(reset.get("saved").asBoolean());
        assertFalse(reset.get("updated_at").isNull(), "a time, never null: clients read it with new Date(...)");
    }
}
