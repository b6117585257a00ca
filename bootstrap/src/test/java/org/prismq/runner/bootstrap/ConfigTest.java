package org.prismq.runner.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.prismq.runner.application.port.out.NodeId;

class ConfigTest {

    private static Config parse(List<String> args, Map<String, String> environment) {
        return Config.parse(args, environment::get);
    }

    @Test
    void withoutOptionsTheSpecDefaultsApply() {
        Config config = parse(List.of(), Map.of());

        assertEquals("127.0.0.1", config.host());
        assertEquals(8000, config.port());
        assertEquals(Path.of("./data"), config.dataDir());
        assertNull(config.modules());
        assertNull(config.scriptsRoot());
        assertEquals(10, config.maxConcurrent());
        assertEquals(100, config.queueSize());
        assertEquals(Duration.ofSeconds(3600), config.runTimeout());
        assertEquals(Duration.ofSeconds(5), config.gracePeriod());
        assertEquals(10_000, config.maxBufferSize());
        assertEquals(65_536, config.maxLineLength());
        assertEquals(Duration.ofSeconds(15), config.keepalive());
        assertNull(config.token());
        assertEquals(List.of("http://localhost:5173", "http://127.0.0.1:5173"), config.corsOrigins());
        assertEquals(256, config.minFreeMemoryMb());
        assertEquals(95.0, config.maxCpuPercent());
        assertEquals(500, config.minFreeDiskMb());
        assertNull(config.nodeId());
        assertEquals(Duration.ofSeconds(15), config.nodeTimeout());
        assertNull(config.maxConnections(), "chosen from the file-descriptor limit at start");
        assertNull(config.maxRunOutputMb(), "no output cap unless asked");
        assertNull(config.keepDays(), "retention is off unless asked for");
        assertNull(config.keepRuns(), "retention is off unless asked for");
    }

    @Test
    void retentionComesFromTheOptionsOrTheirVariables() {
        Config config = parse(List.of("--keep-days", "30"), Map.of("PRISMQ_KEEP_RUNS", "200"));

        assertEquals(30, config.keepDays());
        assertEquals(200, config.keepRuns());
    }

    @Test
    void theFreeDiskSpaceRunsWaitForComesFromTheOptionOrItsVariable() {
        assertEquals(2048, parse(List.of("--min-free-disk-mb", "2048"), Map.of()).minFreeDiskMb());
        assertEquals(0, parse(List.of(), Map.of("PRISMQ_MIN_FREE_DISK_MB", "0")).minFreeDiskMb());
    }

    @Test
    void theOutputCapComesFromTheOptionOrItsVariable() {
        assertEquals(1.0, parse(List.of("--max-run-output-mb", "1"), Map.of()).maxRunOutputMb());
        assertEquals(0.5, parse(List.of(), Map.of("PRISMQ_MAX_RUN_OUTPUT_MB", "0.5")).maxRunOutputMb());
        assertNull(parse(List.of(), Map.of("PRISMQ_MAX_RUN_OUTPUT_MB", "")).maxRunOutputMb());
    }

    @Test
    void theConnectionCapComesFromTheOptionOrItsVariable() {
        assertEquals(500, parse(List.of("--max-connections", "500"), Map.of()).maxConnections());
        assertEquals(64, parse(List.of(), Map.of("PRISMQ_MAX_CONNECTIONS", "64")).maxConnections());
        assertNull(parse(List.of(), Map.of("PRISMQ_MAX_CONNECTIONS", " ")).maxConnections());
    }

    @Test
    void aNodeSharingADatabaseMayBeNamedAndGivenItsTimeout() {
        Config config = parse(List.of("--database", "jdbc:postgresql://db.test/prismq", "--node-id", "worker-1.eu",
                "--node-timeout", "30"), Map.of());

        assertEquals(new NodeId("worker-1.eu"), config.nodeId());
        assertEquals(Duration.ofSeconds(30), config.nodeTimeout());
    }

    @Test
    void environmentVariablesSetOptionsAndTheCommandLineWins() {
        Config config = parse(List.of("--port", "9001", "--cors-origin", "http://a.test", "--cors-origin=http://b.test"),
                Map.of("PRISMQ_PORT", "7000", "PRISMQ_MAX_CONCURRENT", "3", "PRISMQ_TOKEN", "secret",
                        "PRISMQ_CORS_ORIGIN", "http://ignored.test"));

        assertEquals(9001, config.port());
        assertEquals(3, config.maxConcurrent());
        assertEquals("secret", config.token());
        assertEquals(List.of("http://a.test", "http://b.test"), config.corsOrigins());
    }

    @Test
    void aCommaSeparatedVariableGivesSeveralOrigins() {
        Config config = parse(List.of(), Map.of("PRISMQ_CORS_ORIGIN", "http://a.test, http://b.test"));
        assertEquals(List.of("http://a.test", "http://b.test"), config.corsOrigins());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--port|abc|--port must be a whole number, was 'abc'",
        "--port|70000|--port must be between 0 and 65535, was 70000",
        "--max-concurrent|0|--max-concurrent must be between 1 and 10000, was 0",
        "--max-cpu-percent|0|--max-cpu-percent must be above 0 and at most 100, was 0",
        "--max-connections|0|--max-connections must be between 1 and 1000000, was 0",
        "--min-free-disk-mb|-1|--min-free-disk-mb must be between 0 and 2147483647, was -1",
        "--max-connections|many|--max-connections must be a whole number, was 'many'",
        "--keep-days|0|--keep-days must be between 1 and 1000000, was 0",
        "--keep-runs|-1|--keep-runs must be between 1 and 1000000000, was -1",
        "--max-run-output-mb|0|--max-run-output-mb must be a number above 0, was 0",
        "--max-run-output-mb|lots|--max-run-output-mb must be a number, was 'lots'",
        "--nonsense|1|unknown option --nonsense (see --help)",
    })
    void badValuesAreRefusedNamingTheOption(String option, String value, String message) {
        ConfigException error = assertThrows(ConfigException.class, () -> parse(List.of(option, value), Map.of()));
        assertEquals(message, error.getMessage());
    }

    @Test
    void aBadEnvironmentValueNamesTheVariable() {
        ConfigException error = assertThrows(ConfigException.class,
                () -> parse(List.of(), Map.of("PRISMQ_GRACE_PERIOD", "soon")));
        assertEquals("--grace-period (from PRISMQ_GRACE_PERIOD) must be a whole number, was 'soon'",
                error.getMessage());
    }

    @Test
    void withoutDatabaseRunsAndLogsGoToSqlite() {
        assertNull(parse(List.of(), Map.of()).database());
    }

    @Test
    void databaseSelectsPostgresqlWithCredentialsFromOptionsOrVariables() {
        Config fromOptions = parse(List.of("--database", "jdbc:postgresql://db.test:5433/prismq",
                "--database-user", "runner", "--database-password", " pass word "), Map.of());
        Config fromVariables = parse(List.of(), Map.of("PRISMQ_DATABASE", "jdbc:postgresql://db.test/prismq",
                "PRISMQ_DATABASE_USER", "runner", "PRISMQ_DATABASE_PASSWORD", "secret"));
        Config inUrl = parse(List.of("--database", "jdbc:postgresql://db.test/prismq?user=u&password=p"), Map.of());

        assertEquals(new Config.Database("jdbc:postgresql://db.test:5433/prismq", "runner", " pass word "),
                fromOptions.database());
        assertEquals(new Config.Database("jdbc:postgresql://db.test/prismq", "runner", "secret"),
                fromVariables.database());
        assertEquals(new Config.Database("jdbc:postgresql://db.test/prismq?user=u&password=p", null, null),
                inUrl.database());
    }

    @Test
    void theDatabasePasswordIsNotShownWithTheConfiguration() {
        Config config = parse(List.of("--database", "jdbc:postgresql://db.test/prismq"),
                Map.of("PRISMQ_DATABASE_PASSWORD", "s3cr3t-value"));

        assertTrue(!config.toString().contains("s3cr3t-value"), config.toString());
        assertTrue(config.toString().contains("password=***"), config.toString());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--database|postgres://user:pw@db.test/prismq|--database must be a PostgreSQL JDBC URL: "
                + "jdbc:postgresql://host:port/database",
        "--database|jdbc:sqlite:prismq.db|--database must be a PostgreSQL JDBC URL: "
                + "jdbc:postgresql://host:port/database",
        "--database-user|runner|--database-user is for PostgreSQL and needs --database",
        "--database-password|secret|--database-password is for PostgreSQL and needs --database",
    })
    void databaseOptionsThatCannotWorkAreRefusedWithoutQuotingTheUrl(String option, String value, String message) {
        ConfigException error = assertThrows(ConfigException.class, () -> parse(List.of(option, value), Map.of()));
        assertEquals(message, error.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--node-id|node one|--node-id must be 1 to 64 letters, digits, '.', '_' or '-', was 'node one'",
        "--node-timeout|2|--node-timeout must be between 3 and 3600, was 2",
    })
    void badNodeOptionsAreRefusedNamingTheOption(String option, String value, String message) {
        ConfigException error = assertThrows(ConfigException.class,
                () -> parse(List.of("--database", "jdbc:postgresql://db.test/prismq", option, value), Map.of()));
        assertEquals(message, error.getMessage());
    }

    @Test
    void nodeOptionsWithoutADatabaseToShareAreRefused() {
        ConfigException byOption = assertThrows(ConfigException.class,
                () -> parse(List.of("--node-id", "worker-1"), Map.of()));
        assertEquals("--node-id is for nodes sharing a PostgreSQL database and needs --database", byOption.getMessage());
        ConfigException byVariable = assertThrows(ConfigException.class,
                () -> parse(List.of(), Map.of("PRISMQ_NODE_TIMEOUT", "30")));
        assertEquals("--node-timeout (from PRISMQ_NODE_TIMEOUT) is for nodes sharing a PostgreSQL database and "
                + "needs --database", byVariable.getMessage());
    }

    @Test
    void anOptionWithoutValueOrGivenTwiceIsRefused() {
        assertThrows(ConfigException.class, () -> parse(List.of("--port"), Map.of()));
        assertThrows(ConfigException.class, () -> parse(List.of("--port", "1", "--port", "2"), Map.of()));
        assertThrows(ConfigException.class, () -> parse(List.of("stray"), Map.of()));
    }

    @Test
    void scriptsOutsideTheRootAreRefusedUnlessTheSwitchOrItsVariableAllowsThem() {
        assertFalse(parse(List.of(), Map.of()).scriptsOutsideRootAllowed());
        assertTrue(parse(List.of("--allow-scripts-outside-root"), Map.of()).scriptsOutsideRootAllowed());
        assertTrue(parse(List.of("--allow-scripts-outside-root", "--port", "1"), Map.of())
                .scriptsOutsideRootAllowed(), "a switch does not take the next argument as its value");
        assertEquals(1, parse(List.of("--allow-scripts-outside-root", "--port", "1"), Map.of()).port());
        assertTrue(parse(List.of(), Map.of("PRISMQ_ALLOW_SCRIPTS_OUTSIDE_ROOT", "TRUE"))
                .scriptsOutsideRootAllowed());
        assertFalse(parse(List.of("--allow-scripts-outside-root=false"),
                Map.of("PRISMQ_ALLOW_SCRIPTS_OUTSIDE_ROOT", "true")).scriptsOutsideRootAllowed());
        ConfigException bad = assertThrows(ConfigException.class,
                () -> parse(List.of(), Map.of("PRISMQ_ALLOW_SCRIPTS_OUTSIDE_ROOT", "yes")));
        assertEquals("--allow-scripts-outside-root (from PRISMQ_ALLOW_SCRIPTS_OUTSIDE_ROOT) must be true or false, "
                + "was 'yes'", bad.getMessage());
    }

    @Test
    void helpListsEveryOptionWithItsVariableAndExitsWithoutStarting() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = Main.run(List.of("--help"), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

        String help = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, code);
        for (Option option : Option.values()) {
            assertTrue(help.contains("--" + option.flag()), option.flag());
            assertTrue(help.contains(option.environmentVariable()), option.environmentVariable());
        }
    }

    @Test
    void aConfigurationErrorExitsWithCode2AndAMessageOnStderr() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(List.of("--port", "x"), new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

        assertEquals(2, code);
        assertEquals("prismq-runner: --port must be a whole number, was 'x'",
                err.toString(StandardCharsets.UTF_8).strip());
    }
}
