package org.prismq.runner.adapters.process;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * A module's process and every process it started that was seen alive. {@link #refresh()} adds the current
 * descendants of the root and of every known process, so a grandchild stays known after its parent exits and it
 * is reparented; a process that leaves the tree between two refreshes is not known, unless it still holds the
 * module's output, which the forced kill also looks for. The JDK checks a handle's start time before signalling
 * it, so a reused pid is never hit. Thread-safe.
 */
final class ProcessTree {

    private static final System.Logger LOG = System.getLogger(ProcessTree.class.getName());
    private static final Duration LIVENESS_CHECK = Duration.ofMillis(50);

    private final ProcessHandle root;
    private final String name;
    private final Supplier<List<ProcessHandle>> outputHolders;
    private final Set<ProcessHandle> known = new HashSet<>();

    /**
     * @param outputHolders the processes that hold the module's output open, however they left the tree; asked
     *                      only before a forced kill, as it may be costly
     */
    ProcessTree(ProcessHandle root, String name, Supplier<List<ProcessHandle>> outputHolders) {
        this.root = root;
        this.name = name;
        this.outputHolders = outputHolders;
    }

    /** Adds the live descendants of the root and of the known processes, and forgets the dead. */
    synchronized void refresh() {
        Set<ProcessHandle> found = new HashSet<>();
        if (isRunning(root)) {
            root.descendants().forEach(found::add);
        }
        for (ProcessHandle process : known) {
            // Known processes no longer below the root were orphaned: only their own subtree finds their children.
            if (!found.contains(process) && isRunning(process)) {
                process.descendants().forEach(found::add);
            }
        }
        known.addAll(found);
        known.removeIf(process -> !isRunning(process));
    }

    /** Whether {@code pid} is a known live process of the tree. */
    synchronized boolean knows(long pid) {
        return root.pid() == pid && isRunning(root)
                || known.stream().anyMatch(process -> process.pid() == pid && isRunning(process));
    }

    /**
     * Stops the tree: {@link ProcessHandle#destroy()} to every process, a wait of up to {@code grace} for them to
     * go, then {@link ProcessHandle#destroyForcibly()} to whatever is left or appeared meanwhile, and a bounded
     * wait for that. An interrupt cuts both waits short; the interrupt status is kept.
     *
     * @return the pids of the processes still alive
     */
    List<Long> stop(Duration grace, Duration forcedWait) {
        awaitExit(terminate(), grace);
        return killLeftovers(forcedWait);
    }

    /** {@link ProcessHandle#destroy()} to every live process of the tree; returns them. */
    List<ProcessHandle> terminate() {
        List<ProcessHandle> members = refreshedMembers(false);
        if (!members.isEmpty()) {
            LOG.log(Level.INFO, "{0}: stopping {1} process(es): {2}", name, Integer.toString(members.size()),
                    pids(members));
        }
        members.forEach(ProcessHandle::destroy);
        return members;
    }

    /**
     * Forcibly kills every live process of the tree, and every process holding the module's output, and waits up
     * to {@code wait} for them to go.
     *
     * @return the pids of the processes still alive
     */
    List<Long> killLeftovers(Duration wait) {
        List<ProcessHandle> leftovers = refreshedMembers(true);
        if (leftovers.isEmpty()) {
            return List.of();
        }
        LOG.log(Level.INFO, "{0}: killing {1} process(es): {2}", name, leftovers.size(), pids(leftovers));
        leftovers.forEach(ProcessHandle::destroyForcibly);
        if (awaitExit(leftovers, wait)) {
            return List.of();
        }
        List<ProcessHandle> alive = leftovers.stream().filter(ProcessTree::isRunning).toList();
        if (!alive.isEmpty()) {
            LOG.log(Level.WARNING, "{0}: processes still alive after a forced kill: {1}", name, pids(alive));
        }
        return pids(alive);
    }

    private synchronized List<ProcessHandle> refreshedMembers(boolean withOutputHolders) {
        refresh();
        if (withOutputHolders) {
            outputHolders.get().stream()
                    .filter(holder -> !holder.equals(root) && isRunning(holder))
                    .forEach(known::add);
        }
        List<ProcessHandle> members = new ArrayList<>();
        if (isRunning(root)) {
            members.add(root);
        }
        members.addAll(known);
        return members;
    }

    /**
     * Waits until none of {@code processes} runs. Exit futures wake the wait early where they can, but the JDK
     * polls other processes than its children every 300 ms or slower, and completes the module's own future only
     * once its output is read to the end (see {@link OutputPump}), so liveness is also checked every
     * {@link #LIVENESS_CHECK}.
     */
    static boolean awaitExit(List<ProcessHandle> processes, Duration timeout) {
        CompletableFuture<Void> exits = CompletableFuture.allOf(
                processes.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new));
        long deadline = System.nanoTime() + timeout.toNanos();
        while (processes.stream().anyMatch(ProcessTree::isRunning)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            try {
                exits.get(Math.min(left, LIVENESS_CHECK.toNanos()), TimeUnit.NANOSECONDS);
                return true;
            } catch (TimeoutException e) {
                // Some future is still pending, which proves nothing for a non-child: check liveness again.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } catch (ExecutionException e) {
                throw new IllegalStateException("waiting for a process failed", e.getCause());
            }
        }
        return true;
    }

    /**
     * Whether {@code process} still runs. The JDK counts a zombie, a process that has exited but was not yet reaped
     * by its parent, as alive; on Linux it does not count here, since it holds neither memory nor pipes and may stay
     * forever when the parent that inherited it (pid 1 in a container, possibly this JVM) does not reap.
     */
    static boolean isRunning(ProcessHandle process) {
        return process.isAlive() && !(Platform.LINUX && hasExited(process.pid()));
    }

    /** Whether a Linux process is a zombie or gone altogether. */
    private static boolean hasExited(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.UTF_8);
            // "pid (command) state ...": the command may itself hold spaces and parentheses.
            int afterCommand = stat.lastIndexOf(')');
            return afterCommand >= 0 && afterCommand + 2 < stat.length() && stat.charAt(afterCommand + 2) == 'Z';
        } catch (NoSuchFileException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static List<Long> pids(List<ProcessHandle> processes) {
        return processes.stream().map(ProcessHandle::pid).toList();
    }
}
