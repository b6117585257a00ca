package org.prismq.runner.adapters.http;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.prismq.runner.domain.catalog.ConditionalDisplay;
import org.prismq.runner.domain.catalog.ModuleDefinition;
import org.prismq.runner.domain.catalog.ModuleId;
import org.prismq.runner.domain.catalog.ModuleStatus;
import org.prismq.runner.domain.catalog.ParameterDefinition;
import org.prismq.runner.domain.catalog.ParameterType;
import org.prismq.runner.domain.catalog.TextRule;
import org.prismq.runner.domain.log.LogEntry;
import org.prismq.runner.domain.log.LogLevel;
import org.prismq.runner.domain.log.LogStream;
import org.prismq.runner.domain.run.Progress;
import org.prismq.runner.domain.run.Run;
import org.prismq.runner.domain.run.RunId;

/** Domain objects for the tests. */
final class Fixtures {

    static final Instant T0 = Instant.parse("2024-05-01T12:00:00.123456Z");
    static final ModuleId DEMO = new ModuleId("demo");
    static final ModuleId PLAIN = new ModuleId("plain");
    static final ModuleId DISABLED = new ModuleId("disabled");
    static final RunId QUEUED = new RunId("run_20240501_120000_demo_00000001");
    static final RunId RUNNING = new RunId("run_20240501_120000_demo_00000002");
    static final RunId COMPLETED = new RunId("run_20240501_120000_demo_00000003");
    static final RunId SILENT = new RunId("run_20240501_120000_plain_00000004");

    private Fixtures() {
    }

    /** A module that uses every kind of parameter and every catalog field, with a secret in its env. */
    static ModuleDefinition demoModule() {
        List<ParameterDefinition> parameters = List.of(
                new ParameterDefinition("query", ParameterType.TEXT, "trending songs", true, "Search query",
                        "Query", "type here", null, null, null, new TextRule("^[a-z ]+$", "letters only"), null,
                        null),
                new ParameterDefinition("max_results", ParameterType.NUMBER, 10, false, "How many", null, null,
                        null, 1.0, 100.0, null, null, null),
                new ParameterDefinition("ratio", ParameterType.NUMBER, 2.5, false, null, null, null, null, 0.5,
                        null, null, null, null),
                new ParameterDefinition("mode", ParameterType.SELECT, "fast", false, null, null, null,
                        List.of("fast", "slow"), null, null, null, null, "slow is slow"),
                new ParameterDefinition("verbose", ParameterType.CHECKBOX, false, false, null, null, null, null,
                        null, null, null, null, null),
                new ParameterDefinition("api_key", ParameterType.PASSWORD, "", false, null, null, null, null, null,
                        null, null, new ConditionalDisplay("mode", "slow"), null));
        return new ModuleDefinition(DEMO, "Demo Module", "Shows every field", "Sources/Demo", "1.2.0",
                "../scripts/demo.py", Path.of("scripts", "demo.py"), Path.of("work"), parameters,
                List.of("demo", "test"), ModuleStatus.ACTIVE, true, List.of("bash"), 120,
                Map.of("API_SECRET", "s3cr3t-value"));
    }

    /** A module with no optional field set. */
    static ModuleDefinition plainModule() {
        return new ModuleDefinition(PLAIN, "Plain", null, null, null, "plain.py", Path.of("scripts", "plain.py"),
                Path.of("scripts"), List.of(), List.of(), ModuleStatus.INACTIVE, true, null, null, null);
    }

    static ModuleDefinition disabledModule() {
        return new ModuleDefinition(DISABLED, "Disabled", null, null, null, "off.py", Path.of("off.py"),
                Path.of(""), List.of(), List.of(), ModuleStatus.MAINTENANCE, false, null, null, null);
    }

    static Run queuedRun() {
        return Run.queued(QUEUED, DEMO, "Demo Module", Map.of(), T0);
    }

    static Run runningRun() {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("query", "abc");
        parameters.put("max_results", 10L);
        parameters.put("api_key", ParameterDefinition.MASK);
        return Run.queued(RUNNING, DEMO, "Demo Module", parameters, T0.plusSeconds(1))
                .start(Instant.now().minusSeconds(10))
                .withProgress(new Progress(45.0, 9L, 20L));
    }

    static Run completedRun() {
        return Run.queued(COMPLETED, DEMO, "Demo Module", Map.of(), T0.plusSeconds(2))
                .start(T0.plusSeconds(3))
                .exited(0, null, T0.plusSeconds(5));
    }

    static Run silentRun() {
        return Run.queued(SILENT, PLAIN, "Plain", Map.of(), T0.plusSeconds(3))
                .start(T0.plusSeconds(4))
                .exited(3, "exit code 3", T0.plusSeconds(6));
    }

    static LogEntry line(long seq, String message) {
        return new LogEntry(seq, T0.plusMillis(seq), seq % 2 == 0 ? LogLevel.WARNING : LogLevel.INFO,
                seq % 3 == 0 ? LogStream.STDERR : LogStream.STDOUT, message);
    }

    static List<LogEntry> lines(int count) {
        List<LogEntry> lines = new ArrayList<>(count);
        for (int seq = 1; seq <= count; seq++) {
            lines.add(line(seq, "line " + seq));
        }
        return lines;
    }
}
