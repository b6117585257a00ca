package org.prismq.runner.adapters.process;

import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
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
    private final Instant started;
    private final OutputGate gate;
    private final CountDownLatch drained = new CountDownLatch(2);
    private final OutputPump stdout;
    private final OutputPump stderr;
    private final ProcessTree tree;
    private final Duration drainTimeout;
    private final AtomicReference<CompletableFuture<Void>> stopping = new AtomicReference<>();
    private ScheduledFuture<?> treeWatch;

    private ModuleProcess(RunId runId, Process process, ProcessOutput output, LauncherSettings settings) {
        this.runId = runId;
        this.process = process;
        this.started = process.toHandle().info().startInstant().orElse(Instant.MIN);
        this.gate = new OutputGate(output);
        this.stdout = pump(process.getInputStream(), LogStream.STDOUT, 1, settings);
        this.stderr = pump(process.getErrorStream(), LogStream.STDERR, 2, settings);
        this.tree = new ProcessTree(process.toHandle(), "run " + runId, this::outputHolders);
        this.drainTimeout = settings.drainTimeout();
    }

    /**
     * Starts the threads that serve {@code process}; {@code output} is called from them from now on. Call it right
     * after the start: the readers must hold the streams before the process exits, or the JDK closes them early.
     */
    static ModuleProcess serve(RunId runId, Process process, ProcessOutput output, LauncherSettings settings,
                               ScheduledExecutorService scheduler) {
        ModuleProcess module = new ModuleProcess(runId, process, output, settings);
        module.startThread("stdout", module.stdout);
        module.startThread("stderr", module.stderr);
        module.treeWatch = scheduler.scheduleWithFixedDelay(module::refreshTree,
                0, TREE_REFRESH.toMillis(), TimeUnit.MILLISECONDS);
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

    /** Names the pipe at once, while the process most likely still has it on {@code fd}, for the output holders. */
    private OutputPump pump(InputStream input, LogStream stream, int fd, LauncherSettings settings) {
        return new OutputPump(input, stream, PipeHolders.pipeOf(process.pid(), fd), settings.maxLineBytes(), gate,
                drained, "run " + runId);
    }

    /**
     * The processes that can still write to the module's output. A process older than the module cannot have
     * inherited its pipes, so one that matches anyway is not taken.
     */
    private List<ProcessHandle> outputHolders() {
        Set<String> pipes = new HashSet<>();
        // The pumps keep their pipes open meanwhile, so no other pipe can take a name looked for.
        synchronized (stdout) {
            synchronized (stderr) {
                stdout.openPipe().ifPresent(pipes::add);
                stderr.openPipe().ifPresent(pipes::add);
                return PipeHolders.holding(pipes).stream()
                        .filter(holder -> holder.info().startInstant().map(at -> !at.isBefore(started)).orElse(true))
                        .toList();
            }
        }
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
        LOG.log(Level.DEBUG, "run {0}: pid {1} exited with {2}", runId, Long.toString(process.pid()),
                Integer.toString(exitCode));
        gate.exit(exitCode);
    }

    /**
     * The process is gone but something still holds its stdout or stderr: a process it left behind. A stop in
     * progress is left to finish its grace period first. Then what is left of the tree, and whatever holds the
     * output, is killed. If the pipes are still open after that, they are abandoned.
     */
    private void releasePipes() {
        CompletableFuture<Void> stop = stopping.get();
        if (stop != null) {
            stop.exceptionally(e -> null).join();
            if (awaitDrained(DRAIN_AFTER_KILL)) {
                return;
            }
        }
        LOG.log(Level.WARNING, "run {0}: output still open {1} ms after the process exited;"
                + " killing the processes left behind", runId, Long.toString(drainTimeout.toMillis()));
        tree.killLeftovers(FORCED_KILL_WAIT);
        if (!awaitDrained(DRAIN_AFTER_KILL)) {
            LOG.log(Level.WARNING, "run {0}: output still held open by a process that was not killed;"
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
