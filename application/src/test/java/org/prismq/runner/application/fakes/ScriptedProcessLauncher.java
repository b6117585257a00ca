package org.prismq.runner.application.fakes;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.prismq.runner.application.port.out.LaunchFailedException;
import org.prismq.runner.application.port.out.LaunchSpec;
import org.prismq.runner.application.port.out.ProcessLauncher;
import org.prismq.runner.application.port.out.ProcessOutput;
import org.prismq.runner.application.port.out.RunningProcess;
import org.prismq.runner.application.port.out.StopOutcome;
import org.prismq.runner.domain.log.LogStream;

/**
 * A {@link ProcessLauncher} whose processes a test drives by hand: it prints lines and exits them. Each launch
 * is handed to the test through {@link #nextLaunch}. A stopped process exits with 143 (as SIGTERM would),
 * unless the test made it ignore stops.
 */
public final class ScriptedProcessLauncher implements ProcessLauncher {

    private final BlockingQueue<FakeProcess> launches = new LinkedBlockingQueue<>();
    private final List<LaunchSpec> specs = new ArrayList<>();
    private final AtomicLong pids = new AtomicLong(1000);
    private volatile String failure;

    /** Makes every later launch fail with {@code message}, or succeed again with {@code null}. */
    public void failLaunchesWith(String message) {
        this.failure = message;
    }

    @Override
    public RunningProcess launch(LaunchSpec spec, ProcessOutput output) {
        if (failure != null) {
            throw new LaunchFailedException(failure);
        }
        FakeProcess process = new FakeProcess(spec, output, pids.incrementAndGet());
        synchronized (specs) {
            specs.add(spec);
        }
        launches.add(process);
        return process;
    }

    /** The next process launched, waiting up to 10 s for it. */
    public FakeProcess nextLaunch() throws InterruptedException {
        FakeProcess process = launches.poll(10, TimeUnit.SECONDS);
        if (process == null) {
            throw new AssertionError("no process was launched within 10 s");
        }
        return process;
    }

    /** Whether a launch is waiting to be taken by {@link #nextLaunch}. */
    public boolean hasPendingLaunch() {
        return !launches.isEmpty();
    }

    public List<LaunchSpec> specs() {
        synchronized (specs) {
            return List.copyOf(specs);
        }
    }

    /** A process under the test's control. */
    public static final class FakeProcess implements RunningProcess {

        private final LaunchSpec spec;
        private final ProcessOutput output;
        private final long pid;
        private final AtomicBoolean exited = new AtomicBoolean();
        private volatile boolean ignoresStop;
        private volatile Duration stoppedWithGrace;
        private volatile List<Long> survivors = List.of();

        FakeProcess(LaunchSpec spec, ProcessOutput output, long pid) {
            this.spec = spec;
            this.output = output;
            this.pid = pid;
        }

        public LaunchSpec spec() {
            return spec;
        }

        public void print(LogStream stream, String... lines) {
            output.lines(stream, List.of(lines));
        }

        public void exit(int code) {
            if (exited.compareAndSet(false, true)) {
                output.exited(code);
            }
        }

        /** Stops do nothing; the test exits the process itself. */
        public void ignoreStops() {
            ignoresStop = true;
        }

        /** A stop reports these pids as processes it could not stop. */
        public void leaveSurvivors(List<Long> pids) {
            survivors = List.copyOf(pids);
        }

        /** The grace period of the last stop, or {@code null} when never stopped. */
        public Duration stoppedWithGrace() {
            return stoppedWithGrace;
        }

        public boolean hasExited() {
            return exited.get();
        }

        @Override
        public long pid() {
            return pid;
        }

        @Override
        public StopOutcome stop(Duration grace) {
            stoppedWithGrace = grace;
            if (!ignoresStop) {
                exit(143);
            }
            return new StopOutcome(survivors);
        }
    }
}
