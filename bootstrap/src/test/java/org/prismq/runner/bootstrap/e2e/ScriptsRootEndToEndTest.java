package org.prismq.runner.bootstrap.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/** A catalog whose script lies outside the scripts root, with and without the option that allows it. */
class ScriptsRootEndToEndTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path folder;

    private Path catalog;

    @BeforeEach
    void aCatalogWithAScriptBesideItsFolder() throws IOException {
        Path modules = Files.createDirectories(folder.resolve("modules"));
        Path shared = Files.createDirectories(folder.resolve("shared"));
        Files.writeString(shared.resolve("beside.py"), "print('ran beside the root', flush=True)\n");
        catalog = Files.writeString(modules.resolve("modules.json"), """
                {"modules": [{"id": "beside", "name": "Beside", "script_path": "../shared/beside.py"}]}
                """);
    }

    @Test
    void theServiceRefusesToStartNamingTheModuleAndWhereItsScriptLeads() {
        RuntimeException refused = assertThrows(RuntimeException.class,
                () -> TestService.withDefaults(folder.resolve("data"), "--modules", catalog.toString()).close());

        assertTrue(refused.getMessage().contains("module 'beside': script_path '../shared/beside.py' leads to "
                + folder.resolve("shared").resolve("beside.py").toAbsolutePath().normalize()
                + ", outside the scripts root"), refused.getMessage());
    }

    @Test
    void withTheOptionTheScriptRuns() {
        try (TestService service = TestService.withDefaults(folder.resolve("data"), "--modules", catalog.toString(),
                "--allow-scripts-outside-root")) {
            Api api = service.api();
            String runId = api.launch("beside", Map.of());

            JsonNode run = Runs.awaitEnd(api, runId, WAIT);

            assertEquals("completed", run.get("status").asText(), run.toString());
            assertEquals("ran beside the root", Runs.allLines(api, runId).getFirst().get("message").asText());
        }
    }
}
