package org.prismq.runner.adapters.process;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.prismq.runner.application.port.out.ProcessIdentity;
import org.prismq.runner.application.port.out.ProcessReaper;
import org.prismq.runner.application.port.out.ReapOutcome;

/**
 * Stops what an earlier life of the service left running, found by the identity recorded when each run started.
 *
 * <p>The module's process is taken only when a live process has its pid and the recorded start (to the
 * millisecond, as the JDK reports it on every platform), so a pid that another process reuses is never hit; then
 * it and its descendants are stopped, as a cancel would (a graceful request, the grace period, a kill). A process
 * it left that is no longer below it (reparented after its parent exited) is reached only through the run's
 * cgroup, on Linux where one was used: every process in it is stopped, the cgroup killed and removed. A recorded
 * cgroup is touched only when it is a run's cgroup of this service ({@code .../prismq-runner-<pid>/run-<...>}).
 * On macOS and Windows, and on Linux without cgroups, a process that left the module's tree is not found.
 *
 * <p>Thread-safe and stateless; needs no closing.
 */
public final class OsProcessReaper implements ProcessReaper {

    private static final System.Logger LOG = System.getLogger(OsProcessReaper.class.getName());

    @Override
    public ReapOutcome reap(ProcessIdentity identity, Duration grace) {
        Objects.requireNonNull(identity, "identity");
        Duration wait = grace.isNegative() ? Duration.ZERO : grace;
        Optional<RunCgroup> cgroup = cgroupOf(identity);
        Set<ProcessHandle> members = new LinkedHashSet<>();
        sameProcess(identity).ifPresent(root -> {
            members.add(root);
            root.descendants().forEach(members::add);
        });
        cgroup.ifPresent(found -> members.addAll(found.members()));
        List<ProcessHandle> left = members.stream().filter(ProcessTree::isRunning).toList();
        if (left.isEmpty()) {
            cgroup.ifPresent(RunCgroup::remove);
            return ReapOutcome.NOTHING_LEFT;
        }
        List<Long> stopped = left.stream().map(ProcessHandle::pid).toList();
        LOG.log(Level.INFO, "stopping {0} process(es) left by an earlier life of the service: {1}",
                Integer.toString(stopped.size()), stopped);
        left.forEach(ProcessHandle::destroy);
        ProcessTree.awaitExit(left, wait);
        Set<Long> survivors = new TreeSet<>();
        cgroup.ifPresent(found -> survivors.addAll(found.kill(ModuleProcess.FORCED_KILL_WAIT)));
        List<ProcessHandle> stubborn = left.stream().filter(ProcessTree::isRunning).toList();
        stubborn.forEach(ProcessHandle::destroyForcibly);
        ProcessTree.awaitExit(stubborn, ModuleProcess.FORCED_KILL_WAIT);
        stubborn.stream().filter(ProcessTree::isRunning).map(ProcessHandle::pid).forEach(survivors::add);
        if (survivors.isEmpty()) {
            cgroup.ifPresent(RunCgroup::remove);
        } else {
            LOG.log(Level.WARNING, "processes {0} left by an earlier life of the service could not be stopped",
                    survivors);
        }
        return new ReapOutcome(stopped, new ArrayList<>(survivors));
    }

    /**
     * Stops and removes what is left in the cgroup folders of earlier lives of the service that are gone
     * ({@code prismq-runner-<pid>} beside this service's own, whose pid no process has), on Linux with cgroups:
     * it finds the runs of a life that died before it recorded them. Returns the pids it stopped.
     */
    public List<Long> reapAbandonedCgroups(Duration grace) {
        Optional<Cgroups> own = Cgroups.find();
        if (own.isEmpty()) {
            return List.of();
        }
        List<Long> stopped = new ArrayList<>();
        for (Path folder : abandonedFolders(own.get().folder().getParent())) {
            for (Path run : children(folder)) {
                RunCgroup cgroup = RunCgroup.at(run);
                List<ProcessHandle> members = cgroup.members();
                members.forEach(ProcessHandle::destroy);
                members.stream().map(ProcessHandle::pid).forEach(stopped::add);
                ProcessTree.awaitExit(members, grace.isNegative() ? Duration.ZERO : grace);
                cgroup.kill(ModuleProcess.FORCED_KILL_WAIT);
                cgroup.remove();
            }
            try {
                Files.deleteIfExists(folder);
            } catch (IOException busy) {
                LOG.log(Level.WARNING, "cannot remove the abandoned cgroup folder {0}: {1}", folder, busy.toString());
            }
        }
        if (!stopped.isEmpty()) {
            LOG.log(Level.INFO, "stopped {0} process(es) left in the cgroups of an earlier life of the service: {1}",
                    Integer.toString(stopped.size()), stopped);
        }
        return stopped;
    }

    /** The recorded module process, if a live process still has its pid and its start. */
    private static Optional<ProcessHandle> sameProcess(ProcessIdentity identity) {
        if (identity.startedAt() == null) {
            return Optional.empty();
        }
        Instant recorded = identity.startedAt().truncatedTo(ChronoUnit.MILLIS);
        return ProcessHandle.of(identity.pid()).filter(process -> process.info().startInstant()
                .map(start -> start.truncatedTo(ChronoUnit.MILLIS).equals(recorded)).orElse(false));
    }

    /** The recorded cgroup, if it is a run's cgroup of this service that still exists. */
    private static Optional<RunCgroup> cgroupOf(ProcessIdentity identity) {
        if (identity.cgroup() == null || !Platform.LINUX) {
            return Optional.empty();
        }
        Path path = Path.of(identity.cgroup());
        Path parent = path.getParent();
        boolean ours = path.isAbsolute() && path.getFileName().toString().startsWith("run-") && parent != null
                && parent.getFileName().toString().startsWith(Cgroups.FOLDER_PREFIX);
        if (!ours || !Files.isRegularFile(path.resolve("cgroup.procs"))) {
            return Optional.empty();
        }
        return Optional.of(RunCgroup.at(path));
    }

    private static List<Path> abandonedFolders(Path parent) {
        List<Path> abandoned = new ArrayList<>();
        for (Path folder : children(parent)) {
            String name = folder.getFileName().toString();
            if (!name.startsWith(Cgroups.FOLDER_PREFIX)) {
                continue;
            }
            try {
                long pid = Long.parseLong(name.substring(Cgroups.FOLDER_PREFIX.length()));
                if (ProcessHandle.of(pid).isEmpty()) {
                    abandoned.add(folder);
                }
            } catch (NumberFormatException notOurs) {
                // Not a name this service gives: leave it.
            }
        }
        return abandoned;
    }

    private static List<Path> children(Path folder) {
        List<Path> children = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder, Files::isDirectory)) {
            entries.forEach(children::add);
        } catch (IOException unreadable) {
            LOG.log(Level.DEBUG, "cannot list {0}: {1}", folder, unreadable.toString());
        }
        return children;
    }
}
