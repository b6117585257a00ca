package org.prismq.runner.adapters.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.prismq.runner.application.port.out.LaunchSpec;
import org.prismq.runner.application.port.out.ProcessIdentity;
import org.prismq.runner.application.port.out.ReapOutcome;
import org.prismq.runner.application.port.out.RunningProcess;
import org.prismq.runner.domain.log.LogStream;
import org.prismq.runner.domain.run.RunId;

/**
 * Processes that a service which died left behind, found again only by the identity it recorded: the test starts
 * them, keeps nothing but that identity (and a list of pids to clean up should the test fail), and reaps.
 */
class OsProcessReaperTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @TempDir
    Path directory;

    private final OsProcessReaper reaper = new OsProcessReaper();
    private final List<Long> cleanUp = new ArrayList<>();
    private final List<RunningProcess> launched = new ArrayList<>();

    @BeforeAll
    static void requirePosix() {
        assumeFalse(System.getProperty("os.name").startsWith("Windows"), "the modules here are shell scripts");
    }

    @AfterEach
    void killWhatIsLeft() {
        cleanUp.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        launched.forEach(process -> process.stop(Duration.ZERO));
    }

    @Test
    void theModuleAndItsChildAreStoppedByTheirRecordedPidAndStart() throws Exception {
        Path childPid = directory.resolve("child.pid");
        Process module = new ProcessBuilder("sh", "-c", "sleep 300 & echo $! > \"$0\"; wait", childPid.toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        cleanUp.add(module.pid());
        long child = Long.parseLong(awaitFile(childPid).strip());
        cleanUp.add(child);
        ProcessIdentity identity = new ProcessIdentity(module.pid(),
                module.toHandle().info().startInstant().orElseThrow(), null);

        ReapOutcome outcome = reaper.reap(identity, Duration.ofSeconds(2));

        assertEquals(List.of(module.pid(), child), outcome.stopped());
        assertEquals(List.of(), outcome.survivors());
        assertGone(module.pid());
        assertGone(child);
    }

    @Test
    void aPidWhoseStartDiffersIsAnotherProcessAndIsLeftAlone() throws Exception {
        Process stranger = new ProcessBuilder("sleep", "300").start();
        cleanUp.add(stranger.pid());
        ProcessIdentity recycled = new ProcessIdentity(stranger.pid(),
                stranger.toHandle().info().startInstant().orElseThrow().minusSeconds(3600), null);

        ReapOutcome outcome = reaper.reap(recycled, Duration.ZERO);

        assertEquals(ReapOutcome.NOTHING_LEFT, outcome);
        assertTrue(stranger.isAlive());
        assertEquals(ReapOutcome.NOTHING_LEFT,
                reaper.reap(new ProcessIdentity(stranger.pid(), null, null), Duration.ZERO),
                "a pid recorded without its start is never trusted");
        assertTrue(stranger.isAlive());
    }

    @Test
    void aDaemonThatLeftTheTreeIsStoppedThroughTheRunsCgroupWhichIsRemoved() throws Exception {
        assumeTrue(Cgroups.find().isPresent(), "no writable cgroup v2 hierarchy holds this JVM (Linux, as root or "
                + "with a delegated cgroup): only the module's tree can be found here");
        RecordingOutput output = new RecordingOutput();
        Path script = Files.writeString(directory.resolve("daemon.sh"), """
                echo "root $$"
                setsid sh -c 'sleep 300 & echo "daemon $!"' </dev/null
                echo detached
                sleep 1000
                """, StandardCharsets.UTF_8);
        RunningProcess module = new ProcessBuilderLauncher(LauncherSettings.defaults()).launch(
                new LaunchSpec(new RunId("run_reap"), script, List.of(), List.of(), Map.of(), directory), output);
        launched.add(module);
        long root = output.awaitProcess("root", TIMEOUT).pid();
        long daemon = output.awaitProcess("daemon", TIMEOUT).pid();
        cleanUp.addAll(List.of(root, daemon));
        output.awaitLine(LogStream.STDOUT, "detached"::equals, TIMEOUT);
        ProcessIdentity identity = module.identity();

        ReapOutcome outcome = new OsProcessReaper().reap(identity, Duration.ofSeconds(2));

        assertTrue(outcome.stopped().containsAll(List.of(root, daemon)), outcome.describe());
        assertEquals(List.of(), outcome.survivors());
        assertGone(root);
        assertGone(daemon);
        awaitCondition(() -> !Files.exists(Path.of(identity.cgroup())), "the run's cgroup is never removed");
    }

    @Test
    void theCgroupsOfALifeOfTheServiceThatIsGoneAreStoppedAndRemoved() throws Exception {
        assumeTrue(Cgroups.find().isPresent(), "no writable cgroup v2 hierarchy holds this JVM");
        Process ended = new ProcessBuilder("true").start();
        ended.waitFor();
        Path folder = Cgroups.find().orElseThrow().folder().resolveSibling(Cgroups.FOLDER_PREFIX + ended.pid());
        assumeTrue(ProcessHandle.of(ended.pid()).isEmpty(), "the pid was reused at once");
        Path run = Files.createDirectories(folder.resolve("run-run_lost-1"));
        try {
            Process left = new ProcessBuilder("sleep", "300").start();
            cleanUp.add(left.pid());
            Files.writeString(run.resolve("cgroup.procs"), Long.toString(left.pid()));

            List<Long> stopped = reaper.reapAbandonedCgroups(Duration.ofSeconds(2));

            assertEquals(List.of(left.pid()), stopped);
            assertGone(left.pid());
            assertFalse(Files.exists(folder), "the abandoned folder is removed");
        } finally {
            if (Files.exists(run)) {
                RunCgroup.at(run).kill(Duration.ofSeconds(5));
                Files.deleteIfExists(run);
            }
            Files.deleteIfExists(folder);
        }
    }

    private static void assertGone(long pid) {
        assertFalse(ProcessHandle.of(pid).map(ProcessTree::isRunning).orElse(false), "process " + pid + " runs");
    }

    private static String awaitFile(Path file) throws IOException {
        awaitCondition(() -> {
            try {
                return Files.exists(file) && !Files.readString(file).isBlank();
            } catch (IOException e) {
                return false;
            }
        }, file + " is never written");
        return Files.readString(file);
    }

    private static void awaitCondition(java.util.function.BooleanSupplier condition, String failure) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail(failure);
            }
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
    }
}
