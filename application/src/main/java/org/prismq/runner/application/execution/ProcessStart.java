package org.prismq.runner.application.execution;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.Future;
import java.util.function.BiConsumer;
import java.util.function.ObjIntConsumer;

import org.prismq.runner.application.output.OutputCap;
import org.prismq.runner.application.output.OutputCapture;
import org.prismq.runner.application.output.StoredOutputs;
import org.prismq.runner.application.port.out.LaunchSpec;
import org.prismq.runner.application.port.out.LogStore;
import org.prismq.runner.application.port.out.ProcessLauncher;
import org.prismq.runner.application.port.out.RunMetrics;
import org.prismq.runner.application.port.out.RunningProcess;
import org.prismq.runner.application.port.out.Runs;
import org.prismq.runner.application.port.out.StorageFailedException;
import org.prismq.runner.domain.catalog.ModuleDefinition;
import org.prismq.runner.domain.run.Progress;
import org.prismq.runner.domain.run.Run;
import org.prismq.runner.domain.run.RunStatus;

/**
 * Starts the process of a checked run: records the run running, connects the process's output to an
 * {@link OutputCapture}, launches it and sets its time limit. The capture's news goes back to the run: progress
 * (saved at most once a second), stored lines (to those who follow the run through storage), and the exit.
 * Thread-safe.
 */
final class ProcessStart {

    private static final System.Logger LOG = System.getLogger(ProcessStart.class.getName());

    private final Runs runs;
    private final LogStore logs;
    private final ProcessLauncher launcher;
    private final Clock clock;
    private final RunnerSettings settings;
    private final RunTimeouts timeouts;
    private final StoredOutputs storedOutputs;
    private final RunMetrics metrics;

    ProcessStart(Runs runs, LogStore logs, ProcessLauncher launcher, Clock clock, RunnerSettings settings,
            RunTimeouts timeouts, StoredOutputs storedOutputs, RunMetrics metrics) {
        this.runs = runs;
        this.logs = logs;
        this.launcher = launcher;
        this.clock = clock;
        this.settings = settings;
        this.timeouts = timeouts;
        this.storedOutputs = storedOutputs;
        this.metrics = metrics;
    }

    /**
     * Starts {@code activeRun}, whose module and values are checked.
     *
     * @param startedAt when the run left the queue, recorded as its start
     * @param stop   stops the run for a reason (its time limit, or a stop that came while it was starting)
     * @param exited called once the process has exited and every line it printed is stored
     */
    void launch(ActiveRun activeRun, Instant startedAt, BiConsumer<ActiveRun, ActiveRun.StopReason> stop,
            ObjIntConsumer<ActiveRun> exited) {
        Run started = activeRun.update(run -> run.start(startedAt));
        // As a step forward only: a follower that watched the queued run may have reported its start already.
        activeRun.output().follow(RunStatus.RUNNING, null, true);
        runs.update(started);
        ModuleDefinition module = activeRun.module();
        Double capMb = module.maxOutputMb() != null ? module.maxOutputMb() : settings.maxRunOutputMb();
        OutputCapture capture = new OutputCapture(started.id(), activeRun.output(), logs, clock,
                new CaptureListener(activeRun, stop, exited), settings.maxBufferLines(), settings.maxBufferBytes(),
                OutputCap.of(started.id(), logs, capMb), metrics);
        activeRun.capturing(capture);
        LaunchSpec spec = new LaunchSpec(started.id(), module.script(), module.command(),
                activeRun.values().arguments(), module.env(), module.workingDirectory());
        RunningProcess process = launcher.launch(spec, capture);
        Future<?> timeout = timeouts.schedule(timeouts.limitOf(module),
                () -> stop.accept(activeRun, ActiveRun.StopReason.TIMEOUT));
        activeRun.started(process, timeout);
        if (activeRun.stopReason() != ActiveRun.StopReason.NONE) {
            // A cancel or shutdown arrived while the process was starting.
            stop.accept(activeRun, activeRun.stopReason());
        }
    }

    /** Connects a run's output to the run. */
    private final class CaptureListener implements OutputCapture.Listener {

        private final ActiveRun activeRun;
        private final BiConsumer<ActiveRun, ActiveRun.StopReason> stop;
        private final ObjIntConsumer<ActiveRun> exited;

        CaptureListener(ActiveRun activeRun, BiConsumer<ActiveRun, ActiveRun.StopReason> stop,
                ObjIntConsumer<ActiveRun> exited) {
            this.activeRun = activeRun;
            this.stop = stop;
            this.exited = exited;
        }

        @Override
        public void storageFailed(Throwable failure) {
            stop.accept(activeRun, ActiveRun.StopReason.STORAGE);
        }

        @Override
        public void progress(Progress progress) {
            Run updated = activeRun.update(run -> run.withProgress(progress));
            if (activeRun.progressDue(clock.instant())) {
                try {
                    runs.update(updated);
                } catch (StorageFailedException failure) {
                    // Progress is saved again with the next marker and at the end; the lines report the failure.
                    LOG.log(System.Logger.Level.WARNING, "saving the progress of " + updated.id() + " failed: "
                            + failure.getMessage());
                }
            }
        }

        @Override
        public void stored(long lastSeq) {
            storedOutputs.linesStored(activeRun.run().id(), lastSeq);
        }

        @Override
        public void exited(int exitCode) {
            exited.accept(activeRun, exitCode);
        }
    }
}
