package org.prismq.runner.bootstrap.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sh launcher that the package step writes ({@code target/prismq-runner/bin/prismq-runner}), started with
 * {@code sh} as a user starts it: which Java it picks, the JVM options it gives, the arguments it passes on. The
 * Windows script is not run here.
 */
@DisabledOnOs(OS.WINDOWS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LauncherIT {

    private static final Path LAUNCHER = Path.of(System.getProperty("prismq.launcher",
            "target/prismq-runner/bin/prismq-runner"));
    /** The JDK running this test: 21 or newer, as the build selects it. */
    private static final Path JAVA_HOME = Path.of(System.getProperty("java.home"));

    @TempDir
    Path folder;

    @Test
    void theLauncherStartsTheServiceOnJavaHomeWithABoundedHeapAndPassesEveryArgument() throws Exception {
        ProcessBuilder launcher = launcher("--max-concurrent", "3", "--run-timeout", "77");
        launcher.environment().put("JAVA_HOME", JAVA_HOME.toString());

        try (JarProcess service = JarProcess.start(launcher, folder.resolve("service.log"))) {
            assertEquals(200, new Api(service.url()).get("/api/health").status());
            List<String> commandLine = commandLine(service);
            assertEquals(JAVA_HOME.resolve("bin").resolve("java").toRealPath(),
                    Path.of(commandLine.getFirst()).toRealPath(), "the sh process became the JVM of JAVA_HOME");
            assertInOrder(commandLine, "-Xmx512m", "-XX:+UseG1GC", "-XX:G1PeriodicGCInterval=30000", "-jar");
            assertTrue(commandLine.get(commandLine.indexOf("-jar") + 1).endsWith("prismq-runner.jar"));
            assertInOrder(commandLine, "-jar", "--max-concurrent", "3", "--run-timeout", "77");
        }
    }

    @Test
    void theHeapBoundAndMoreJvmOptionsComeFromTheEnvironmentAfterTheDefaults() throws Exception {
        ProcessBuilder launcher = launcher();
        launcher.environment().put("JAVA_HOME", JAVA_HOME.toString());
        launcher.environment().put("PRISMQ_HEAP", "300m");
        launcher.environment().put("JAVA_OPTS", "-Dprismq.test.a=1 -Dprismq.test.b=*");
        launcher.environment().put("PRISMQ_JAVA_OPTS", "-Xmx320m");

        try (JarProcess service = JarProcess.start(launcher, folder.resolve("service.log"))) {
            List<String> commandLine = commandLine(service);
            assertInOrder(commandLine, "-Xmx300m", "-XX:G1PeriodicGCInterval=30000", "-Dprismq.test.a=1",
                    "-Dprismq.test.b=*", "-Xmx320m", "-jar");
        }
    }

    @Test
    void aJavaHomeOlderThan21IsPassedOverForTheJavaOnThePath() throws Exception {
        Path oldJava = fakeJava(folder.resolve("old-jdk"), "17");
        ProcessBuilder launcher = launcher();
        launcher.environment().put("JAVA_HOME", oldJava.toString());
        launcher.environment().put("PATH", JAVA_HOME.resolve("bin") + ":/usr/bin:/bin");

        Path log = folder.resolve("service.log");
        try (JarProcess service = JarProcess.start(launcher, log)) {
            assertEquals(JAVA_HOME.resolve("bin").resolve("java").toRealPath(),
                    Path.of(commandLine(service).getFirst()).toRealPath());
            assertTrue(Files.readString(log).contains("JAVA_HOME (" + oldJava + ") is not a Java 21 or newer"),
                    Files.readString(log));
        }
    }

    @Test
    void helpIsPrintedAndTheServicesExitCodeComesBack() throws Exception {
        ProcessBuilder help = launcher("--help").redirectErrorStream(true);
        help.environment().put("JAVA_HOME", JAVA_HOME.toString());
        Process process = help.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), output);
        assertTrue(output.contains("--max-concurrent"), output);

        ProcessBuilder wrong = launcher("--max-concurrent", "not-a-number").redirectErrorStream(true);
        wrong.environment().put("JAVA_HOME", JAVA_HOME.toString());
        Process refused = wrong.start();
        String message = new String(refused.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(refused.waitFor(60, TimeUnit.SECONDS));
        assertEquals(2, refused.exitValue(), message);
    }

    /** {@code sh <launcher> args...}, then (but for --help) port 0 and a data folder of this test's own. */
    private ProcessBuilder launcher(String... args) {
        List<String> command = new ArrayList<>(List.of("sh", LAUNCHER.toString()));
        command.addAll(List.of(args));
        if (!List.of(args).contains("--help")) {
            command.addAll(List.of("--port", "0", "--data-dir", folder.resolve("data").toString()));
        }
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> environment = builder.environment();
        environment.remove("JAVA_OPTS");
        environment.remove("PRISMQ_JAVA_OPTS");
        environment.remove("PRISMQ_HEAP");
        return builder;
    }

    /** A JAVA_HOME whose bin/java says it is {@code version} and does nothing else. */
    private static Path fakeJava(Path home, String version) throws IOException {
        Path java = Files.createDirectories(home.resolve("bin")).resolve("java");
        Files.writeString(java, "#!/bin/sh\necho '    java.specification.version = " + version + "' >&2\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        return home;
    }

    private static List<String> commandLine(JarProcess service) {
        ProcessHandle.Info info = service.handle().info();
        List<String> line = new ArrayList<>();
        line.add(info.command().orElseThrow());
        line.addAll(List.of(info.arguments().orElseThrow()));
        return line;
    }

    private static void assertInOrder(List<String> commandLine, String... expected) {
        int from = 0;
        for (String item : expected) {
            int at = commandLine.subList(from, commandLine.size()).indexOf(item);
            assertTrue(at >= 0, item + " after position " + from + " in " + commandLine);
            from += at + 1;
        }
    }
}
