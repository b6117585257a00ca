package org.prismq.runner.bootstrap.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/** Two packaged services started on one data dir, as two people might: the second refuses and touches nothing. */
class SecondServiceIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path folder;

    @Test
    void aSecondServiceOnTheSameDataDirRefusesToStartAndLeavesTheFirstOnesRunAlone() throws Exception {
        Path catalog = TestService.installTestModules(folder.resolve("modules"));
        Path dataDir = folder.resolve("data");
        String[] options = {"--port", "0", "--data-dir", dataDir.toString(), "--modules", catalog.toString(),
            "--max-cpu-percent", "100"};
        try (JarProcess first = JarProcess.start(folder.resolve("first.log"), options)) {
            Api api = new Api(first.url());
            String runId = api.launch("numbered", Map.of("count", 100_000, "pause", 0.01));
            Runs.awaitLine(api, runId, "out line 0000003", WAIT);

            Path secondLog = folder.resolve("second.log");
            Process second = new ProcessBuilder(secondCommand(options)).redirectErrorStream(true)
                    .redirectOutput(secondLog.toFile()).start();
            try {
                assertTrue(second.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS), "the second service exits");
            } finally {
                second.destroyForcibly();
            }
            String said = Files.readString(secondLog);

            assertNotEquals(0, second.exitValue(), said);
            assertTrue(said.contains(dataDir.toAbsolutePath().normalize().toString()), said);
            assertTrue(said.contains("pid " + first.handle().pid()), said);
            JsonNode run = api.get("/api/runs/" + runId).json();
            assertEquals("running", run.get("status").asText(), "no recovery touched the live run: " + run);
            assertEquals(200, api.delete("/api/runs/" + runId).status());
            assertEquals("cancelled", Runs.awaitEnd(api, runId, WAIT).get("status").asText());
        }
    }

    private static List<String> secondCommand(String[] options) {
        Path jar = Path.of(System.getProperty("prismq.jar", "target/prismq-runner.jar"));
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-jar", jar.toString()));
        command.addAll(List.of(options));
        return command;
    }
}
