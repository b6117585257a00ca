package org.prismq.runner.adapters.process;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

import org.prismq.runner.domain.run.RunId;

/**
 * The Linux cgroup v2 folder in which this service holds its runs, one cgroup each: {@code prismq-runner-<pid>}
 * below the cgroup the service itself is in (the {@code 0::} line of {@code /proc/self/cgroup}), in the cgroup2
 * file system found in {@code /proc/self/mountinfo} ({@code /sys/fs/cgroup} on most distributions,
 * {@code /sys/fs/cgroup/unified} on hybrid ones). It is there only where that cgroup may be written, e.g. as root,
 * or in a systemd service with {@code Delegate=yes}; elsewhere, and on other systems, {@link #find()} is empty and
 * runs are followed as process trees. The folder exists while runs are in it and is removed after the last.
 *
 * <p>So that the runs die with the service, however it dies ({@code kill -9} included), a guard process watches
 * it from the first run on: a {@code /bin/sh} that ignores the terminal's signals and reads a pipe that only this
 * JVM writes to; when the JVM is gone the kernel closes the pipe, and the guard writes {@code cgroup.kill} of
 * every run's cgroup and removes them. Nothing relies on it: a guard that was killed too (a whole process group
 * killed at once, an OOM kill) leaves the runs to the next start, which stops them by their records.
 * Thread-safe.
 */
final class Cgroups {

    static final String FOLDER_PREFIX = "prismq-runner-";

    private static final System.Logger LOG = System.getLogger(Cgroups.class.getName());
    private static final Object DISCOVERY = new Object();
    private static Optional<Cgroups> discovered;

    /** Waits for the end of its input, the JVM's end, then kills and removes every run's cgroup in {@code $0}. */
    private static final String GUARD = """
            trap '' INT TERM HUP
            cat > /dev/null
            for run in "$0"/run-*; do
                [ -f "$run/cgroup.kill" ] && echo 1 > "$run/cgroup.kill"
            done
            tries=0
            while [ -d "$0" ] && [ $tries -lt 100 ]; do
                rmdir "$0"/run-* "$0" 2> /dev/null
                tries=$((tries + 1))
                sleep 0.1
            done
            """;

    private final Path folder;
    private final AtomicLong nextRun = new AtomicLong();
    /** A lock rather than a monitor: launches may come from virtual threads, and this does I/O. */
    private final ReentrantLock lock = new ReentrantLock();
    /** Guarded by {@link #lock}. Holds the write end of the guard's pipe open for as long as this JVM lives. */
    private Process guard;

    Cgroups(Path folder) {
        this.folder = folder;
    }

    /** This service's cgroup folder, looked for once per JVM; empty where cgroups v2 cannot be used. */
    static Optional<Cgroups> find() {
        synchronized (DISCOVERY) {
            if (discovered == null) {
                discovered = discover();
            }
            return discovered;
        }
    }

    /** The folder below which the service holds its runs: {@code .../prismq-runner-<pid>}. */
    Path folder() {
        return folder;
    }

    /**
     * A new, empty cgroup for one run of {@code run}.
     *
     * @throws IOException when it cannot be made
     */
    RunCgroup create(RunId run) throws IOException {
        lock.lock();
        try {
            Files.createDirectories(folder);
            guard();
            Path cgroup = folder.resolve("run-" + run.value() + "-" + nextRun.incrementAndGet());
            Files.createDirectory(cgroup);
            return new RunCgroup(cgroup, this);
        } finally {
            lock.unlock();
        }
    }

    /** Removes a run's emptied cgroup, and the service's folder when no other run is in it. */
    void remove(RunCgroup run) {
        lock.lock();
        try {
            try {
                Files.deleteIfExists(run.path());
            } catch (IOException busy) {
                LOG.log(Level.WARNING, "cannot remove the cgroup {0}: {1}", run.path(), busy.toString());
                return;
            }
            try {
                Files.deleteIfExists(folder);
            } catch (IOException otherRunsLeft) {
                // The kernel says EBUSY while another run's cgroup is in it: the last run to end removes it.
            }
        } finally {
            lock.unlock();
        }
    }

    /** Starts the guard unless it runs; a guard that cannot start is logged, and runs go on without it. */
    private void guard() {
        if (guard != null && guard.isAlive()) {
            return;
        }
        try {
            guard = new ProcessBuilder("/bin/sh", "-c", GUARD, folder.toString())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            LOG.log(Level.DEBUG, "guard {0} kills the runs in {1} should this service die",
                    Long.toString(guard.pid()), folder);
        } catch (IOException failed) {
            LOG.log(Level.WARNING, "cannot start the guard that kills the runs should this service die: {0}",
                    failed.toString());
        }
    }

    /** The guard's process, if started: for tests, which end it by closing its input. */
    Optional<Process> guardProcess() {
        lock.lock();
        try {
            return Optional.ofNullable(guard);
        } finally {
            lock.unlock();
        }
    }

    private static Optional<Cgroups> discover() {
        if (!Platform.LINUX) {
            return Optional.empty();
        }
        try {
            Optional<Path> own = ownCgroup(Files.readAllLines(Path.of("/proc/self/mountinfo"), StandardCharsets.UTF_8),
                    Files.readAllLines(Path.of("/proc/self/cgroup"), StandardCharsets.UTF_8));
            if (own.isEmpty()) {
                LOG.log(Level.INFO, "no cgroup v2 hierarchy holds this service; runs are followed as process trees");
                return Optional.empty();
            }
            Cgroups cgroups = new Cgroups(own.get().resolve(FOLDER_PREFIX + ProcessHandle.current().pid()));
            // Proves the right to create and remove cgroups here, and to move processes into them.
            Files.createDirectories(cgroups.folder);
            if (!Files.isWritable(cgroups.folder.resolve("cgroup.procs"))) {
                Files.deleteIfExists(cgroups.folder);
                throw new IOException("cgroup.procs is not writable");
            }
            Files.deleteIfExists(cgroups.folder);
            LOG.log(Level.INFO, "runs are held in cgroups below {0}", own.get());
            return Optional.of(cgroups);
        } catch (IOException | RuntimeException unusable) {
            LOG.log(Level.INFO, "cgroups cannot be used ({0}); runs are followed as process trees",
                    unusable.toString());
            return Optional.empty();
        }
    }

    /**
     * The folder of the cgroup this process is in, from the lines of {@code /proc/self/mountinfo} and
     * {@code /proc/self/cgroup}; empty without a cgroup2 mount that holds it.
     */
    static Optional<Path> ownCgroup(List<String> mountInfo, List<String> procCgroup) {
        Optional<String> own = procCgroup.stream().filter(line -> line.startsWith("0::"))
                .map(line -> line.substring(3)).filter(path -> path.startsWith("/")).findFirst();
        if (own.isEmpty()) {
            return Optional.empty();
        }
        for (String line : mountInfo) {
            int separator = line.indexOf(" - ");
            if (separator < 0 || !line.startsWith("cgroup2 ", separator + 3)) {
                continue;
            }
            String[] fields = line.substring(0, separator).split(" ");
            if (fields.length < 5) {
                continue;
            }
            String root = unescape(fields[3]);
            String mountPoint = unescape(fields[4]);
            String path = own.get();
            if (root.equals("/")) {
                return Optional.of(Path.of(mountPoint + (path.equals("/") ? "" : path)));
            }
            if (path.equals(root) || path.startsWith(root + "/")) {
                return Optional.of(Path.of(mountPoint + path.substring(root.length())));
            }
        }
        return Optional.empty();
    }

    /** mountinfo writes a space, tab, newline and backslash in a path as an octal escape ({@code \040}). */
    private static String unescape(String field) {
        StringBuilder text = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 4 <= field.length() && field.substring(i + 1, i + 4).chars().allMatch(
                    digit -> digit >= '0' && digit <= '7')) {
                text.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                text.append(c);
            }
        }
        return text.toString();
    }
}
