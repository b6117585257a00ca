package org.prismq.runner.adapters.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.prismq.runner.application.port.out.LaunchSpec;
import org.prismq.runner.application.port.out.RunningProcess;
import org.prismq.runner.domain.log.LogStream;
import org.prismq.runner.domain.run.RunId;

/** Stopping real process trees; POSIX only, since these modules are bash scripts that handle SIGTERM. */
class ProcessBuilderLauncherStopTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final Duration DRAIN_TIMEOUT = Duration.ofMillis(500);

    @TempDir
    Path directory;

    private final ProcessBuilderLauncher launcher =
            new ProcessBuilderLauncher(new LauncherSettings(LauncherSettings.DEFAULT_MAX_LINE_BYTES, DRAIN_TIMEOUT));
    private final List<RunningProcess> started = new ArrayList<>();
    private final List<ProcessHandle> printed = new ArrayList<>();

    @BeforeAll
    static void requirePosix() {
        assumeFalse(System.getProperty("os.name").startsWith("Windows"));
    }

    @AfterEach
    void stopEverything() {
        started.forEach(process -> process.stop(Duration.ZERO));
        printed.forEach(ProcessHandle::destroyForcibly);
    }

    @Test
    void stopKillsATreeThatIgnoresSigtermOnceTheGraceIsOver() throws IOException {
        RecordingOutput output = new RecordingOutput();
        RunningProcess module = launch("stubborn.sh", """
                trap '' TERM
                echo "root $$"
                python3 -c '
                import os, signal, subprocess
                signal.signal(signal.SIGTERM, signal.SIG_IGN)
                grandchild = subprocess.Popen(["sleep", "1000"])
                print("child", os.getpid())
                print("grandchild", grandchild.pid, flush=True)
                grandchild.wait()
                ' &
                wait
                """, output);
        ProcessHandle root = remember(output.awaitProcess("root", TIMEOUT));
        ProcessHandle child = remember(output.awaitProcess("child", TIMEOUT));
        ProcessHandle grandchild = remember(output.awaitProcess("grandchild", TIMEOUT));
        assertEquals(module.pid(), root.pid());

        long began = System.nanoTime();
        module.stop(Duration.ofSeconds(1));
        Duration took = Duration.ofNanos(System.nanoTime() - began);

        assertTrue(took.compareTo(Duration.ofMillis(900)) >= 0, "the grace period was not waited: " + took);
        assertTrue(took.compareTo(Duration.ofSeconds(4)) < 0, "stop took " + took);
        assertGone(root, child, grandchild);
        assertEquals(128 + 9, output.awaitExit(TIMEOUT));
    }

    @Test
    void stopLetsAModuleThatHandlesSigtermFinishItsLastWords() throws IOException {
        RecordingOutput output = new RecordingOutput();
        RunningProcess module = launch("polite.sh", """
                trap 'echo goodbye; exit 0' TERM
                sleep 1000 &
                echo "sleeper $!"
                wait
                """, output);
        ProcessHandle sleeper = remember(output.awaitProcess("sleeper", TIMEOUT));

        long began = System.nanoTime();
        module.stop(Duration.ofSeconds(10));
        Duration took = Duration.ofNanos(System.nanoTime() - began);

        assertTrue(took.compareTo(Duration.ofSeconds(5)) < 0, "stop waited for the grace period: " + took);
        assertGone(sleeper);
        assertEquals(0, output.awaitExit(TIMEOUT));
        assertEquals("goodbye", output.stdout().getLast());
    }

    @Test
    void stopKillsAGrandchildOrphanedBeforehand() throws IOException {
        RecordingOutput output = new RecordingOutput();
        RunningProcess module = launch("orphaning.sh", """
                (
                  sleep 1000 &
                  echo "orphan $!"
                  while [ ! -e release ]; do sleep 0.05; done
                )
                echo released
                sleep 1000
                """, output);
        ProcessHandle orphan = remember(output.awaitProcess("orphan", TIMEOUT));
        awaitTracked(module, orphan);
        Files.createFile(directory.resolve("release"));
        output.awaitLine(LogStream.STDOUT, "released"::equals, TIMEOUT);
        assertFalse(ProcessHandle.of(module.pid()).orElseThrow().descendants().anyMatch(orphan::equals),
                "the orphan is no longer below the module");

        module.stop(Duration.ofSeconds(5));

        assertGone(orphan);
        assertEquals(128 + 15, output.awaitExit(TIMEOUT));
    }

    @Test
    void exitArrivesAfterTheDrainTimeoutWhenALeftoverProcessHoldsStdout() throws IOException {
        RecordingOutput output = new RecordingOutput();
        RunningProcess module = launch("leaving.sh", """
                sleep 1000 &
                echo "holder $!"
                while [ ! -e release ]; do sleep 0.05; done
                echo leaving
                exit 4
                """, output);
        ProcessHandle holder = remember(output.awaitProcess("holder", TIMEOUT));
        awaitTracked(module, holder);

        Files.createFile(directory.resolve("release"));
        output.awaitLine(LogStream.STDOUT, "leaving"::equals, TIMEOUT);
        long leftAt = System.nanoTime();

        assertEquals(4, output.awaitExit(TIMEOUT));
        Duration waited = Duration.ofNanos(System.nanoTime() - leftAt);
        assertTrue(waited.compareTo(DRAIN_TIMEOUT.minusMillis(300)) >= 0, "exit came after only " + waited);
        assertGone(holder);
        assertEquals("leaving", output.stdout().getLast());
    }

    @Test
    void readsWhatAProcessLeftBehindPrintsAfterTheExitWithinTheDrainTimeout() throws Exception {
        ProcessBuilderLauncher patient = new ProcessBuilderLauncher(
                new LauncherSettings(LauncherSettings.DEFAULT_MAX_LINE_BYTES, Duration.ofSeconds(15)));
        RecordingOutput output = new RecordingOutput();
        Path script = Files.writeString(directory.resolve("afterwards.sh"), """
                echo ready
                while [ ! -e leave ]; do sleep 0.05; done
                ( while [ ! -e release ]; do sleep 0.05; done; echo afterwards ) &
                echo leaving
                """, StandardCharsets.UTF_8);
        RunningProcess module = patient.launch(
                new LaunchSpec(new RunId("run_stop"), script, List.of(), List.of(), Map.of(), directory), output);
        started.add(module);
        output.awaitLine(LogStream.STDOUT, "ready"::equals, TIMEOUT);
        ProcessHandle root = ProcessHandle.of(module.pid()).orElseThrow();
        Files.createFile(directory.resolve("leave"));
        awaitCondition(() -> !ProcessTree.isRunning(root), "the module never exited");
        assertFalse(output.hasExited(), "the exit came while the output was still open");

        Files.createFile(directory.resolve("release"));

        assertEquals(0, output.awaitExit(TIMEOUT));
        assertEquals(List.of("ready", "leaving", "afterwards"), output.stdout());
    }

    @Test
    void killsAProcessOutsideTheTreeThatHoldsTheOutputAfterTheExit() throws IOException {
        assumeTrue(Files.isDirectory(Path.of("/proc", "self", "fd")), "needs Linux /proc");
        RecordingOutput output = new RecordingOutput();
        RunningProcess module = launch("shared.sh", """
                echo ready
                while [ ! -e release ]; do sleep 0.05; done
                echo leaving
                """, output);
        output.awaitLine(LogStream.STDOUT, "ready"::equals, TIMEOUT);
        // Started by this JVM, not by the module: no refresh of the tree can ever see it.
        Process outsider = new ProcessBuilder("sleep", "1000")
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        Path.of("/proc", Long.toString(module.pid()), "fd", "1").toFile()))
                .start();
        ProcessHandle holder = remember(outsider.toHandle());

        Files.createFile(directory.resolve("release"));

        assertEquals(0, output.awaitExit(TIMEOUT));
        assertGone(holder);
        assertEquals(List.of("ready", "leaving"), output.stdout());
    }

    @Test
    void linesPrintedAfterThePipesWereAbandonedAreDropped() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc", "self", "fd")), "needs Linux /proc");
        RecordingOutput output = new RecordingOutput();
        RunningProcess module = launch("abandoned.sh", """
                echo ready
                while [ ! -e release ]; do sleep 0.05; done
                echo leaving
                """, output);
        output.awaitLine(LogStream.STDOUT, "ready"::equals, TIMEOUT);
        // This JVM opens the module's stdout for writing: a holder outside the tree, which stop cannot reach.
        try (OutputStream holder = Files.newOutputStream(Path.of("/proc", Long.toString(module.pid()), "fd", "1"))) {
            Files.createFile(directory.resolve("release"));
            output.awaitLine(LogStream.STDOUT, "leaving"::equals, TIMEOUT);
            long leftAt = System.nanoTime();

            assertEquals(0, output.awaitExit(TIMEOUT));
            Duration waited = Duration.ofNanos(System.nanoTime() - leftAt);
            assertTrue(waited.compareTo(DRAIN_TIMEOUT.plus(ModuleProcess.DRAIN_AFTER_KILL).minusMillis(300)) >= 0,
                    "exit came after only " + waited);
            holder.write("late\n".getBytes(StandardCharsets.UTF_8));
        }

        Thread stdoutReader = Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().equals("run_stop-stdout") && thread.isAlive())
                .findFirst().orElse(null);
        if (stdoutReader != null) {
            assertTrue(stdoutReader.join(TIMEOUT), "the stdout reader never saw the end of the stream");
        }
        assertEquals(List.of("ready", "leaving"), output.stdout());
        output.awaitExit(TIMEOUT);
    }

    @Test
    void concurrentStopsShareOneStopAndLaterStopsReturnAtOnce() throws Exception {
        RecordingOutput output = new RecordingOutput();
        RunningProcess module = launch("deaf.sh", """
                trap '' TERM
                echo "root $$"
                while true; do sleep 0.05; done
                """, output);
        ProcessHandle root = remember(output.awaitProcess("root", TIMEOUT));

        List<Thread> stoppers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            stoppers.add(Thread.ofPlatform().start(() -> module.stop(Duration.ofMillis(300))));
        }
        for (Thread stopper : stoppers) {
            assertTrue(stopper.join(Duration.ofSeconds(10)), "a concurrent stop did not return");
        }

        assertGone(root);
        assertEquals(128 + 9, output.awaitExit(TIMEOUT));
        long began = System.nanoTime();
        module.stop(Duration.ofSeconds(10));
        assertTrue(System.nanoTime() - began < Duration.ofSeconds(2).toNanos(), "a repeated stop waited");
    }

    @Test
    void stopAfterTheModuleExitedReturnsAtOnce() throws IOException {
        RecordingOutput output = new RecordingOutput();
        RunningProcess module = launch("quick.sh", "echo done\n", output);
        assertEquals(0, output.awaitExit(TIMEOUT));

        long began = System.nanoTime();
        module.stop(Duration.ofSeconds(10));

        assertTrue(System.nanoTime() - began < Duration.ofSeconds(2).toNanos(), "stop waited for nothing");
    }

    private RunningProcess launch(String name, String content, RecordingOutput output) throws IOException {
        Path script = Files.writeString(directory.resolve(name), content, StandardCharsets.UTF_8);
        RunningProcess process = launcher.launch(
                new LaunchSpec(new RunId("run_stop"), script, List.of(), List.of(), Map.of(), directory), output);
        started.add(process);
        return process;
    }

    private ProcessHandle remember(ProcessHandle process) {
        printed.add(process);
        return process;
    }

    private static void awaitTracked(RunningProcess module, ProcessHandle process) {
        awaitCondition(() -> ((ModuleProcess) module).tracks(process.pid()),
                "process " + process.pid() + " is never tracked");
    }

    /** Every process must be gone (or a zombie awaiting its reaper) by the time stop returns: no waiting here. */
    private static void assertGone(ProcessHandle... processes) {
        for (ProcessHandle process : processes) {
            assertFalse(ProcessTree.isRunning(process), "process " + process.pid() + " is still running");
        }
    }

    private static void awaitCondition(BooleanSupplier condition, String failure) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail(failure);
            }
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
    }
}
