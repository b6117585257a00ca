package org.prismq.runner.adapters.process;

import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.prismq.runner.application.port.out.ProcessIdentity;
import org.prismq.runner.application.port.out.ProcessOutput;
import org.prismq.runner.application.port.out.RunningProcess;
import org.prismq.runner.application.port.out.StopOutcome;
import org.prismq.runner.domain.log.LogStream;
import org.prismq.runner.domain.run.RunId;

/**
 * A started module: two threads pump its output, a third waits for its exit, drains the pipes and announces the
 * exit, and a shared scheduler keeps its process tree known while it runs. Where the launcher put the module in a
 * cgroup of its own, a stop also covers every process in it, and whatever the module left running there is killed
 * once it has exited, before the exit is announced; the cgroup is then removed.
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
    /** Null where cgroups are not used. */
    private final RunCgroup cgroup;
    private final AtomicReference<CompletableFuture<StopOutcome>> stopping = new AtomicReference<>();
    private ScheduledFuture<?> treeWatch;

    private ModuleProcess(RunId runId, Process process, ProcessOutput output, LauncherSettings settings,
                          RunCgroup cgroup) {
        this.runId = runId;
        this.cgroup = cgroup;
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
     *
     * @param cgroup the run's cgroup, which the process entered before it ran, or null
     */
    static ModuleProcess serve(RunId runId, Process process, ProcessOutput output, LauncherSettings settings,
                               ScheduledExecutorService scheduler, RunCgroup cgroup) {
        ModuleProcess module = new ModuleProcess(runId, process, output, settings, cgroup);
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
    public ProcessIdentity identity() {
        return new ProcessIdentity(process.pid(), started.equals(Instant.MIN) ? null : started,
                cgroup == null ? null : cgroup.path().toString());
    }

    @Override
    public StopOutcome stop(Duration grace) {
        Objects.requireNonNull(grace, "grace");
        CompletableFuture<StopOutcome> mine = new CompletableFuture<>();
        CompletableFuture<StopOutcome> running = stopping.compareAndExchange(null, mine);
        if (running != null) {
            return running.join();
        }
        try {
            StopOutcome outcome = stopAll(grace.isNegative() ? Duration.ZERO : grace);
            mine.complete(outcome);
            return outcome;
        } catch (RuntimeException | Error e) {
            mine.completeExceptionally(e);
            throw e;
        }
    }

    /** Graceful request to the tree and the cgroup, the grace for all of them, then a kill of what is left. */
    private StopOutcome stopAll(Duration grace) {
        List<ProcessHandle> members = new ArrayList<>(tree.terminate());
        if (cgroup != null) {
            // A second SIGTERM means "hurry" to some programs: only those the tree did not reach get one here.
            List<ProcessHandle> outsideTree = cgroup.members().stream().filter(p -> !members.contains(p)).toList();
            outsideTree.forEach(ProcessHandle::destroy);
            members.addAll(outsideTree);
        }
        ProcessTree.awaitExit(members, grace);
        Set<Long> survivors = new TreeSet<>();
        if (cgroup != null) {
            survivors.addAll(cgroup.kill(FORCED_KILL_WAIT));
        }
        survivors.addAll(tree.killLeftovers(FORCED_KILL_WAIT));
        if (!survivors.isEmpty()) {
            LOG.log(Level.WARNING, "run {0}: processes {1} could not be stopped", runId, survivors);
        }
        return new StopOutcome(List.copyOf(survivors));
    }

    /** Whether {@code pid} is a live process of this module's tree as far as it is known. */
    boolean tracks(long pid) {
        return tree.knows(pid);
    }

    /**
     * A pump that names the pipe at once, while the process most likely still has it on {@code fd}, for the output
     * holders, and again at the first output if the process had not yet taken its pipe then.
     */
    private OutputPump pump(InputStream input, LogStream stream, int fd, LauncherSettings settings) {
        return new OutputPump(input, stream, () -> PipeHolders.outputPipeOf(process.pid(), fd),
                settings.maxLineBytes(), gate, drained, "run " + runId);
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
        if (cgroup != null) {
            emptyCgroup();
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
        CompletableFuture<StopOutcome> stop = stopping.get();
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

    /**
     * Kills whatever the module left running in its cgroup (after a stop in progress has given it its grace
     * period), and removes the cgroup.
     */
    private void emptyCgroup() {
        CompletableFuture<StopOutcome> stop = stopping.get();
        if (stop != null) {
            stop.exceptionally(e -> null).join();
        }
        List<Long> left = cgroup.pids();
        if (!left.isEmpty()) {
            LOG.log(Level.INFO, "run {0}: killing {1} process(es) the module left running: {2}", runId,
                    Integer.toString(left.size()), left);
            left = cgroup.kill(FORCED_KILL_WAIT);
        }
        if (left.isEmpty()) {
            cgroup.remove();
        } else {
            LOG.log(Level.WARNING, "run {0}: processes {1} of {2} could not be killed", runId, left, cgroup.path());
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
