package org.prismq.runner.application.execution;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

import org.prismq.runner.application.output.LiveOutput;
import org.prismq.runner.application.output.OutputCapture;
import org.prismq.runner.application.output.StoredOutputs;
import org.prismq.runner.application.port.in.RunnerException;
import org.prismq.runner.application.port.out.Cluster;
import org.prismq.runner.application.port.out.LaunchFailedException;
import org.prismq.runner.application.port.out.LaunchQueue;
import org.prismq.runner.application.port.out.LaunchSpec;
import org.prismq.runner.application.port.out.LogStore;
import org.prismq.runner.application.port.out.ModuleCatalog;
import org.prismq.runner.application.port.out.ProcessLauncher;
import org.prismq.runner.application.port.out.QueuedRun;
import org.prismq.runner.application.port.out.RunningProcess;
import org.prismq.runner.application.port.out.Runs;
import org.prismq.runner.domain.catalog.InvalidParametersException;
import org.prismq.runner.domain.catalog.ModuleDefinition;
import org.prismq.runner.domain.catalog.ModuleId;
import org.prismq.runner.domain.catalog.ParameterError;
import org.prismq.runner.domain.catalog.ParameterValues;
import org.prismq.runner.domain.run.Progress;
import org.prismq.runner.domain.run.Run;
import org.prismq.runner.domain.run.RunId;
import org.prismq.runner.domain.run.RunStatus;

/**
 * Owns the runs this node executes: claiming queued runs from the {@link LaunchQueue} within the concurrency
 * limit, starting processes, timeouts, cancels, recording each end, and shutdown. On a database shared with other
 * nodes it also beats the node's heart, records the runs of nodes that died as failed, and passes cancels on to
 * the node that executes the run (see {@link NodeAgent}). Thread-safe.
 *
 * <p>A run's end is recorded only after its process has exited and every line it printed is stored, so a
 * client that sees a terminal status can read the whole output.
 */
public final class RunSupervisor implements AutoCloseable {

    public static final String RECOVERY_MESSAGE = "the service stopped while the run was active";
    public static final String NODE_LOST_MESSAGE =
            "the service node running it stopped answering while the run was active";
    public static final String SHUTDOWN_MESSAGE = "the service shut down while the run was active";
    public static final String SHUTDOWN_QUEUED_MESSAGE = "the service shut down before the run started";

    private static final System.Logger LOG = System.getLogger(RunSupervisor.class.getName());
    private static final Duration PROGRESS_SAVE_INTERVAL = Duration.ofSeconds(1);
    /** Beyond the grace period: time for the kill, the output drain and recording the end. */
    private static final Duration END_ALLOWANCE = Duration.ofSeconds(10);
    /** How often a cancel of a run executed by another node looks whether the run has ended. */
    private static final Duration REMOTE_END_POLL = Duration.ofMillis(50);

    private final Runs runs;
    private final LogStore logs;
    private final ProcessLauncher launcher;
    private final ModuleCatalog catalog;
    private final Clock clock;
    private final RunnerSettings settings;
    private final LaunchQueue queue;
    private final Cluster cluster;
    private final NodeSettings node;
    private final StoredOutputs storedOutputs;
    private final ScheduledExecutorService timer;
    private final NodeAgent agent;

    private final ReentrantLock lock = new ReentrantLock();
    private final Map<RunId, ActiveRun> active = new ConcurrentHashMap<>();
    /** What runs submitted here were checked against, so that a catalog reload does not change a queued run. */
    private final Map<RunId, Submitted> submitted = new ConcurrentHashMap<>();
    private int running;
    private boolean closed;

    /** A service alone on its database, with its queue in memory. */
    public RunSupervisor(Runs runs, LogStore logs, ProcessLauncher launcher, ModuleCatalog catalog, Clock clock,
            RunnerSettings settings) {
        this(runs, logs, launcher, catalog, clock, settings, new LocalLaunchQueue(runs), Cluster.STANDALONE,
                NodeSettings.STANDALONE);
    }

    /**
     * A node that takes its runs from {@code queue} and works with the other nodes of {@code cluster}. Call
     * {@link #recover} and then {@link #start} before serving.
     */
    public RunSupervisor(Runs runs, LogStore logs, ProcessLauncher launcher, ModuleCatalog catalog, Clock clock,
            RunnerSettings settings, LaunchQueue queue, Cluster cluster, NodeSettings node) {
        this.runs = runs;
        this.logs = logs;
        this.launcher = launcher;
        this.catalog = catalog;
        this.clock = clock;
        this.settings = settings;
        this.queue = queue;
        this.cluster = cluster;
        this.node = node;
        this.storedOutputs = new StoredOutputs(runs, logs, settings.maxBufferLines(), settings.maxBufferBytes());
        this.timer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("prismq-run-timeouts").factory());
        this.agent = new NodeAgent(this, cluster, node, storedOutputs);
    }

    /**
     * Records as failed the runs whose process is gone: alone on the database, every run that an earlier life of
     * the service left queued or running; on a shared database, the runs that an earlier life of this node (under
     * the same node id) held, the runs of nodes that stopped beating and the runs that no node holds. Call once,
     * before serving. Returns how many runs it recorded.
     */
    public int recover() {
        if (cluster.shared()) {
            // An earlier life under the same node id left these; a process that is just starting holds none.
            int recorded = failOrphans(cluster.heldBy(node.id()), RECOVERY_MESSAGE);
            cluster.heartbeat(node.id());
            return recorded + failOrphans(cluster.reap(node.timeout()), NODE_LOST_MESSAGE);
        }
        List<RunId> left = runs.active().stream().map(Run::id).toList();
        return failOrphans(left, RECOVERY_MESSAGE);
    }

    /** Starts the node's periodic work and its listening to the other nodes (see {@link NodeAgent}). */
    public void start() {
        agent.start(node.tick());
    }

    /**
     * Accepts a run: queued, and started at once when a slot is free.
     *
     * @throws RunnerException.QueueFull when every slot is taken and the queue is full
     * @throws RunnerException.ShuttingDown once {@link #close} has begun
     */
    public Run submit(RunId id, ModuleDefinition module, ParameterValues values, Instant createdAt) {
        Run run = Run.queued(id, module.id(), module.name(), values.shown(), createdAt);
        int capacity;
        lock.lock();
        try {
            if (closed) {
                throw new RunnerException.ShuttingDown();
            }
            // A run that finds a free slot here never has to wait, whatever the queue's size.
            capacity = settings.queueSize() + Math.max(0, settings.maxConcurrent() - running);
        } finally {
            lock.unlock();
        }
        if (!cluster.shared()) {
            submitted.put(id, new Submitted(module, values));
        }
        if (!queue.enqueue(run, values.values(), capacity)) {
            submitted.remove(id);
            throw new RunnerException.QueueFull(settings.queueSize());
        }
        dispatch();
        // Started here, or already ended here (a launch error), or waiting, or claimed by another node.
        return activeRun(id).or(() -> runs.find(id)).orElse(run);
    }

    /**
     * Cancels an active run and waits until no process of it is left and its end is recorded. A run that another
     * node executes is cancelled by that node, asked through the {@link Cluster}.
     *
     * @throws RunnerException.RunNotFound or RunNotActive
     */
    public Run cancel(RunId id) {
        ActiveRun activeRun = active.get(id);
        if (activeRun != null) {
            return cancelHere(activeRun);
        }
        Run run = runs.find(id).orElseThrow(() -> new RunnerException.RunNotFound(id));
        if (!run.isActive()) {
            throw new RunnerException.RunNotActive(id, run.status());
        }
        if (queue.remove(id)) {
            submitted.remove(id);
            Run cancelled = run.cancel(null, null, clock.instant());
            runs.update(cancelled);
            storedOutputs.refresh(id);
            return cancelled;
        }
        cluster.requestCancel(id);
        return awaitRecordedEnd(id);
    }

    /** Cancels {@code run} if this node executes it, without waiting for the end; called on other nodes' request. */
    void cancelIfHeld(RunId run) {
        ActiveRun activeRun = active.get(run);
        if (activeRun != null) {
            stop(activeRun, ActiveRun.StopReason.CANCEL);
        }
    }

    /**
     * The other nodes took this node out as dead (it was silent too long) and recorded its runs as failed: stops
     * them, leaving their records as the other nodes wrote them, so that no ended run changes its status.
     */
    void lost() {
        List<ActiveRun> abandoned = List.copyOf(active.values());
        if (!abandoned.isEmpty()) {
            LOG.log(System.Logger.Level.ERROR, "the other nodes took node " + node.id() + " out as dead and "
                    + "recorded its runs as failed; stopping its " + abandoned.size() + " run(s)");
        }
        abandoned.forEach(run -> stop(run, ActiveRun.StopReason.LOST));
    }

    /** The latest snapshot of a run this node executes. */
    public Optional<Run> activeRun(RunId id) {
        return Optional.ofNullable(active.get(id)).map(ActiveRun::run);
    }

    /** The live output of a run this node executes. */
    public Optional<LiveOutput> liveOutput(RunId id) {
        return Optional.ofNullable(active.get(id)).map(ActiveRun::output);
    }

    /** The output of an active run that this node does not execute, followed through storage. */
    public LiveOutput watch(Run run) {
        return storedOutputs.watch(run);
    }

    /** Runs executing on this node and runs waiting in the queue. */
    public int activeCount() {
        return active.size() + queue.size();
    }

    public Set<ModuleId> activeModules() {
        return active.values().stream().map(run -> run.run().moduleId()).collect(Collectors.toSet());
    }

    /**
     * Stops taking runs, stops the running ones as a cancel does, and waits (bounded by the grace period and a
     * few seconds) until their ends are recorded. Alone on the database, it also cancels the queued runs; on a
     * shared one it leaves them to the other nodes.
     */
    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
        } finally {
            lock.unlock();
        }
        if (!cluster.shared()) {
            Instant now = clock.instant();
            for (Optional<QueuedRun> left = queue.claim(node.id()); left.isPresent(); left = queue.claim(node.id())) {
                Run run = left.get().run();
                submitted.remove(run.id());
                record(run.cancel(null, SHUTDOWN_QUEUED_MESSAGE, now));
            }
        }
        Collection<ActiveRun> stopping = List.copyOf(active.values());
        stopping.forEach(run -> stop(run, ActiveRun.StopReason.SHUTDOWN));
        stopping.forEach(this::awaitEnd);
        // Only now: the node keeps beating while its runs stop, so that no other node takes them for dead.
        agent.close();
        timer.shutdownNow();
        if (cluster.shared()) {
            try {
                cluster.leave(node.id());
            } catch (RuntimeException failure) {
                LOG.log(System.Logger.Level.WARNING, "leaving the cluster failed: " + failure);
            }
        }
    }

    /** Claims queued runs and starts them while a slot is free. */
    void dispatch() {
        while (reserveSlot()) {
            Optional<QueuedRun> next;
            try {
                next = queue.claim(node.id());
            } catch (RuntimeException failure) {
                releaseSlot();
                LOG.log(System.Logger.Level.WARNING, "taking a run from the queue failed: " + failure);
                return;
            }
            if (next.isEmpty()) {
                releaseSlot();
                return;
            }
            start(next.get());
        }
    }

    /** Records the end of runs whose process is gone with the node that ran it; returns how many. */
    int failOrphans(List<RunId> orphans, String message) {
        Instant now = clock.instant();
        int recorded = 0;
        for (RunId id : orphans) {
            Optional<Run> run = runs.find(id).filter(Run::isActive);
            if (run.isPresent()) {
                record(run.get().fail(message, null, now));
                recorded++;
            }
        }
        if (recorded > 0) {
            LOG.log(System.Logger.Level.WARNING, recorded + " run(s) were active when the service node running "
                    + "them stopped, and are now recorded as failed");
        }
        return recorded;
    }

    private boolean reserveSlot() {
        lock.lock();
        try {
            if (closed || running >= settings.maxConcurrent()) {
                return false;
            }
            running++;
            return true;
        } finally {
            lock.unlock();
        }
    }

    private void releaseSlot() {
        lock.lock();
        try {
            running--;
        } finally {
            lock.unlock();
        }
    }

    /** Starts a claimed run, which holds a slot; whatever goes wrong, the run ends recorded and its slot is freed. */
    private void start(QueuedRun claimed) {
        Run run = claimed.run();
        LiveOutput output = storedOutputs.adopt(run.id()).orElseGet(() -> new LiveOutput(RunStatus.QUEUED,
                settings.maxBufferLines(), settings.maxBufferBytes()));
        Submitted checked = submitted.remove(run.id());
        ModuleDefinition module = checked != null ? checked.module()
                : catalog.find(run.moduleId()).orElse(null);
        ActiveRun activeRun = new ActiveRun(run, module, checked != null ? checked.values() : null, output);
        active.put(run.id(), activeRun);
        try {
            if (module == null) {
                throw new LaunchFailedException("module '" + run.moduleId() + "' is not in this node's catalog");
            }
            if (checked == null) {
                activeRun.values(revalidated(module, claimed));
            }
            launch(activeRun);
        } catch (LaunchFailedException failure) {
            finish(activeRun, ended -> ended.fail(failure.getMessage(), null, clock.instant()));
        } catch (RuntimeException failure) {
            LOG.log(System.Logger.Level.ERROR, "starting " + run.id() + " failed", failure);
            finish(activeRun, ended -> ended.fail("the module could not be started: " + failure, null,
                    clock.instant()));
        }
    }

    /** The values of a run queued by another node, checked against this node's catalog. */
    private static ParameterValues revalidated(ModuleDefinition module, QueuedRun claimed) {
        try {
            return ParameterValues.resolve(module, claimed.values(), Map.of());
        } catch (InvalidParametersException invalid) {
            throw new LaunchFailedException("the parameters do not fit module '" + module.id()
                    + "' in this node's catalog: " + String.join("; ",
                    invalid.errors().stream().map(ParameterError::toString).toList()));
        }
    }

    private void launch(ActiveRun activeRun) {
        Instant now = clock.instant();
        Run started = activeRun.update(run -> run.start(now));
        // As a step forward only: a follower that watched the queued run may have reported its start already.
        activeRun.output().follow(RunStatus.RUNNING, null, true);
        runs.update(started);
        ModuleDefinition module = activeRun.module();
        OutputCapture capture = new OutputCapture(started.id(), activeRun.output(), logs, clock,
                new CaptureListener(activeRun), settings.maxBufferLines(), settings.maxBufferBytes());
        activeRun.capturing(capture);
        LaunchSpec spec = new LaunchSpec(started.id(), module.script(), module.command(),
                activeRun.values().arguments(), module.env(), module.workingDirectory());
        RunningProcess process = launcher.launch(spec, capture);
        Future<?> timeout;
        try {
            timeout = timer.schedule(() -> stop(activeRun, ActiveRun.StopReason.TIMEOUT),
                    timeLimit(module).toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException shuttingDown) {
            // The service is closing: the shutdown stops this run; a time limit no longer matters.
            timeout = CompletableFuture.completedFuture(null);
        }
        activeRun.started(process, timeout);
        if (activeRun.stopReason() != ActiveRun.StopReason.NONE) {
            // A cancel or shutdown arrived while the process was starting.
            stop(activeRun, activeRun.stopReason());
        }
    }

    private Run cancelHere(ActiveRun activeRun) {
        stop(activeRun, ActiveRun.StopReason.CANCEL);
        return awaitEnd(activeRun);
    }

    /** Records {@code reason} (unless another came first) and stops the process, if it has started, off-thread. */
    private void stop(ActiveRun activeRun, ActiveRun.StopReason reason) {
        if (activeRun.finished().isDone()) {
            return;
        }
        activeRun.stop(reason);
        RunningProcess process = activeRun.process();
        if (process != null) {
            Thread.ofVirtual().name("prismq-stop-" + activeRun.run().id())
                    .start(() -> process.stop(settings.gracePeriod()));
        }
    }

    private void exited(ActiveRun activeRun, int exitCode) {
        activeRun.cancelTimeout();
        Instant now = clock.instant();
        OutputCapture capture = activeRun.capture();
        UnaryOperator<Run> end = switch (activeRun.stopReason()) {
            case CANCEL -> run -> run.cancel(exitCode, null, now);
            case SHUTDOWN -> run -> run.cancel(exitCode, SHUTDOWN_MESSAGE, now);
            case LOST -> run -> run.fail(NODE_LOST_MESSAGE, exitCode, now);
            case TIMEOUT -> run -> run.fail(capture.withStderrTail(
                    "timed out after " + timeLimit(activeRun.module()).toSeconds() + " s"), exitCode, now);
            case NONE -> run -> run.exited(exitCode, capture.withStderrTail("exited with code " + exitCode), now);
        };
        finish(activeRun, end);
    }

    private void progress(ActiveRun activeRun, Progress progress) {
        Run updated = activeRun.update(run -> run.withProgress(progress));
        if (activeRun.progressDue(clock.instant(), PROGRESS_SAVE_INTERVAL)) {
            runs.update(updated);
        }
    }

    /** Records the run's end, wakes its followers, frees its slot and starts the next queued run. */
    private Run finish(ActiveRun activeRun, UnaryOperator<Run> end) {
        Run ended = activeRun.update(end);
        if (activeRun.stopReason() == ActiveRun.StopReason.LOST) {
            storedOutputs.refresh(ended.id());
        } else {
            record(ended);
        }
        activeRun.output().status(ended.status(), ended.exitCode());
        active.remove(ended.id());
        releaseSlot();
        activeRun.finished().complete(ended);
        dispatch();
        return ended;
    }

    /** Records a run's new snapshot, then tells whoever follows it through storage. */
    private void record(Run run) {
        try {
            runs.update(run);
        } catch (RuntimeException failure) {
            LOG.log(System.Logger.Level.ERROR, "recording " + run.status().wireName() + " for " + run.id()
                    + " failed", failure);
        }
        storedOutputs.refresh(run.id());
    }

    private Run awaitEnd(ActiveRun activeRun) {
        CompletableFuture<Run> finished = activeRun.finished();
        try {
            return finished.get(settings.gracePeriod().plus(END_ALLOWANCE).toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException notYet) {
            LOG.log(System.Logger.Level.WARNING, "run " + activeRun.run().id() + " has not ended in time: "
                    + notYet);
        }
        return activeRun.run();
    }

    /**
     * Waits until the cancelled run {@code id}, claimed by a node (maybe this one, just now), is recorded ended,
     * bounded as {@link #awaitEnd}; returns its latest record.
     */
    private Run awaitRecordedEnd(RunId id) {
        long deadline = System.nanoTime() + settings.gracePeriod().plus(END_ALLOWANCE).toNanos();
        while (true) {
            ActiveRun here = active.get(id);
            if (here != null) {
                return cancelHere(here);
            }
            Run run = runs.find(id).orElseThrow(() -> new RunnerException.RunNotFound(id));
            if (!run.isActive() || System.nanoTime() >= deadline) {
                return run;
            }
            try {
                Thread.sleep(REMOTE_END_POLL);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return run;
            }
        }
    }

    private Duration timeLimit(ModuleDefinition module) {
        return module.timeoutSeconds() != null ? Duration.ofSeconds(module.timeoutSeconds()) : settings.runTimeout();
    }

    /** A run submitted on this node: the module and values it was checked against. */
    private record Submitted(ModuleDefinition module, ParameterValues values) {
    }

    /** Connects a run's output to the supervisor. */
    private final class CaptureListener implements OutputCapture.Listener {

        private final ActiveRun activeRun;

        CaptureListener(ActiveRun activeRun) {
            this.activeRun = activeRun;
        }

        @Override
        public void progress(Progress progress) {
            RunSupervisor.this.progress(activeRun, progress);
        }

        @Override
        public void stored(long lastSeq) {
            storedOutputs.linesStored(activeRun.run().id(), lastSeq);
        }

        @Override
        public void exited(int exitCode) {
            RunSupervisor.this.exited(activeRun, exitCode);
        }
    }
}
