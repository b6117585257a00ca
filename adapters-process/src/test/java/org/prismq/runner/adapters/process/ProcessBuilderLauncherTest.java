package org.prismq.runner.adapters.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.prismq.runner.application.port.out.LaunchFailedException;
import org.prismq.runner.application.port.out.LaunchSpec;
import org.prismq.runner.application.port.out.ProcessOutput;
import org.prismq.runner.application.port.out.RunningProcess;
import org.prismq.runner.domain.log.LogStream;
import org.prismq.runner.domain.run.RunId;

class ProcessBuilderLauncherTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @TempDir
    Path directory;

    private final ProcessBuilderLauncher launcher = new ProcessBuilderLauncher(LauncherSettings.defaults());
    private final List<RunningProcess> started = new ArrayList<>();

    @AfterEach
    void stopEverything() {
        started.forEach(process -> process.stop(Duration.ZERO));
    }

    @Test
    void deliversEveryLineOnItsOwnStreamInOrder() throws IOException {
        RecordingOutput output = launch(script("lines.py", """
                import sys
                for i in range(500):
                    print(f"out {i}")
                    print(f"err {i}", file=sys.stderr)
                """));

        assertEquals(0, output.awaitExit(TIMEOUT));
        assertEquals(numbered("out ", 500), output.stdout());
        assertEquals(numbered("err ", 500), output.stderr());
    }

    @Test
    void deliversTwoHundredThousandInterleavedLinesCompleteAndInBatches() throws IOException {
        RecordingOutput output = launch(script("flood.py", """
                import sys
                for start in range(0, 200000, 500):
                    sys.stdout.write("".join(f"out {i}\\n" for i in range(start, start + 500)))
                    sys.stderr.write("".join(f"err {i}\\n" for i in range(start, start + 500)))
                """));

        assertEquals(0, output.awaitExit(TIMEOUT));
        assertEquals(numbered("out ", 200_000), output.stdout());
        assertEquals(numbered("err ", 200_000), output.stderr());
        assertTrue(output.batches() * 10 < 400_000, "lines arrive in batches, not one by one: " + output.batches());
    }

    @Test
    void deliversTheLastLinesWithoutBreakBeforeTheExitCode() throws IOException {
        RecordingOutput output = launch(script("tail.sh", """
                echo first
                printf 'error tail' >&2
                printf 'last words'
                exit 3
                """));

        assertEquals(3, output.awaitExit(TIMEOUT));
        assertEquals(List.of("first", "last words"), output.stdout());
        assertEquals(List.of("error tail"), output.stderr());
    }

    @Test
    void deliversCarriageReturnRewritesAsFramesAndTheLineOnceInItsFinalState() throws IOException {
        RecordingOutput output = launch(script("progress.py", """
                import os, sys, time
                sys.stdout.write("start\\r10%\\r")
                sys.stdout.flush()
                while not os.path.exists("go"):
                    time.sleep(0.01)
                sys.stdout.write("55%\\r100%\\r\\ndone\\n")
                """));

        output.awaitFrame("10%"::equals, TIMEOUT);
        assertEquals(List.of(), output.stdout(), "a frame is not a line");
        Files.writeString(directory.resolve("go"), "");

        assertEquals(0, output.awaitExit(TIMEOUT));
        assertEquals(List.of("100%", "done"), output.stdout());
        assertTrue(List.of("start", "10%", "55%", "100%").containsAll(output.frames()), "frames " + output.frames());
    }

    @Test
    void replacesInvalidUtf8AndKeepsValidCharacters() throws IOException {
        RecordingOutput output = launch(script("bytes.sh", """
                printf 'bad \\xff\\xfe end\\n'
                echo 'ok žluťoučký 🚀'
                """));

        assertEquals(0, output.awaitExit(TIMEOUT));
        assertEquals(List.of("bad \uFFFD\uFFFD end", "ok žluťoučký 🚀"), output.stdout());
    }

    @Test
    void keepsAnsiEscapeCodes() throws IOException {
        RecordingOutput output = launch(script("colour.sh", """
                printf '\\033[1;31mred\\033[0m plain\\n'
                """));

        assertEquals(0, output.awaitExit(TIMEOUT));
        assertEquals(List.of("\u001B[1;31mred\u001B[0m plain"), output.stdout());
    }

    @Test
    void cutsAMegabyteLineInto64KiBPiecesBetweenCharacters() throws IOException {
        RecordingOutput output = launch(script("long.py", """
                import sys
                sys.stdout.write("a" + "é" * (512 * 1024) + "\\n")
                print("after")
                """));

        assertEquals(0, output.awaitExit(TIMEOUT));
        List<String> lines = output.stdout();
        List<String> pieces = lines.subList(0, lines.size() - 1);
        assertEquals("after", lines.getLast());
        assertEquals("a" + "é".repeat(512 * 1024), String.join("", pieces));
        assertEquals(17, pieces.size());
        for (String piece : pieces) {
            int bytes = piece.getBytes(StandardCharsets.UTF_8).length;
            assertTrue(bytes <= 64 * 1024, "piece of " + bytes + " bytes");
            assertFalse(piece.contains("\uFFFD"), "a piece was cut inside a character");
        }
    }

    @Test
    void passesArgumentsLiterally() throws IOException {
        List<String> arguments = List.of("; rm -rf ~", "$(reboot)", "`id`", "a  b", "", "*", "'single'",
                "\"double\"", "ünï 🚀", "--home=$HOME", "|", "&&", "\\", "%PATH%");
        RecordingOutput output = new RecordingOutput();
        started.add(launcher.launch(spec(script("args.py", """
                import sys
                for argument in sys.argv[1:]:
                    print("arg:" + argument)
                """), List.of(), arguments, Map.of(), directory), output));

        assertEquals(0, output.awaitExit(TIMEOUT));
        assertEquals(arguments.stream().map(argument -> "arg:" + argument).toList(), output.stdout());
    }

    @Test
    void passesTheEnvironmentAndSetsPythonUnbufferedUtf8Output() throws IOException {
        RecordingOutput output = new RecordingOutput();
        started.add(launcher.launch(spec(script("env.py", """
                import os
                for name in ("MODULE_SETTING", "PYTHONUNBUFFERED", "PYTHONIOENCODING"):
                    print(name + "=" + os.environ.get(name, "<unset>"))
                print("PATH inherited" if os.environ["EXPECTED_PATH"] in os.environ["PATH"] else "PATH lost")
                """), List.of(), List.of(),
                Map.of("MODULE_SETTING", "a value; with $pecial chars", "EXPECTED_PATH", System.getenv("PATH")),
                directory), output));

        assertEquals(0, output.awaitExit(TIMEOUT));
        assertEquals(List.of("MODULE_SETTING=a value; with $pecial chars", "PYTHONUNBUFFERED=1",
                "PYTHONIOENCODING=utf-8", "PATH inherited"), output.stdout());
    }

    @Test
    void theServicesOwnVariablesDoNotReachTheModuleButItsCatalogVariablesDo() throws IOException {
        Map<String, String> service = new HashMap<>(System.getenv());
        service.put("PRISMQ_TOKEN", "service-token");
        service.put("PRISMQ_DATABASE_PASSWORD", "service-password");
        service.put("UNRELATED_SETTING", "kept");
        ProcessBuilderLauncher inheriting = new ProcessBuilderLauncher(LauncherSettings.defaults(), service);
        RecordingOutput output = new RecordingOutput();

        started.add(inheriting.launch(spec(script("env.py", """
                import os
                for name, value in sorted(os.environ.items()):
                    print(name + "=" + value)
                """), List.of(), List.of(), Map.of("PRISMQ_MODULE_KEY", "for-the-module"), directory), output));

        assertEquals(0, output.awaitExit(TIMEOUT));
        List<String> printed = output.stdout();
        assertFalse(printed.stream().anyMatch(line -> line.contains("service-token")), printed.toString());
        assertFalse(printed.stream().anyMatch(line -> line.contains("service-password")), printed.toString());
        assertTrue(printed.contains("UNRELATED_SETTING=kept"), printed.toString());
        assertTrue(printed.contains("PRISMQ_MODULE_KEY=for-the-module"), printed.toString());
    }

    @Test
    void deliversPythonLinesWhileTheModuleStillRuns() throws IOException {
        RecordingOutput output = launch(script("live.py", """
                import os, time
                print("waiting")
                while not os.path.exists("go"):
                    time.sleep(0.02)
                print("done")
                """));

        output.awaitLine(LogStream.STDOUT, "waiting"::equals, TIMEOUT);
        assertFalse(output.hasExited());
        Files.createFile(directory.resolve("go"));

        assertEquals(0, output.awaitExit(TIMEOUT));
        assertEquals(List.of("waiting", "done"), output.stdout());
    }

    @Test
    void keepsReadingWhenTheConsumerFails() throws IOException {
        RecordingOutput recording = new RecordingOutput();
        AtomicBoolean failed = new AtomicBoolean();
        ProcessOutput failingOnce = new ProcessOutput() {
            @Override
            public void lines(LogStream stream, List<String> lines) {
                recording.lines(stream, lines);
                if (failed.compareAndSet(false, true)) {
                    throw new IllegalStateException("consumer failure in a test");
                }
            }

            @Override
            public void exited(int exitCode) {
                recording.exited(exitCode);
            }
        };
        started.add(launcher.launch(spec(script("failing.py", """
                import os, time
                print("first")
                while not os.path.exists("go"):
                    time.sleep(0.02)
                print("second")
                """), List.of(), List.of(), Map.of(), directory), failingOnce));
        recording.awaitLine(LogStream.STDOUT, "first"::equals, TIMEOUT);

        Files.createFile(directory.resolve("go"));

        assertEquals(0, recording.awaitExit(TIMEOUT));
        assertEquals(List.of("first", "second"), recording.stdout());
    }

    @Test
    void startsInTheWorkingDirectory() throws IOException {
        Path workingDirectory = Files.createDirectory(directory.resolve("work dir"));
        RecordingOutput output = new RecordingOutput();
        started.add(launcher.launch(spec(script("cwd.py", "import os\nprint(os.getcwd())\n"),
                List.of(), List.of(), Map.of(), workingDirectory), output));

        assertEquals(0, output.awaitExit(TIMEOUT));
        assertEquals(workingDirectory.toRealPath(), Path.of(output.stdout().getFirst()).toRealPath());
    }

    @Test
    void givesEndOfFileOnStdin() throws IOException {
        RecordingOutput output = launch(script("stdin.py", """
                import sys
                print(repr(sys.stdin.read()))
                """));

        assertEquals(0, output.awaitExit(TIMEOUT));
        assertEquals(List.of("''"), output.stdout());
    }

    @Test
    void runsAShellScriptWithBash() throws IOException {
        RecordingOutput output = launch(script("shell.sh", "echo \"bash ${BASH_VERSION:+yes}\"\n"));

        assertEquals(0, output.awaitExit(TIMEOUT));
        assertEquals(List.of("bash yes"), output.stdout());
    }

    @Test
    void runsAJavaScriptModuleWithNode() throws IOException {
        assumeTrue(new ExecutableFinder(false).find("node", System.getenv("PATH"), null).isPresent(),
                "node is not installed");
        RecordingOutput output = launch(script("module.js", "console.log('node ' + process.argv.length);\n"));

        assertEquals(0, output.awaitExit(TIMEOUT));
        assertEquals(List.of("node 2"), output.stdout());
    }

    @Test
    void executesAFileOfAnotherTypeDirectly() throws IOException {
        assumeTrue(isPosix());
        Path module = script("module", "#!/bin/sh\necho \"direct $0\"\n");
        Files.setPosixFilePermissions(module, PosixFilePermissions.fromString("rwx------"));

        RecordingOutput output = launch(module);

        assertEquals(0, output.awaitExit(TIMEOUT));
        assertEquals(List.of("direct " + module), output.stdout());
    }

    @Test
    void runsTheGivenCommandBeforeTheScript() throws IOException {
        RecordingOutput output = new RecordingOutput();
        started.add(launcher.launch(spec(script("module.txt", "echo \"via command: $1\"\n"),
                List.of("bash", "-e"), List.of("first"), Map.of(), directory), output));

        assertEquals(0, output.awaitExit(TIMEOUT));
        assertEquals(List.of("via command: first"), output.stdout());
    }

    @Test
    void failsForAMissingScript() {
        Path missing = directory.resolve("missing.py");

        assertLaunchFails("script not found: " + missing, spec(missing, List.of(), List.of(), Map.of(), directory));
    }

    @Test
    void failsForAMissingWorkingDirectory() throws IOException {
        Path missing = directory.resolve("no such dir");

        assertLaunchFails("working directory not found: " + missing,
                spec(script("ok.py", "print(1)\n"), List.of(), List.of(), Map.of(), missing));
    }

    @Test
    void failsForAMissingInterpreter() throws IOException {
        assertLaunchFails("interpreter not found: no-such-interpreter-4711", spec(script("ok.py", "print(1)\n"),
                List.of("no-such-interpreter-4711"), List.of(), Map.of(), directory));
    }

    @Test
    void failsForAMissingInterpreterGivenByPath() throws IOException {
        assertLaunchFails("interpreter not found: ./venv/bin/python", spec(script("ok.py", "print(1)\n"),
                List.of("./venv/bin/python"), List.of(), Map.of(), directory));
    }

    @Test
    void failsWhenNoPythonIsOnThePath() throws IOException {
        Path emptyDirectory = Files.createDirectory(directory.resolve("empty"));

        assertLaunchFails("no Python interpreter found on PATH (tried python3, python)",
                spec(script("ok.py", "print(1)\n"), List.of(), List.of(), Map.of("PATH", emptyDirectory.toString()),
                        directory));
    }

    @Test
    void failsForAFileWithoutPermissionToExecute() throws IOException {
        assumeTrue(isPosix());
        Path module = script("not-executable", "#!/bin/sh\necho never\n");
        Files.setPosixFilePermissions(module, PosixFilePermissions.fromString("rw-------"));

        assertLaunchFails("cannot start " + module + ": Permission denied",
                spec(module, List.of(), List.of(), Map.of(), directory));
    }

    private void assertLaunchFails(String message, LaunchSpec spec) {
        RecordingOutput output = new RecordingOutput();

        LaunchFailedException failure = assertThrows(LaunchFailedException.class, () -> launcher.launch(spec, output));

        assertEquals(message, failure.getMessage());
        assertFalse(output.called(), "the output must not be called after a failed launch");
    }

    private RecordingOutput launch(Path script) {
        RecordingOutput output = new RecordingOutput();
        started.add(launcher.launch(spec(script, List.of(), List.of(), Map.of(), directory), output));
        return output;
    }

    private Path script(String name, String content) throws IOException {
        return Files.writeString(directory.resolve(name), content, StandardCharsets.UTF_8);
    }

    private static LaunchSpec spec(Path script, List<String> command, List<String> arguments,
                                   Map<String, String> environment, Path workingDirectory) {
        return new LaunchSpec(new RunId("run_test"), script, command, arguments, environment, workingDirectory);
    }

    private static List<String> numbered(String prefix, int count) {
        return IntStream.range(0, count).mapToObj(i -> prefix + i).toList();
    }

    private static boolean isPosix() {
        return !System.getProperty("os.name").startsWith("Windows");
    }
}
