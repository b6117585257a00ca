package org.prismq.runner.adapters.process;

import java.io.File;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.prismq.runner.application.port.out.LaunchFailedException;
import org.prismq.runner.application.port.out.LaunchSpec;
import org.prismq.runner.application.port.out.ProcessLauncher;
import org.prismq.runner.application.port.out.ProcessOutput;
import org.prismq.runner.application.port.out.RunningProcess;
import org.prismq.runner.domain.run.RunId;

/**
 * Starts modules with {@link ProcessBuilder}.
 *
 * <h2>Command</h2>
 * The spec's {@code command}, then the script and the arguments; without a command the script's extension picks
 * the interpreter from the {@code PATH} the process will see (the service's, or the one in the spec's
 * environment): {@code .py} runs with {@code python3}, else {@code python} ({@code py -3}, else {@code python}, on
 * Windows); {@code .sh} with {@code bash}, else {@code sh}; {@code .js} with {@code node}; {@code .ps1} with
 * {@code pwsh -NoProfile -NonInteractive -File} (on Windows {@code powershell}, else {@code pwsh}, adding
 * {@code -ExecutionPolicy Bypass}, since the default policy there refuses scripts); any other file is executed
 * itself. A missing script, working directory or interpreter fails the launch with a message naming it, before
 * anything starts. Arguments are passed as an argv list, never through a shell, so {@code ; rm -rf ~} arrives as
 * it is. On Windows the JDK joins them into one command line; as {@code cmd.exe} cannot be made to take
 * {@code % ! ^ & | < > "} literally, such characters are refused in arguments to a {@code .bat} or {@code .cmd}
 * module.
 *
 * <h2>Environment and buffering</h2>
 * The service's environment without its own configuration (every {@code PRISMQ_} variable, which may hold the
 * token or the database password; see {@link ModuleEnvironment}), plus {@code PYTHONUNBUFFERED=1} and
 * {@code PYTHONIOENCODING=utf-8} so that Python writes every line at once and in UTF-8 on every platform, plus
 * the spec's environment, which wins. Other
 * programs buffer a pipe as they see fit: Node writes to pipes at once; a C program can be run as
 * {@code stdbuf -oL prog} (a {@code command} of {@code ["stdbuf", "-oL"]}) or call {@code setvbuf}; Perl needs
 * {@code $| = 1}; Ruby {@code $stdout.sync = true}. stdin is the null device, so a module that reads it gets
 * end-of-file at once.
 *
 * <h2>Output</h2>
 * One daemon thread per stream, named after the run, reads 64 KiB chunks and delivers the complete lines of each
 * chunk as one batch (see {@link ProcessOutput#lines}). Once the module exits, the launcher waits up to
 * {@link LauncherSettings#drainTimeout()} for both streams to end; if a process it left behind still holds them,
 * what is left of the process tree is killed, along with (on Linux, found through {@code /proc}) any other process
 * holding the output open, and should the pipes still be open a second later, they are abandoned: the exit
 * is announced and later lines are dropped, while the reader thread waits for the holder to close the pipe. To
 * read what the processes left behind print, the readers keep the JDK from closing the pipes at the module's exit;
 * as a consequence {@link ProcessHandle#onExit()} of the module's pid completes only once its output was read.
 *
 * <h2>Stopping and Windows</h2>
 * {@link RunningProcess#stop} sends {@link ProcessHandle#destroy()} (SIGTERM on Linux and macOS) to the module
 * and every descendant seen alive since it started (the tree is listed every 500 ms and before stopping, so a
 * grandchild orphaned meanwhile is still known), waits up to the grace period, then kills what is left with
 * {@link ProcessHandle#destroyForcibly()} (SIGKILL), together with any process still holding the module's output
 * that the tree missed (on Linux). A process that left the tree unseen and closed the output is not found, except
 * in a cgroup (below). A
 * zombie counts as gone. A negative grace counts as zero. An interrupted caller cuts the waits short. On Windows a console process has no graceful signal: {@code destroy()} already terminates it,
 * so every process of the tree is killed at once and the grace period only bounds the wait.
 *
 * <h2>Cgroups</h2>
 * On Linux, where a cgroup v2 hierarchy holds the service and it may create cgroups there (see {@link Cgroups}),
 * each run gets a cgroup of its own, which the module enters before it runs (a {@code /bin/sh} moves itself into
 * it, then executes the module, keeping its pid). No process of the run can leave it, whatever it forks or
 * detaches, so a stop also reaches a daemon that forked twice and called {@code setsid}: the graceful signal goes
 * to every process in the cgroup, and the kill is {@code cgroup.kill} (freezing, then killing each process, before
 * Linux 5.14). When the module exits, whatever it left running in its cgroup is killed before the exit is
 * announced, and the cgroup is removed. {@link RunningProcess#stop} reports the pids it could not stop.
 *
 * <p>Thread-safe. The launcher shares one daemon thread, which ends when idle, among its running processes to
 * watch their trees; it needs no closing. Arguments are never logged, as they may hold secrets.
 */
public final class ProcessBuilderLauncher implements ProcessLauncher {

    private static final System.Logger LOG = System.getLogger(ProcessBuilderLauncher.class.getName());
    private static final File NULL_DEVICE = new File(Platform.WINDOWS ? "NUL" : "/dev/null");
    /** The JDK's forms: {@code error=13, Permission denied} and {@code Exec failed, error: 13 (Permission denied)}. */
    private static final Pattern ERRNO = Pattern.compile("error=\\d+, (.*?)\\s*|.*error: \\d+ \\((.*)\\)\\s*");

    private final LauncherSettings settings;
    private final CommandResolver resolver =
            new CommandResolver(new ExecutableFinder(Platform.WINDOWS), Platform.WINDOWS);
    private final ModuleEnvironment moduleEnvironment = new ModuleEnvironment(Platform.WINDOWS);
    /** What modules start from instead of this JVM's environment, or {@code null} for this JVM's. */
    private final Map<String, String> serviceEnvironment;
    private final ScheduledThreadPoolExecutor treeWatcher;
    private final Optional<Cgroups> cgroups;

    /** Makes a launcher; it starts no thread before the first launch. */
    public ProcessBuilderLauncher(LauncherSettings settings) {
        this(settings, Cgroups.find(), null);
    }

    /** A launcher whose modules start from {@code serviceEnvironment} rather than this JVM's environment. */
    ProcessBuilderLauncher(LauncherSettings settings, Map<String, String> serviceEnvironment) {
        this(settings, Cgroups.find(), serviceEnvironment);
    }

    /** A launcher that holds runs in {@code cgroups}, or follows them as process trees when empty. */
    ProcessBuilderLauncher(LauncherSettings settings, Optional<Cgroups> cgroups) {
        this(settings, cgroups, null);
    }

    private ProcessBuilderLauncher(LauncherSettings settings, Optional<Cgroups> cgroups,
            Map<String, String> serviceEnvironment) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.cgroups = Objects.requireNonNull(cgroups, "cgroups");
        this.serviceEnvironment = serviceEnvironment == null ? null : Map.copyOf(serviceEnvironment);
        this.treeWatcher = new ScheduledThreadPoolExecutor(1,
                task -> Thread.ofPlatform().daemon().name("process-tree-watcher").unstarted(task));
        treeWatcher.setKeepAliveTime(10, TimeUnit.SECONDS);
        treeWatcher.allowCoreThreadTimeOut(true);
        treeWatcher.setRemoveOnCancelPolicy(true);
    }

    @Override
    public RunningProcess launch(LaunchSpec spec, ProcessOutput output) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(output, "output");
        Path script = spec.script().toAbsolutePath();
        if (!Files.exists(script)) {
            throw new LaunchFailedException("script not found: " + script);
        }
        if (Files.isDirectory(script)) {
            throw new LaunchFailedException("script is a directory: " + script);
        }
        if (!Files.isDirectory(spec.workingDirectory())) {
            throw new LaunchFailedException("working directory not found: " + spec.workingDirectory());
        }
        ProcessBuilder builder = new ProcessBuilder()
                .directory(spec.workingDirectory().toFile())
                .redirectInput(ProcessBuilder.Redirect.from(NULL_DEVICE));
        if (serviceEnvironment != null) {
            builder.environment().clear();
            builder.environment().putAll(serviceEnvironment);
        }
        moduleEnvironment.prepare(builder.environment(), spec.environment());
        List<String> argv = resolver.argv(spec, builder.environment());
        RunCgroup cgroup = cgroupFor(spec.runId());
        builder.command(cgroup == null ? argv : cgroup.wrap(argv, builder.environment()));
        Process process;
        try {
            process = start(builder, argv.getFirst());
        } catch (LaunchFailedException failed) {
            if (cgroup != null) {
                cgroup.remove();
            }
            throw failed;
        }
        ModuleProcess module = ModuleProcess.serve(spec.runId(), process, output, settings, treeWatcher, cgroup);
        LOG.log(Level.INFO, "run {0}: started pid {1}: {2} {3}", spec.runId(), Long.toString(process.pid()),
                argv.getFirst(), script);
        return module;
    }

    /** A new cgroup for the run, or null to follow it as a process tree. */
    private RunCgroup cgroupFor(RunId run) {
        if (cgroups.isEmpty()) {
            return null;
        }
        try {
            return cgroups.get().create(run);
        } catch (IOException | RuntimeException failed) {
            LOG.log(Level.WARNING, "run {0}: no cgroup ({1}); following it as a process tree", run, failed.toString());
            return null;
        }
    }

    private static Process start(ProcessBuilder builder, String program) {
        try {
            return builder.start();
        } catch (IOException e) {
            throw new LaunchFailedException("cannot start " + program + ": " + reason(e), e);
        }
    }

    /** The OS's words for the failure, without the JDK's "Cannot run program ..." and errno prefix. */
    private static String reason(IOException e) {
        String message = e.getCause() != null && e.getCause().getMessage() != null
                ? e.getCause().getMessage()
                : String.valueOf(e.getMessage());
        Matcher errno = ERRNO.matcher(message);
        if (!errno.matches()) {
            return message.strip();
        }
        return errno.group(1) != null ? errno.group(1) : errno.group(2);
    }
}
