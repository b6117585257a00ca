package org.prismq.runner.adapters.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.prismq.runner.application.port.out.LaunchSpec;
import org.prismq.runner.application.port.out.ProcessIdentity;
import org.prismq.runner.application.port.out.RunningProcess;
import org.prismq.runner.application.port.out.StopOutcome;
import org.prismq.runner.domain.run.RunId;

/**
 * Runs held in cgroups v2: a daemon that forked twice and called {@code setsid} has left the process tree, yet a
 * stop reaches it. Needs Linux with a writable cgroup v2 hierarchy (e.g. as root), and is skipped, saying so,
 * without one.
 */
class CgroupStopTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    /** Prints its pid, then detaches from the module for good: two forks, a new session, output to the null device. */
    private static final String DAEMON = """
            python3 -c '
            import os, sys, time
            if os.fork() == 0:
                os.setsid()
                if os.fork() == 0:
                    print("daemon", os.getpid(), flush=True)
                    null = os.open(os.devnull, os.O_RDWR)
                    for fd in (0, 1, 2):
                        os.dup2(null, fd)
                    time.sleep(300)
                os._exit(0)
            os.wait()
            '
            """;

    @TempDir
    Path directory;

    private final List<RunningProcess> started = new ArrayList<>();
    private final List<ProcessHandle> printed = new ArrayList<>();

    @BeforeAll
    static void requireCgroups() {
        assumeTrue(Cgroups.find().isPresent(), "no writable cgroup v2 hierarchy holds this JVM (Linux, as root or "
                + "with a delegated cgroup): runs are followed as process trees here");
    }

    @AfterEach
    void stopEverything() {
        started.forEach(process -> process.stop(Duration.ZERO));
        printed.forEach(ProcessHandle::destroyForcibly);
    }

    @Test
    void aStopLeavesNoProcessOfTheRunNotEvenADaemonThatForkedTwiceAndCalledSetsid() throws IOException {
        RecordingOutput output = new RecordingOutput();
        RunningProcess module = launch(new ProcessBuilderLauncher(settings()), "daemonizing.sh",
                "echo \"root $$\"\n" + DAEMON + "echo detached\nsleep 1000\n", output);
        ProcessHandle root = remember(output.awaitProcess("root", TIMEOUT));
        ProcessHandle daemon = remember(output.awaitProcess("daemon", TIMEOUT));
        output.awaitLine(org.prismq.runner.domain.log.LogStream.STDOUT, "detached"::equals, TIMEOUT);
        assertFalse(root.descendants().anyMatch(daemon::equals), "the daemon has left the module's tree");
        Path cgroup = Path.of(module.identity().cgroup());

        StopOutcome outcome = module.stop(Duration.ofSeconds(2));

        assertTrue(outcome.allStopped(), outcome.describe());
        assertFalse(ProcessTree.isRunning(root), "the module is gone");
        assertFalse(ProcessTree.isRunning(daemon), "the daemon " + daemon.pid() + " is gone");
        assertEquals(128 + 15, output.awaitExit(TIMEOUT));
        assertFalse(Files.exists(cgroup), "the run's cgroup is removed");
    }

    @Test
    void whatAModuleLeavesRunningInItsCgroupIsKilledBeforeItsExitIsAnnounced() throws IOException {
        RecordingOutput output = new RecordingOutput();
        RunningProcess module = launch(new ProcessBuilderLauncher(settings()), "leaves-a-daemon.sh",
                DAEMON + "echo leaving\n", output);
        ProcessHandle daemon = remember(output.awaitProcess("daemon", TIMEOUT));
        Path cgroup = Path.of(module.identity().cgroup());

        assertEquals(0, output.awaitExit(TIMEOUT));

        assertFalse(ProcessTree.isRunning(daemon), "the daemon " + daemon.pid() + " is gone");
        assertFalse(Files.exists(cgroup), "the run's cgroup is removed");
    }

    @Test
    void theModuleIsInItsCgroupFromItsFirstInstructionAndKeepsItsPid() throws IOException {
        RecordingOutput output = new RecordingOutput();
        RunningProcess module = launch(new ProcessBuilderLauncher(settings()), "where.sh",
                "echo \"root $$\"\ncat /proc/self/cgroup | grep '^0::'\n", output);
        ProcessIdentity identity = module.identity();

        assertEquals(0, output.awaitExit(TIMEOUT));

        assertEquals("root " + module.pid(), output.stdout().getFirst());
        assertEquals(module.pid(), identity.pid());
        String line = output.stdout().get(1);
        assertTrue(identity.cgroup().endsWith(line.substring("0::".length())),
                identity.cgroup() + " holds the module: " + line);
    }

    @Test
    void withoutCgroupsTheSameDaemonEscapesTheStop() throws IOException {
        RecordingOutput output = new RecordingOutput();
        RunningProcess module = launch(new ProcessBuilderLauncher(settings(), Optional.empty()), "escaping.sh",
                "echo \"root $$\"\n" + DAEMON + "echo detached\nsleep 1000\n", output);
        ProcessHandle daemon = remember(output.awaitProcess("daemon", TIMEOUT));

        module.stop(Duration.ofMillis(500));

        assertEquals(128 + 15, output.awaitExit(TIMEOUT));
        assertTrue(ProcessTree.isRunning(daemon), "a process tree cannot find a daemon that left it");
        assertEquals(null, module.identity().cgroup());
    }

    @Test
    void whenTheServiceDiesItsGuardKillsEveryRunAndRemovesTheCgroups() throws Exception {
        Path folder = Cgroups.find().orElseThrow().folder().resolveSibling(Cgroups.FOLDER_PREFIX + "guard-test-"
                + ProcessHandle.current().pid());
        Cgroups service = new Cgroups(folder);
        RunCgroup run = service.create(new RunId("run_guarded"));
        Process sleeper = new ProcessBuilder("sleep", "300").start();
        printed.add(sleeper.toHandle());
        try {
            Files.writeString(run.path().resolve("cgroup.procs"), Long.toString(sleeper.pid()));
            Process guard = service.guardProcess().orElseThrow();

            // What the kernel does to the guard's pipe when this JVM dies, however it dies.
            guard.getOutputStream().close();

            assertTrue(sleeper.waitFor(TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS), "the run died");
            assertTrue(guard.waitFor(TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS), "the guard ended");
            assertFalse(Files.exists(folder), "the guard removed the cgroups");
        } finally {
            if (Files.exists(run.path())) {
                run.kill(TIMEOUT);
            }
            Files.deleteIfExists(run.path());
            Files.deleteIfExists(folder);
        }
    }

    private static LauncherSettings settings() {
        return new LauncherSettings(LauncherSettings.DEFAULT_MAX_LINE_BYTES, Duration.ofMillis(500));
    }

    private RunningProcess launch(ProcessBuilderLauncher launcher, String name, String content,
                                  RecordingOutput output) throws IOException {
        Path script = Files.writeString(directory.resolve(name), content, StandardCharsets.UTF_8);
        RunningProcess process = launcher.launch(
                new LaunchSpec(new RunId("run_cgroup"), script, List.of(), List.of(), Map.of(), directory), output);
        started.add(process);
        return process;
    }

    private ProcessHandle remember(ProcessHandle process) {
        printed.add(process);
        return process;
    }
}
