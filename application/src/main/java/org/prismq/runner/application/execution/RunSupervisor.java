package org.prismq.runner.application.execution;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

import org.prismq.runner.application.output.LiveOutput;
import org.prismq.runner.application.output.StoredOutputs;
import org.prismq.runner.application.port.in.RunnerException;
import org.prismq.runner.application.port.out.LaunchFailedException;
import org.prismq.runner.application.port.out.LogStore;
import org.prismq.runner.application.port.out.ProcessLauncher;
import org.prismq.runner.application.port.out.QueuedRun;
import org.prismq.runner.application.port.out.RunMetrics;
import org.prismq.runner.application.port.out.RunningProcess;
import org.prismq.runner.application.port.out.Runs;
import org.prismq.runner.application.port.out.StopOutcome;
import org.prismq.runner.application.port.out.StorageFailedException;
import org.prismq.runner.domain.catalog.ModuleDefinition;
import org.prismq.runner.domain.catalog.ParameterValues;
import org.prismq.runner.domain.run.Run;
import org.prismq.runner.domain.run.RunId;
import org.prismq.runner.domain.run.RunStatus;

/**
 * The runs this node executes: it claims queued runs while a slot is free, starts their processes, stops them
 * (cancel, time limit, shutdown, a node taken for dead) and records each end. What differs between a node alone
 * on its database and one among others is its {@link NodeMode}. Built by {@link RunEngine}. Thread-safe.
 *
 * <p>A run's end is recorded only after its process has exited and every line it printed is stored, so a
 * client that sees a terminal status can read the whole output.
 */
public final class RunSupervisor implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(RunSupervisor.class.getName());
    /** Beyond the grace period: time for the kill, the output drain and recording the end. */
    private static final Duration END_ALLOWANCE = Duration.ofSeconds(10);

    private final Runs runs;
    private final ModuleChecks checks;
    private final Clock clock;
    private final RunnerSettings settings;
    private final NodeMode mode;
    private final StoredOutputs storedOutputs;
    private final RunRecorder recorder;
    private final RunSlots slots;
    private final RunTimeouts timeouts;
    private final ProcessStart processes;
    private final RemoteCancel remoteCancel;
    private final RunMetrics metrics;
    private final ResourceGate gate;
    private final NodeRuns nodeRuns;

    RunSupervisor(Runs runs, LogStore logs, ProcessLauncher launcher, ModuleChecks checks, Clock clock,
            RunnerSettings settings, NodeMode mode, StoredOutputs storedOutputs, RunRecorder recorder,
            ResourceGate gate, RunMetrics metrics, NodeRuns nodeRuns) {
        this.runs = runs;
        this.checks = checks;
        this.clock = clock;
        this.settings = settings;
        this.mode = mode;
        this.storedOutputs = storedOutputs;
        this.recorder = recorder;
        this.slots = new RunSlots(settings.maxConcurrent(), settings.queueSize());
        this.timeouts = new RunTimeouts(settings.runTimeout());
        this.metrics = metrics;
        this.processes = new ProcessStart(runs, logs, launcher, clock, settings, timeouts, storedOutputs, metrics);
        this.remoteCancel = new RemoteCancel(runs, endWait());
        this.gate = gate;
        this.nodeRuns = nodeRuns;
    }

    /**
     * Accepts a run checked against {@code module}: queued, and started at once when a slot is free and the host
     * can take it. Returns the run as admitted, {@code queued} or {@code running}: a run that has already ended (a
     * launch error) is returned as it was queued, since the answer to a launch is never an end.
     *
     * @throws RunnerException.QueueFull when every slot is taken and the queue is full
     * @throws RunnerException.ShuttingDown once {@link #close} has begun
     * @throws RunnerException.StorageUnavailable when storage cannot write the run's record: nothing is recorded
     */
    public Run submit(RunId id, ModuleDefinition module, ParameterValues values, Instant createdAt) {
        Run run = Run.queued(id, module.id(), module.name(), values.shown(), createdAt);
        mode.remember(id, new CheckedRun(module, values));
        // The capacity is checked and the run enqueued in one step, so that no slot is taken in between.
        if (!admit(run, values)) {
            mode.forget(id);
            throw new RunnerException.QueueFull(settings.queueSize());
        }
        dispatch();
        // Started here, or waiting (for a slot or for the host), or claimed by another node.
        return nodeRuns.latest(id).filter(Run::isActive).orElseGet(() -> nodeRuns.latest(run));
    }

    /** Enqueues {@code run}, whose record is written whole or not at all: a storage failure leaves nothing. */
    private boolean admit(Run run, ParameterValues values) {
        try {
            return slots.admit(capacity -> mode.queue().enqueue(run, values.values(), capacity));
        } catch (RunnerException.ShuttingDown closed) {
            mode.forget(run.id());
            throw closed;
        } catch (StorageFailedException failure) {
            mode.forget(run.id());
            LOG.log(System.Logger.Level.WARNING, "refused run " + run.id() + ": storage cannot write: "
                    + failure.getMessage());
            throw new RunnerException.StorageUnavailable(failure.getMessage());
        }
    }

    /**
     * Cancels an active run and waits until no process of it is left and its end is recorded. A run that another
     * node executes is cancelled by that node, asked through the {@link NodeMode}.
     *
     * @throws RunnerException.RunNotFound or RunNotActive
     */
    public Run cancel(RunId id) {
        Optional<Run> here = cancelHere(id);
        if (here.isPresent()) {
            return here.get();
        }
        Run run = runs.find(id).orElseThrow(() -> new RunnerException.RunNotFound(id));
        if (!run.isActive()) {
            throw new RunnerException.RunNotActive(id, run.status());
        }
        if (mode.queue().remove(id)) {
            mode.forget(id);
            Run cancelled = recorder.record(run.cancel(null, null, clock.instant()));
            metrics.runEnded(cancelled.moduleId(), cancelled.status());
            return cancelled;
        }
        mode.requestCancel(id);
        return remoteCancel.awaitEnd(id, this::cancelHere);
    }

    /**
     * Stops taking runs, deals with the queued ones as the {@link NodeMode} says, stops the running ones as a
     * cancel does, and waits (bounded by the grace period and a few seconds) until their ends are recorded.
     */
    @Override
    public void close() {
        if (!slots.close()) {
            return;
        }
        mode.closeQueue(recorder, clock.instant());
        List<ActiveRun> stopping = nodeRuns.held();
        stopping.forEach(run -> stop(run, ActiveRun.StopReason.SHUTDOWN));
        stopping.forEach(this::awaitEnd);
        timeouts.close();
    }

    /** Records again the ends that storage could not take when they came (see {@link RunRecorder}). */
    void retryUnrecorded() {
        recorder.retryUnrecorded();
    }

    /**
     * Claims queued runs and starts them while a slot is free and the host can take them. While the host is short,
     * the oldest run waits and the others wait behind it, in order.
     */
    void dispatch() {
        if (gate.check().isPresent()) {
            return;
        }
        while (true) {
            Optional<Claimed> next;
            try {
                // A slot and its run are taken in one step, so that a launch never sees the one without the other;
                // the start is stamped in that step too, so that runs leaving the queue together are recorded as
                // starting in the order they left it, however their threads go on.
                next = slots.fill(() -> mode.queue().claim(mode.node().id())
                        .map(run -> new Claimed(run, clock.instant())));
            } catch (RuntimeException failure) {
                LOG.log(System.Logger.Level.WARNING, "taking a run from the queue failed: " + failure);
                return;
            }
            if (next.isEmpty()) {
                return;
            }
            start(next.get());
        }
    }

    /** Cancels {@code run} if this node executes it, without waiting for the end; called on other nodes' request. */
    void cancelIfHeld(RunId run) {
        nodeRuns.held(run).ifPresent(activeRun -> stop(activeRun, ActiveRun.StopReason.CANCEL));
    }

    /**
     * The other nodes took this node out as dead (it was silent too long) and recorded its runs as failed: stops
     * them, leaving their records as the other nodes wrote them, so that no ended run changes its status.
     */
    void lost() {
        List<ActiveRun> abandoned = nodeRuns.held();
        if (!abandoned.isEmpty()) {
            LOG.log(System.Logger.Level.ERROR, "the other nodes took node " + mode.node().id() + " out as dead and "
                    + "recorded its runs as failed; stopping its " + abandoned.size() + " run(s)");
        }
        abandoned.forEach(run -> stop(run, ActiveRun.StopReason.LOST));
    }

    /** Starts a claimed run, which holds a slot; whatever goes wrong, the run ends recorded and its slot is freed. */
    private void start(Claimed claim) {
        QueuedRun claimed = claim.run();
        Run run = claimed.run();
        LiveOutput output = storedOutputs.adopt(run.id()).orElseGet(() -> new LiveOutput(RunStatus.QUEUED,
                settings.maxBufferLines(), settings.maxBufferBytes()));
        Optional<CheckedRun> remembered = mode.recall(run.id());
        ActiveRun activeRun = new ActiveRun(run, output);
        nodeRuns.add(activeRun);
        metrics.runStarted(run.moduleId());
        try {
            activeRun.checked(remembered.orElseGet(() -> checks.check(claimed)));
            processes.launch(activeRun, claim.at(), this::stop, this::exited);
        } catch (LaunchFailedException failure) {
            finish(activeRun, ended -> ended.fail(failure.getMessage(), null, clock.instant()));
        } catch (RuntimeException failure) {
            LOG.log(System.Logger.Level.ERROR, "starting " + run.id() + " failed", failure);
            finish(activeRun, ended -> ended.fail("the module could not be started: " + failure, null,
                    clock.instant()));
        }
    }

    /** Cancels run {@code id} and waits for its end if this node executes it; empty if it does not. */
    private Optional<Run> cancelHere(RunId id) {
        return nodeRuns.held(id).map(activeRun -> {
            stop(activeRun, ActiveRun.StopReason.CANCEL);
            return awaitEnd(activeRun);
        });
    }

    /** Records {@code reason} (unless another came first) and stops the process, if it has started, off-thread. */
    private void stop(ActiveRun activeRun, ActiveRun.StopReason reason) {
        if (activeRun.finished().isDone()) {
            return;
        }
        activeRun.stop(reason);
        RunningProcess process = activeRun.process();
        if (process != null && activeRun.startStopping()) {
            Thread.ofVirtual().name("prismq-stop-" + activeRun.run().id()).start(() -> {
                StopOutcome outcome = StopOutcome.ALL_STOPPED;
                try {
                    outcome = process.stop(settings.gracePeriod());
                } finally {
                    activeRun.stopped(outcome);
                }
            });
        }
    }

    private void exited(ActiveRun activeRun, int exitCode) {
        activeRun.cancelTimeout();
        UnaryOperator<Run> end = activeRun.endAfterExit(exitCode, clock.instant(),
                timeouts.limitOf(activeRun.module()));
        // A stop under way says what it could not stop; the record says it too.
        activeRun.afterStop(endWait(), survivors -> finish(activeRun,
                survivors.isEmpty() ? end : run -> EndMessages.adding(end.apply(run), survivors)));
    }

    /** Records the run's end, wakes its followers, frees its slot and starts the next queued run. */
    private void finish(ActiveRun activeRun, UnaryOperator<Run> end) {
        Run ended = activeRun.update(end);
        if (activeRun.stopReason() == ActiveRun.StopReason.LOST) {
            storedOutputs.refresh(ended.id());
        } else {
            // What the record holds is what everyone is told, a cancel's answer included.
            Run recorded = recorder.record(ended);
            if (recorded != ended) {
                ended = activeRun.update(run -> recorded);
            }
        }
        activeRun.output().status(ended.status(), ended.exitCode());
        nodeRuns.remove(ended.id());
        metrics.runEnded(ended.moduleId(), ended.status());
        slots.release();
        activeRun.finished().complete(ended);
        dispatch();
    }

    private Run awaitEnd(ActiveRun activeRun) {
        return activeRun.awaitEnd(endWait());
    }

    /** How long a cancel waits for the end it asked for. */
    private Duration endWait() {
        return settings.gracePeriod().plus(END_ALLOWANCE);
    }

    /** A run taken from the queue, and when it was taken: the start it is recorded with. */
    private record Claimed(QueuedRun run, Instant at) {
    }
}
