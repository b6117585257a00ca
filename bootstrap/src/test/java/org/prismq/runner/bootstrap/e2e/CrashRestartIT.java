package org.prismq.runner.bootstrap.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The packaged service killed with SIGKILL while a module and its child run, then started again on the same data
 * dir. Where the runs are in cgroups (Linux), the service's guard kills them when it dies; elsewhere the module and
 * its child outlive it, and the restart stops them before it records the run failed.
 */
class CrashRestartIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path folder;

    private final List<Long> modulePids = new ArrayList<>();
    private final List<Path> cgroups = new ArrayList<>();

    @AfterEach
    void killWhatIsLeft() throws IOException {
        modulePids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        for (Path cgroup : cgroups) {
            if (Files.exists(cgroup)) {
                Files.writeString(cgroup.resolve("cgroup.kill"), "1");
                awaitGone(cgroup);
            }
            if (cgroup.getParent().getFileName().toString().startsWith("prismq-runner-")) {
                Files.deleteIfExists(cgroup.getParent());
            }
        }
    }

    @Test
    void aModuleAndItsChildDoNotOutliveAKilledServiceAndTheRunIsRecordedFailedOnRestart()
            throws Exception {
        assumeFalse(System.getProperty("os.name").startsWith("Windows"), "the module is a bash script");
        Path catalog = TestService.installTestModules(folder.resolve("modules"));
        String[] options = {"--port", "0", "--data-dir", folder.resolve("data").toString(), "--modules",
            catalog.toString(), "--grace-period", "1", "--max-cpu-percent", "100"};
        String runId;
        long parent;
        long grandchild;
        try (JarProcess first = JarProcess.start(folder.resolve("first.log"), options)) {
            Api api = new Api(first.url());
            runId = api.launch("stubborn-tree", Map.of());
            List<JsonNode> lines = Runs.awaitLine(api, runId, "grandchild", WAIT);
            parent = pidAfter(lines, "parent ");
            grandchild = pidAfter(lines, "grandchild ");
            modulePids.addAll(List.of(parent, grandchild));
            cgroupOf(parent).ifPresent(cgroups::add);

            // SIGKILL to the service alone, as a crash or the OOM killer would: its modules are not told.
            first.handle().destroyForcibly();
            assertTrue(first.handle().onExit().get(WAIT.toSeconds(), TimeUnit.SECONDS) != null);
        }
        if (cgroups.isEmpty()) {
            assertTrue(LiveProcesses.alive(parent) && LiveProcesses.alive(grandchild), "the module and its child outlive the service");
        } else {
            // In a cgroup, the service's guard kills the run as soon as the service is gone.
            awaitDeath(parent);
            awaitDeath(grandchild);
        }

        try (JarProcess restarted = JarProcess.start(folder.resolve("second.log"), options)) {
            assertFalse(LiveProcesses.alive(parent), "the module " + parent + " is stopped on restart");
            assertFalse(LiveProcesses.alive(grandchild), "its child " + grandchild + " is stopped on restart");
            JsonNode run = new Api(restarted.url()).get("/api/runs/" + runId).json();
            assertEquals("failed", run.get("status").asText());
            assertTrue(cgroups.stream().noneMatch(Files::exists), "the run's cgroup is removed");
        }
    }

    private static long pidAfter(List<JsonNode> lines, String prefix) {
        return lines.stream().map(line -> line.get("message").asText()).filter(m -> m.startsWith(prefix))
                .map(m -> Long.parseLong(m.substring(prefix.length()).strip())).findFirst().orElseThrow();
    }

    /** The folder of the cgroup v2 that holds {@code pid}, when the service used one (Linux), for the clean-up. */
    private static Optional<Path> cgroupOf(long pid) throws IOException {
        Path procCgroup = Path.of("/proc", Long.toString(pid), "cgroup");
        if (!Files.isReadable(procCgroup)) {
            return Optional.empty();
        }
        Optional<String> path = Files.readAllLines(procCgroup).stream().filter(l -> l.startsWith("0::"))
                .map(l -> l.substring(3)).findFirst();
        Optional<String> mount = Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
                .filter(l -> l.contains(" - cgroup2 ")).map(l -> l.split(" ")).filter(f -> f[3].equals("/"))
                .map(f -> f[4]).findFirst();
        if (path.isEmpty() || mount.isEmpty() || !path.get().contains("/prismq-runner-")) {
            return Optional.empty();
        }
        return Optional.of(Path.of(mount.get() + path.get()));
    }

    private static void awaitDeath(long pid) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (LiveProcesses.alive(pid)) {
            assertTrue(System.nanoTime() < deadline, "process " + pid + " outlives the service");
            java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
    }

    private static void awaitGone(Path cgroup) throws IOException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!Files.readString(cgroup.resolve("cgroup.procs")).isBlank() && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
        Files.deleteIfExists(cgroup);
    }
}
