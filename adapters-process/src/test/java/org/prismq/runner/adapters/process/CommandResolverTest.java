package org.prismq.runner.adapters.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.prismq.runner.application.port.out.LaunchFailedException;
import org.prismq.runner.application.port.out.LaunchSpec;
import org.prismq.runner.domain.run.RunId;

class CommandResolverTest {

    @TempDir
    Path directory;

    @Test
    void runsPythonScriptsWithPython3AndFallsBackToPython() throws IOException {
        assumeTrue(isPosix());
        Path bin = Files.createDirectory(directory.resolve("bin"));
        Path python = executable(bin.resolve("python"));
        CommandResolver resolver = new CommandResolver(new ExecutableFinder(false), false);
        Map<String, String> environment = Map.of("PATH", bin.toString());

        assertEquals(List.of(python.toString(), script("m.py"), "x"), resolver.argv(spec("m.py", "x"), environment));

        Path python3 = executable(bin.resolve("python3"));
        assertEquals(List.of(python3.toString(), script("m.py")), resolver.argv(spec("m.py"), environment));
    }

    @Test
    void picksTheInterpreterByExtension() throws IOException {
        assumeTrue(isPosix());
        Path bin = Files.createDirectory(directory.resolve("bin"));
        Path sh = executable(bin.resolve("sh"));
        Path node = executable(bin.resolve("node"));
        Path pwsh = executable(bin.resolve("pwsh"));
        CommandResolver resolver = new CommandResolver(new ExecutableFinder(false), false);
        Map<String, String> environment = Map.of("PATH", bin.toString());

        assertEquals(List.of(sh.toString(), script("m.SH")), resolver.argv(spec("m.SH"), environment));
        assertEquals(List.of(node.toString(), script("m.js")), resolver.argv(spec("m.js"), environment));
        assertEquals(List.of(pwsh.toString(), "-NoProfile", "-NonInteractive", "-File", script("m.ps1")),
                resolver.argv(spec("m.ps1"), environment));
        assertEquals(List.of(script("m.exe"), "a"), resolver.argv(spec("m.exe", "a"), environment));
    }

    @Test
    void namesTheMissingInterpreter() {
        CommandResolver resolver = new CommandResolver(new ExecutableFinder(false), false);
        Map<String, String> environment = Map.of("PATH", directory.toString());

        assertFailure("no Python interpreter found on PATH (tried python3, python)", resolver, spec("m.py"),
                environment);
        assertFailure("no shell found on PATH (tried bash, sh)", resolver, spec("m.sh"), environment);
        assertFailure("interpreter not found: node", resolver, spec("m.js"), environment);
        assertFailure("interpreter not found: pwsh", resolver, spec("m.ps1"), environment);
    }

    @Test
    void usesPyLauncherOnWindows() throws IOException {
        Files.writeString(directory.resolve("py.exe"), "");
        Files.writeString(directory.resolve("python.exe"), "");
        CommandResolver resolver = new CommandResolver(new ExecutableFinder(true), true);

        Map<String, String> environment = Map.of("PATH", directory.toString(), "PATHEXT", ".exe");

        assertEquals(List.of(directory.resolve("py.exe").toString(), "-3", script("m.py")),
                resolver.argv(spec("m.py"), environment));
        Files.delete(directory.resolve("py.exe"));
        assertEquals(List.of(directory.resolve("python.exe").toString(), script("m.py")),
                resolver.argv(spec("m.py"), environment));
    }

    @Test
    void resolvesACommandWithADirectoryAgainstTheWorkingDirectory() throws IOException {
        assumeTrue(isPosix());
        Path python = executable(Files.createDirectories(directory.resolve("venv/bin")).resolve("python"));
        CommandResolver resolver = new CommandResolver(new ExecutableFinder(false), false);
        LaunchSpec spec = new LaunchSpec(new RunId("run_1"), directory.resolve("m.py"),
                List.of("./venv/bin/python", "-X", "dev"), List.of("a"), Map.of(), directory);

        assertEquals(List.of(python.toString(), "-X", "dev", script("m.py"), "a"), resolver.argv(spec, Map.of()));
    }

    @Test
    void refusesArgumentsThatCmdWouldInterpretForBatchFilesOnWindows() {
        CommandResolver resolver = new CommandResolver(new ExecutableFinder(true), true);

        assertEquals(List.of(script("m.bat"), "plain", "with space"),
                resolver.argv(spec("m.bat", "plain", "with space"), Map.of()));
        assertFailure("cannot pass argument 2 literally to batch file " + script("m.cmd") + ": it contains '&'",
                resolver, spec("m.cmd", "ok", "a & calc"), Map.of());
        assertFailure("cannot pass argument 1 literally to batch file " + script("m.bat") + ": it contains '%'",
                resolver, spec("m.bat", "%PATH%"), Map.of());
        assertEquals(List.of(script("m.exe"), "a & b"), resolver.argv(spec("m.exe", "a & b"), Map.of()));
    }

    @Test
    void refusesSuchArgumentsForABatchFileRunByAGivenCommandOnWindows() throws IOException {
        Files.writeString(directory.resolve("cmd.exe"), "");
        CommandResolver resolver = new CommandResolver(new ExecutableFinder(true), true);
        LaunchSpec viaCmd = new LaunchSpec(new RunId("run_1"), directory.resolve("m.bat"),
                List.of("./cmd.exe", "/c"), List.of("x|y"), Map.of(), directory);

        assertFailure("cannot pass argument 1 literally to batch file " + script("m.bat") + ": it contains '|'",
                resolver, viaCmd, Map.of());
    }

    private static void assertFailure(String message, CommandResolver resolver, LaunchSpec spec,
                                      Map<String, String> environment) {
        assertEquals(message, assertThrows(LaunchFailedException.class, () -> resolver.argv(spec, environment))
                .getMessage());
    }

    private LaunchSpec spec(String script, String... arguments) {
        return new LaunchSpec(new RunId("run_1"), directory.resolve(script), List.of(), List.of(arguments), Map.of(),
                directory);
    }

    private String script(String name) {
        return directory.resolve(name).toString();
    }

    private static Path executable(Path file) throws IOException {
        Files.writeString(file, "#!/bin/sh\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    private static boolean isPosix() {
        return !System.getProperty("os.name").startsWith("Windows");
    }
}
