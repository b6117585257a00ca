package org.prismq.runner.bootstrap.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged jar running as its own process, as a user starts it. Closing it kills the service and every
 * process it started.
 */
final class JarProcess implements AutoCloseable {

    private static final Pattern STARTUP_LINE = Pattern.compile("PrismQ Runner listening on (http://\\S+)");

    private final Process process;
    private final String url;
    private final List<String> output = new ArrayList<>();

    private JarProcess(Process process, String url) {
        this.process = process;
        this.url = url;
    }

    /** Starts the jar with {@code args} and waits (up to 60 s) for its start-up line. */
    static JarProcess start(Path logFile, String... args) throws IOException {
        return start(logFile, List.of(), args);
    }

    /** Like {@link #start(Path, String...)}, with options for the JVM ({@code -Dname=value}). */
    static JarProcess start(Path logFile, List<String> jvmOptions, String... args) throws IOException {
        Path jar = Path.of(System.getProperty("prismq.jar", "target/prismq-runner.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("the packaged jar is missing: " + jar.toAbsolutePath());
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toString()));
        command.addAll(List.of(args));
        return start(new ProcessBuilder(command), logFile);
    }

    /** Starts {@code builder}'s command, its stderr to {@code logFile}, and waits (up to 60 s) for the start-up line. */
    static JarProcess start(ProcessBuilder builder, Path logFile) throws IOException {
        Process process = builder.redirectError(logFile.toFile()).start();
        BufferedReader stdout = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
        CompletableFuture<String> startup = CompletableFuture.supplyAsync(() -> {
            try {
                String line;
                while ((line = stdout.readLine()) != null) {
                    Matcher matcher = STARTUP_LINE.matcher(line);
                    if (matcher.find()) {
                        return matcher.group(1);
                    }
                }
                return null;
            } catch (IOException e) {
                return null;
            }
        });
        try {
            String url = startup.get(60, TimeUnit.SECONDS);
            if (url == null) {
                throw new IllegalStateException("the service exited before starting: " + Files.readString(logFile));
            }
            return new JarProcess(process, url);
        } catch (Exception failure) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new IllegalStateException("the service did not start: " + Files.readString(logFile), failure);
        }
    }

    String url() {
        return url;
    }

    ProcessHandle handle() {
        return process.toHandle();
    }

    /** Sends SIGTERM (on Windows: terminates) and waits for the exit code. */
    int terminate(Duration timeout) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the service did not exit within " + timeout + " of SIGTERM");
        }
        return process.exitValue();
    }

    /** Kills the service at once, as a crash would; its module processes are killed too (the test's cleanup). */
    void crash() throws InterruptedException {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroyForcibly();
        process.waitFor();
        children.forEach(ProcessHandle::destroyForcibly);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            crash();
        }
    }
}
