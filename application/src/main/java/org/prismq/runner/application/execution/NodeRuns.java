package org.prismq.runner.application.execution;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import org.prismq.runner.application.output.LiveOutput;
import org.prismq.runner.application.output.StoredOutputs;
import org.prismq.runner.application.port.out.Runs;
import org.prismq.runner.domain.catalog.ModuleId;
import org.prismq.runner.domain.run.Run;
import org.prismq.runner.domain.run.RunId;

/**
 * The runs as this node sees them, for the use cases that read: the runs it executes (their latest snapshot and
 * live output), the queue, and the recorded runs. The {@link RunSupervisor} adds and removes the runs it
 * executes; everything here only reads. Built by {@link RunEngine}. Thread-safe.
 */
public final class NodeRuns {

    private final Runs runs;
    private final NodeMode mode;
    private final RunRecorder recorder;
    private final StoredOutputs storedOutputs;
    private final ResourceGate gate;
    private final Map<RunId, ActiveRun> active = new ConcurrentHashMap<>();

    NodeRuns(Runs runs, NodeMode mode, RunRecorder recorder, StoredOutputs storedOutputs, ResourceGate gate) {
        this.runs = runs;
        this.mode = mode;
        this.recorder = recorder;
        this.storedOutputs = storedOutputs;
        this.gate = gate;
    }

    /**
     * The latest view of a run: as this node knows it now when it executes the run (its progress is saved only
     * about once a second), else as recorded. A run leaves this node only after its end is recorded, so a miss
     * here finds the latest record in storage.
     */
    public Optional<Run> latest(RunId id) {
        return activeRun(id).or(() -> recorder.unrecorded(id)).or(() -> runs.find(id)).map(this::withShortage);
    }

    /**
     * The latest view of {@code recorded}, a run read from storage (in a list, say): this node's snapshot when it
     * executes the run, else the record as it is.
     */
    public Run latest(Run recorded) {
        return withShortage(activeRun(recorded.id()).orElse(recorded));
    }

    /** The latest snapshot of a run this node executes. */
    public Optional<Run> activeRun(RunId id) {
        return held(id).map(ActiveRun::run);
    }

    /** The output of an active run that this node does not execute, followed through storage. */
    public LiveOutput watch(Run run) {
        return storedOutputs.watch(run);
    }

    /** The live output of a run this node executes. */
    public Optional<LiveOutput> liveOutput(RunId id) {
        return held(id).map(ActiveRun::output);
    }

    /** Runs executing on this node and runs waiting in the queue. */
    public int activeCount() {
        return active.size() + mode.queue().size();
    }

    /** Runs executing on this node. */
    public int runningCount() {
        return active.size();
    }

    /** Runs waiting in the queue: this node's, or on a shared database every node's. */
    public int queuedCount() {
        return mode.queue().size();
    }

    /** Queued runs held back because this node's host is short of memory, CPU or disk space: all of them, or 0. */
    public int waitingForResourcesCount() {
        return gate.shortage().isPresent() ? queuedCount() : 0;
    }

    /** The modules of the runs executing on this node. */
    public Set<ModuleId> activeModules() {
        return active.values().stream().map(run -> run.run().moduleId()).collect(Collectors.toSet());
    }

    Optional<ActiveRun> held(RunId id) {
        return Optional.ofNullable(active.get(id));
    }

    List<ActiveRun> held() {
        return List.copyOf(active.values());
    }

    void add(ActiveRun run) {
        active.put(run.run().id(), run);
    }

    void remove(RunId id) {
        active.remove(id);
    }

    /** A queued run says what this node's host is short of, if it is (see {@code waiting_for}). */
    private Run withShortage(Run run) {
        return run.waitingFor(gate.shortage().orElse(null));
    }
}
