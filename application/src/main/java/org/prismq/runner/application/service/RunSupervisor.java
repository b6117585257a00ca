package org.prismq.runner.application.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
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

import org.prismq.runner.application.port.in.RunnerException;
import org.prismq.runner.application.port.out.LaunchFailedException;
import org.prismq.runner.application.port.out.LaunchSpec;
import org.prismq.runner.application.port.out.LogStore;
import org.prismq.runner.application.port.out.ProcessLauncher;
import org.prismq.runner.application.port.out.RunningProcess;
import org.prismq.runner.application.port.out.Runs;
import org.prismq.runner.domain.catalog.ModuleDefinition;
import org.prismq.runner.domain.catalog.ModuleId;
import org.prismq.runner.domain.catalog.ParameterValues;
import org.prismq.runner.domain.run.Progress;
import org.prismq.runner.domain.run.Run;
import org.prismq.runner.domain.run.RunId;
import org.prismq.runner.domain.run.RunStatus;

/**
 * Owns every active run: the FIFO wait queue, the concurrency limit, starting processes, timeouts, cancels,
 * recording each end, and shutdown. Thread-safe.
 *
 * <p>A run's end is recorded only after its process has exited and every line it printed is stored, so a
 * client that sees a terminal status can read the whole output.
 */
public final class RunSupervisor implements AutoCloseable {

    static final String RECOVERY_MESSAGE = "the service stopped while the run was active";
    static final String SHUTDOWN_MESSAGE = "the service shut down while the run was active";
    static final String SHUTDOWN_QUEUED_MESSAGE = "the service shut down before the run started";

    private static final System.Logger LOG = System.getLogger(RunSupervisor.class.getName());
    private static final Duration PROGRESS_SAVE_INTERVAL = Duration.ofSeconds(1);
    /** Beyond the grace period: time for the kill, the output drain and recording the end. */
    private static final Duration END_ALLOWANCE = Duration.ofSeconds(10);

    private final Runs runs;
    private final LogStore logs;
    private final ProcessLauncher launcher;
    private final Clock clock;
    private final RunnerSettings settings;
    private final ScheduledExecutorService timer;

    private final ReentrantLock lock = new ReentrantLock();
    private final Deque<ActiveRun> queue = new ArrayDeque<>();
    private final Map<RunId, ActiveRun> active = new ConcurrentHashMap<>();
    private int running;
    private boolean closed;

    public RunSupervisor(Runs runs, LogStore logs, ProcessLauncher launcher, Clock clock, RunnerSettings settings) {
        this.runs = runs;
        this.logs = logs;
        this.launcher = launcher;
        this.clock = clock;
        this.settings = settings;
        this.timer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("prismq-run-timeouts").factory());
    }

    /**
     * Records every run that an earlier life of the service left queued or running as failed: its process is
     * gone with that life. Call once, before serving. Returns how many runs it recorded.
     */
    public int recover() {
        List<Run> left = runs.active();
        Instant now = clock.instant();
        for (Run run : left) {
            runs.update(run.fail(RECOVERY_MESSAGE, null, now));
        }
        if (!left.isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, left.size() + " run(s) were active when the service last "
                    + "stopped and are now recorded as failed");
        }
        return left.size();
    }

    /**
     * Accepts a run: queued, and started at once when a slot is free.
     *
     * @throws RunnerException.QueueFull when every slot is taken and the queue is full
     * @throws RunnerException.ShuttingDown once {@link #close} has begun
     */
    Run submit(RunId id, ModuleDefinition module, ParameterValues values, Instant createdAt) {
        Run run = Run.queued(id, module.id(), module.name(), values.shown(), createdAt);
        ActiveRun activeRun = new ActiveRun(run, module, values,
                new LiveOutput(RunStatus.QUEUED, settings.maxBufferLines(), settings.maxBufferBytes()));
        lock.lock();
        try {
            if (closed) {
                throw new RunnerException.ShuttingDown();
            }
            if (running >= settings.maxConcurrent() && queue.size() >= settings.queueSize()) {
                throw new RunnerException.QueueFull(settings.queueSize());
            }
            runs.add(run);
            active.put(id, activeRun);
            queue.addLast(activeRun);
        } finally {
            lock.unlock();
        }
        dispatch();
        return activeRun.run();
    }

    /**
     * Cancels an active run and waits until no process of it is left and its end is recorded.
     *
     * @throws RunnerException.RunNotFound or RunNotActive
     */
    Run cancel(RunId id) {
        ActiveRun activeRun = active.get(id);
        if (activeRun == null) {
            Run run = runs.find(id).orElseThrow(() -> new RunnerException.RunNotFound(id));
            throw new RunnerException.RunNotActive(id, run.status());
        }
        boolean wasQueued;
        lock.lock();
        try {
            wasQueued = queue.remove(activeRun);
        } finally {
            lock.unlock();
        }
        if (wasQueued) {
            Instant now = clock.instant();
            return finish(activeRun, run -> run.cancel(null, null, now));
        }
        stop(activeRun, ActiveRun.StopReason.CANCEL);
        return awaitEnd(activeRun);
    }

    /** The latest snapshot of an active run. */
    Optional<Run> activeRun(RunId id) {
        return Optional.ofNullable(active.get(id)).map(ActiveRun::run);
    }

    /** The live output of an active run. */
    Optional<LiveOutput> liveOutput(RunId id) {
        return Optional.ofNullable(active.get(id)).map(ActiveRun::output);
    }

    int activeCount() {
        return active.size();
    }

    Set<ModuleId> activeModules() {
        return active.values().stream().map(run -> run.module().id()).collect(Collectors.toSet());
    }

    /**
     * Stops taking runs, cancels the queued ones, stops the running ones as a cancel does, and waits (bounded by
     * the grace period and a few seconds) until their ends are recorded.
     */
    @Override
    public void close() {
        List<ActiveRun> queued;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            queued = new ArrayList<>(queue);
            queue.clear();
        } finally {
            lock.unlock();
        }
        Instant now = clock.instant();
        queued.forEach(run -> finish(run, r -> r.cancel(null, SHUTDOWN_QUEUED_MESSAGE, now)));
        Collection<ActiveRun> stopping = List.copyOf(active.values());
        stopping.forEach(run -> stop(run, ActiveRun.StopReason.SHUTDOWN));
        stopping.forEach(this::awaitEnd);
        timer.shutdownNow();
    }

    private void dispatch() {
        List<ActiveRun> toStart = new ArrayList<>();
        lock.lock();
        try {
            while (!closed && running < settings.maxConcurrent() && !queue.isEmpty()) {
                toStart.add(queue.pollFirst());
                running++;
            }
        } finally {
            lock.unlock();
        }
        toStart.forEach(this::start);
    }

    /** Starts a dequeued run; whatever goes wrong, the run ends recorded and its slot is freed. */
    private void start(ActiveRun activeRun) {
        try {
            launch(activeRun);
        } catch (LaunchFailedException failure) {
            finish(activeRun, run -> run.fail(failure.getMessage(), null, clock.instant()));
        } catch (RuntimeException failure) {
            LOG.log(System.Logger.Level.ERROR, "starting " + activeRun.run().id() + " failed", failure);
            finish(activeRun, run -> run.fail("the module could not be started: " + failure, null,
                    clock.instant()));
        }
    }

    private void launch(ActiveRun activeRun) {
        Instant now = clock.instant();
        Run started = activeRun.update(run -> run.start(now));
        activeRun.output().status(RunStatus.RUNNING, null);
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
        try {
            runs.update(ended);
        } catch (RuntimeException failure) {
            LOG.log(System.Logger.Level.ERROR, "recording the end of " + ended.id() + " failed", failure);
        }
        activeRun.output().status(ended.status(), ended.exitCode());
        active.remove(ended.id());
        if (ended.startedAt() != null) {
            lock.lock();
            try {
                running--;
            } finally {
                lock.unlock();
            }
        }
        activeRun.finished().complete(ended);
        dispatch();
        return ended;
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

    private Duration timeLimit(ModuleDefinition module) {
        return module.timeoutSeconds() != null ? Duration.ofSeconds(module.timeoutSeconds()) : settings.runTimeout();
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
        public void exited(int exitCode) {
            RunSupervisor.this.exited(activeRun, exitCode);
        }
    }
}
