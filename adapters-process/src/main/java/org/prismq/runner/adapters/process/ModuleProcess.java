package org.prismq.runner.adapters.process;

import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.prismq.runner.application.port.out.ProcessOutput;
import org.prismq.runner.application.port.out.RunningProcess;
import org.prismq.runner.domain.log.LogStream;
import org.prismq.runner.domain.run.RunId;

/**
 * A started module: two threads pump its output, a third waits for its exit, drains the pipes and announces the
 * exit, and a shared scheduler keeps its process tree known while it runs.
 */
final class ModuleProcess implements RunningProcess {

    static final Duration TREE_REFRESH = Duration.ofMillis(500);
    /** How long the tree may take to go after a forced kill before a warning; the kernel usually needs none. */
    static final Duration FORCED_KILL_WAIT = Duration.ofSeconds(5);
    /** How long the pipes may take to close once the processes holding them were killed. */
    static final Duration DRAIN_AFTER_KILL = Duration.ofSeconds(1);

    private static final System.Logger LOG = System.getLogger(ModuleProcess.class.getName());

    private final RunId runId;
    private final Process process;
    private final ProcessTree tree;
    private final OutputGate gate;
    private final CountDownLatch drained = new CountDownLatch(2);
    private final Duration drainTimeout;
    private final AtomicReference<CompletableFuture<Void>> stopping = new AtomicReference<>();
    private final ScheduledFuture<?> treeWatch;

    private ModuleProcess(RunId runId, Process process, ProcessOutput output, LauncherSettings settings,
                          ScheduledExecutorService scheduler) {
        this.runId = runId;
        this.process = process;
        this.tree = new ProcessTree(process.toHandle(), "run " + runId);
        this.gate = new OutputGate(output);
        this.drainTimeout = settings.drainTimeout();
        this.treeWatch = scheduler.scheduleWithFixedDelay(this::refreshTree,
                0, TREE_REFRESH.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Starts the threads that serve {@code process}; {@code output} is called from them from now on. */
    static ModuleProcess serve(RunId runId, Process process, ProcessOutput output, LauncherSettings settings,
                               ScheduledExecutorService scheduler) {
        ModuleProcess module = new ModuleProcess(runId, process, output, settings, scheduler);
        module.startThread("stdout", module.pump(process.getInputStream(), LogStream.STDOUT, settings));
        module.startThread("stderr", module.pump(process.getErrorStream(), LogStream.STDERR, settings));
        module.startThread("exit", module::awaitExit);
        return module;
    }

    @Override
    public long pid() {
        return process.pid();
    }

    @Override
    public void stop(Duration grace) {
        Objects.requireNonNull(grace, "grace");
        CompletableFuture<Void> mine = new CompletableFuture<>();
        CompletableFuture<Void> running = stopping.compareAndExchange(null, mine);
        if (running != null) {
            running.join();
            return;
        }
        try {
            tree.stop(grace.isNegative() ? Duration.ZERO : grace, FORCED_KILL_WAIT);
            mine.complete(null);
        } catch (RuntimeException | Error e) {
            mine.completeExceptionally(e);
            throw e;
        }
    }

    /** Whether {@code pid} is a live process of this module's tree as far as it is known. */
    boolean tracks(long pid) {
        return tree.knows(pid);
    }

    private OutputPump pump(InputStream input, LogStream stream, LauncherSettings settings) {
        return new OutputPump(input, stream, settings.maxLineBytes(), gate, drained, "run " + runId);
    }

    private void startThread(String role, Runnable task) {
        Thread.ofPlatform().daemon().name(runId + "-" + role).start(task);
    }

    private void refreshTree() {
        try {
            tree.refresh();
        } catch (RuntimeException e) {
            // A periodic task that throws is never run again: log and keep watching.
            LOG.log(Level.DEBUG, "run " + runId + ": could not list the process tree", e);
        }
    }

    private void awaitExit() {
        int exitCode = waitForExit();
        treeWatch.cancel(false);
        if (!awaitDrained(drainTimeout)) {
            releasePipes();
        }
        LOG.log(Level.DEBUG, "run {0}: pid {1} exited with {2}", runId, process.pid(), exitCode);
        gate.exit(exitCode);
    }

    /**
     * The process is gone but something still holds its stdout or stderr: a descendant that outlived it. A stop
     * in progress is left to finish its grace period; otherwise what is left of the tree is killed. If the pipes are
     * still open after that, they are abandoned to a process outside the tree.
     */
    private void releasePipes() {
        CompletableFuture<Void> stop = stopping.get();
        if (stop != null) {
            stop.exceptionally(e -> null).join();
        } else {
            LOG.log(Level.WARNING, "run {0}: output still open {1} ms after the process exited;"
                    + " killing what is left of its process tree", runId, drainTimeout.toMillis());
            tree.killLeftovers(FORCED_KILL_WAIT);
        }
        if (!awaitDrained(DRAIN_AFTER_KILL)) {
            LOG.log(Level.WARNING, "run {0}: output still held by a process outside its tree;"
                    + " lines printed from now on are dropped", runId);
        }
    }

    private int waitForExit() {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return process.waitFor();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private boolean awaitDrained(Duration timeout) {
        try {
            return drained.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
