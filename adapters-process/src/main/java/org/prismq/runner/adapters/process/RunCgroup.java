package org.prismq.runner.adapters.process;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * One run's cgroup v2: every process the module starts is in it, however it forks, detaches or calls
 * {@code setsid}, since only a privileged process could move one out. The module enters it before it runs a
 * single instruction of its own (see {@link #wrap}); stopping the cgroup stops all of them. Thread-safe: the
 * kernel serialises the writes.
 */
final class RunCgroup {

    /** The module's shell moves itself into the cgroup, then becomes the module: no fork can precede the move. */
    private static final String ENTER_AND_EXEC = "echo $$ > \"$0\" && exec \"$@\"";
    private static final String SHELL = "/bin/sh";
    private static final Duration POLL = Duration.ofMillis(20);
    private static final System.Logger LOG = System.getLogger(RunCgroup.class.getName());

    private final Path path;
    private final Cgroups owner;

    RunCgroup(Path path, Cgroups owner) {
        this.path = path;
        this.owner = owner;
    }

    /** A cgroup found again by its path, as recorded by an earlier life of the service; removing it is the caller's. */
    static RunCgroup at(Path path) {
        return new RunCgroup(path, null);
    }

    Path path() {
        return path;
    }

    /**
     * {@code argv} run so that the process enters this cgroup first, or {@code argv} itself when its program
     * cannot be found or run, so that starting it fails as without a cgroup, naming the program.
     */
    List<String> wrap(List<String> argv, Map<String, String> environment) {
        if (!Files.isExecutable(Path.of(SHELL)) || !startable(argv.getFirst(), environment.get("PATH"))) {
            return argv;
        }
        List<String> wrapped = new ArrayList<>(List.of(SHELL, "-c", ENTER_AND_EXEC,
                path.resolve("cgroup.procs").toString()));
        wrapped.addAll(argv);
        return wrapped;
    }

    /** The pids in the cgroup now; empty once it is empty or gone. */
    List<Long> pids() {
        try {
            return Files.readAllLines(path.resolve("cgroup.procs"), StandardCharsets.US_ASCII).stream()
                    .filter(line -> !line.isBlank()).map(line -> Long.parseLong(line.strip())).toList();
        } catch (NoSuchFileException gone) {
            return List.of();
        } catch (IOException unreadable) {
            LOG.log(Level.WARNING, "cannot list the processes of {0}: {1}", path, unreadable.toString());
            return List.of();
        }
    }

    /** Whether any process is still in the cgroup. */
    boolean populated() {
        return !pids().isEmpty();
    }

    /** The live processes in the cgroup now. */
    List<ProcessHandle> members() {
        return pids().stream().flatMap(pid -> ProcessHandle.of(pid).stream()).toList();
    }

    /**
     * Kills every process in the cgroup at once, with {@code cgroup.kill} where the kernel has it (5.14 and later),
     * else by freezing the cgroup, so that none can fork meanwhile, and killing each pid in it; then waits up to
     * {@code wait} for it to empty.
     *
     * @return the pids still in it
     */
    List<Long> kill(Duration wait) {
        if (!populated()) {
            return List.of();
        }
        Path killFile = path.resolve("cgroup.kill");
        try {
            if (Files.exists(killFile)) {
                Files.writeString(killFile, "1", StandardCharsets.US_ASCII);
            } else {
                freezeAndKill();
            }
        } catch (NoSuchFileException gone) {
            return List.of();
        } catch (IOException failed) {
            LOG.log(Level.WARNING, "cannot kill the processes of {0}: {1}", path, failed.toString());
        }
        return awaitEmpty(wait);
    }

    /** Waits up to {@code wait} for the cgroup to empty; returns the pids still in it. */
    List<Long> awaitEmpty(Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        List<Long> left = pids();
        while (!left.isEmpty() && System.nanoTime() < deadline && !Thread.currentThread().isInterrupted()) {
            // cgroup.events announces the change through inotify only; a short poll is as good here.
            LockSupport.parkNanos(POLL.toNanos());
            left = pids();
        }
        return left;
    }

    /** Removes the emptied cgroup (and the service's folder after its last run). */
    void remove() {
        if (owner != null) {
            owner.remove(this);
            return;
        }
        try {
            Files.deleteIfExists(path);
        } catch (IOException busy) {
            LOG.log(Level.WARNING, "cannot remove the cgroup {0}: {1}", path, busy.toString());
        }
    }

    private void freezeAndKill() throws IOException {
        Path freeze = path.resolve("cgroup.freeze");
        Files.writeString(freeze, "1", StandardCharsets.US_ASCII);
        try {
            // A fatal signal reaches a frozen process; it dies at once.
            pids().forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        } finally {
            Files.writeString(freeze, "0", StandardCharsets.US_ASCII);
        }
    }

    /** Whether {@code program} names a file that can be run, directly or through {@code path}, as exec would. */
    private static boolean startable(String program, String path) {
        if (program.contains("/")) {
            return runnable(Path.of(program));
        }
        if (path == null) {
            return false;
        }
        for (String directory : path.split(":", -1)) {
            if (runnable(Path.of(directory.isEmpty() ? "." : directory, program))) {
                return true;
            }
        }
        return false;
    }

    private static boolean runnable(Path file) {
        return Files.isRegularFile(file) && Files.isExecutable(file);
    }
}
