package org.prismq.runner.application.execution;

import java.time.Clock;

import org.prismq.runner.application.output.StoredOutputs;
import org.prismq.runner.application.port.out.LogStore;
import org.prismq.runner.application.port.out.ModuleCatalog;
import org.prismq.runner.application.port.out.ProcessLauncher;
import org.prismq.runner.application.port.out.RunMetrics;
import org.prismq.runner.application.port.out.ResourceSnapshot;
import org.prismq.runner.application.port.out.Runs;
import org.prismq.runner.application.port.out.SystemResources;

/**
 * The execution of runs as wiring builds it: the {@link RunSupervisor} that the use cases launch and cancel
 * through, the {@link NodeRuns} they read, and the
 * {@link NodeAgent} that does the node's periodic work and hears the other nodes, both working in the
 * {@link NodeMode} chosen at wiring. Call {@link #recover}, then {@link #start}, before serving; {@link #close}
 * at shutdown.
 */
public final class RunEngine implements AutoCloseable {

    /** A host whose figures are all unknown, which is never taken as short. */
    private static final SystemResources UNKNOWN_HOST = () -> new ResourceSnapshot(0, 0, -1, -1);

    private final NodeMode mode;
    private final OrphanedRuns orphans;
    private final RunSupervisor supervisor;
    private final NodeRuns nodeRuns;
    private final NodeAgent agent;

    private RunEngine(Builder parts) {
        this.mode = parts.mode;
        StoredOutputs storedOutputs = new StoredOutputs(parts.runs, parts.logs, parts.settings.maxBufferLines(),
                parts.settings.maxBufferBytes());
        RunRecorder recorder = new RunRecorder(parts.runs, storedOutputs);
        ResourceGate gate = new ResourceGate(parts.resources, parts.settings, parts.clock);
        this.orphans = new OrphanedRuns(parts.runs, recorder, parts.clock, parts.leftovers);
        this.nodeRuns = new NodeRuns(parts.runs, mode, recorder, storedOutputs, gate);
        this.supervisor = new RunSupervisor(parts.runs, parts.logs, parts.launcher, new ModuleChecks(parts.catalog),
                parts.clock, parts.settings, mode, storedOutputs, recorder, gate, parts.metrics, nodeRuns);
        this.agent = new NodeAgent(supervisor, mode, orphans, storedOutputs);
    }

    /**
     * An engine over these adapters, working in {@code mode}. Unless the builder is told otherwise, it never waits
     * for the host, reports no metrics and finds no processes left by an earlier life of the node.
     */
    public static Builder builder(Runs runs, LogStore logs, ProcessLauncher launcher, ModuleCatalog catalog,
            Clock clock, RunnerSettings settings, NodeMode mode) {
        return new Builder(runs, logs, launcher, catalog, clock, settings, mode);
    }

    /** The supervisor of the runs this node executes, for the use cases that launch and cancel. */
    public RunSupervisor supervisor() {
        return supervisor;
    }

    /** The runs as this node sees them, for the use cases that read. */
    public NodeRuns nodeRuns() {
        return nodeRuns;
    }

    /**
     * Records as failed the runs whose process is gone: alone on the database, every run that an earlier life of
     * the service left queued or running; on a shared database, the runs that an earlier life of this node (under
     * the same node id) held (what is left of the processes of both is stopped first, see
     * {@link LeftoverProcesses}), the runs of nodes that stopped beating and the runs that no node holds. Call once,
     * before serving. Returns how many runs it recorded.
     */
    public int recover() {
        return mode.recover(orphans);
    }

    /** Starts the node's periodic work and its hearing of the other nodes (see {@link NodeAgent}). */
    public void start() {
        agent.start();
    }

    /**
     * Stops the runs (see {@link RunSupervisor#close}); only then stops the periodic work, so that the node keeps
     * beating while its runs stop and no other node takes them for dead, and leaves the other nodes.
     */
    @Override
    public void close() {
        supervisor.close();
        agent.close();
        mode.leave();
    }

    /** The optional parts of an engine; see {@link RunEngine#builder}. */
    public static final class Builder {

        private final Runs runs;
        private final LogStore logs;
        private final ProcessLauncher launcher;
        private final ModuleCatalog catalog;
        private final Clock clock;
        private final RunnerSettings settings;
        private final NodeMode mode;
        private SystemResources resources = UNKNOWN_HOST;
        private RunMetrics metrics = RunMetrics.NONE;
        private LeftoverProcesses leftovers = LeftoverProcesses.NONE;

        private Builder(Runs runs, LogStore logs, ProcessLauncher launcher, ModuleCatalog catalog, Clock clock,
                RunnerSettings settings, NodeMode mode) {
            this.runs = runs;
            this.logs = logs;
            this.launcher = launcher;
            this.catalog = catalog;
            this.clock = clock;
            this.settings = settings;
            this.mode = mode;
        }

        /**
         * Queued runs start only while the host, as {@code resources} reads it, is not short of memory, disk space
         * or CPU (thresholds in the settings).
         */
        public Builder resources(SystemResources resources) {
            this.resources = resources;
            return this;
        }

        /** Told of runs started and ended and of output captured and stored. */
        public Builder metrics(RunMetrics metrics) {
            this.metrics = metrics;
            return this;
        }

        /** Finds and stops the processes of runs an earlier life of this node left active, on recovery. */
        public Builder leftovers(LeftoverProcesses leftovers) {
            this.leftovers = leftovers;
            return this;
        }

        public RunEngine build() {
            return new RunEngine(this);
        }
    }
}
