package org.prismq.runner.bootstrap;

import java.util.Objects;

import org.prismq.runner.application.port.out.LaunchSpec;
import org.prismq.runner.application.port.out.ProcessLauncher;
import org.prismq.runner.application.port.out.ProcessOutput;
import org.prismq.runner.application.port.out.ProcessRecords;
import org.prismq.runner.application.port.out.RunningProcess;

/**
 * A launcher that records the identity of every process it starts beside the run ({@link ProcessRecords}), so that
 * after a crash the next start finds what is left of it ({@code LeftoverProcesses} of the run engine). A record that cannot be
 * written is logged and the run goes on: it only loses that safety net. Thread-safe as the launcher it wraps.
 */
final class RecordingLauncher implements ProcessLauncher {

    private static final System.Logger LOG = System.getLogger(RecordingLauncher.class.getName());

    private final ProcessLauncher launcher;
    private final ProcessRecords records;

    RecordingLauncher(ProcessLauncher launcher, ProcessRecords records) {
        this.launcher = Objects.requireNonNull(launcher, "launcher");
        this.records = Objects.requireNonNull(records, "records");
    }

    @Override
    public RunningProcess launch(LaunchSpec spec, ProcessOutput output) {
        RunningProcess process = launcher.launch(spec, output);
        try {
            records.record(spec.runId(), process.identity());
        } catch (RuntimeException failed) {
            LOG.log(System.Logger.Level.WARNING, "run " + spec.runId() + ": cannot record its process "
                    + process.pid() + "; should the service crash, it will not be found again", failed);
        }
        return process;
    }
}
