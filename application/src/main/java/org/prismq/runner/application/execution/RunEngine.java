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
 * The execution of runs as wiring builds it: the {@link RunSupervisor} that the use cases call, and the
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
    private final NodeAgent agent;

    /**
     * An engine that starts queued runs only while the host, as {@code resources} reads it, is not short of
     * memory, disk space or CPU (thresholds in {@code settings}).
     */
    public RunEngine(Runs runs, LogStore logs, ProcessLauncher launcher, ModuleCatalog catalog, Clock clock,
            RunnerSettings settings, NodeMode mode, SystemResources resources) {
        this(runs, logs, launcher, catalog, clock, settings, mode, resources, RunMetrics.NONE,
                LeftoverProcesses.NONE);
    }

    /**
     * @param metrics   told of runs started and ended and of output captured and stored
     * @param leftovers finds and stops the processes of runs an earlier life of this node left active
     */
    public RunEngine(Runs runs, LogStore logs, ProcessLauncher launcher, ModuleCatalog catalog, Clock clock,
            RunnerSettings settings, NodeMode mode, SystemResources resources, RunMetrics metrics,
            LeftoverProcesses leftovers) {
        this.mode = mode;
        StoredOutputs storedOutputs = new StoredOutputs(runs, logs, settings.maxBufferLines(),
                settings.maxBufferBytes());
        RunRecorder recorder = new RunRecorder(runs, storedOutputs);
        this.orphans = new OrphanedRuns(runs, recorder, clock, leftovers);
        this.supervisor = new RunSupervisor(runs, logs, launcher, new ModuleChecks(catalog), clock, settings, mode,
                storedOutputs, recorder, new ResourceGate(resources, settings, clock), metrics);
        this.agent = new NodeAgent(supervisor, mode, orphans, storedOutputs);
    }

    /** An engine that never waits for the host: for tests and benchmarks that judge no resources. */
    public RunEngine(Runs runs, LogStore logs, ProcessLauncher launcher, ModuleCatalog catalog, Clock clock,
            RunnerSettings settings, NodeMode mode) {
        this(runs, logs, launcher, catalog, clock, settings, mode, LeftoverProcesses.NONE);
    }

    /** An engine that never waits for the host and stops {@code leftovers} on recovery. */
    public RunEngine(Runs runs, LogStore logs, ProcessLauncher launcher, ModuleCatalog catalog, Clock clock,
            RunnerSettings settings, NodeMode mode, LeftoverProcesses leftovers) {
        this(runs, logs, launcher, catalog, clock, settings, mode, UNKNOWN_HOST, RunMetrics.NONE, leftovers);
    }

    /** The supervisor of the runs this node executes, for the use cases. */
    public RunSupervisor supervisor() {
        return supervisor;
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
}
