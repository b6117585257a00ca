package org.prismq.runner.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real service, started from its packaged jar as a child JVM (so its heap flags apply to it alone), on port 0
 * with its own data folder, and the probes that look at it from outside:
 * <ul>
 *   <li>{@link #liveHeapBytes()}: {@code jcmd <pid> GC.run}, then the {@code used} figure of
 *       {@code jcmd <pid> GC.heap_info}: the heap that live objects hold.</li>
 *   <li>{@link #threads()} and {@link #rssBytes()}: {@code Threads:} and {@code VmRSS:} of
 *       {@code /proc/<pid>/status} (Linux only; elsewhere -1). Threads are operating-system threads: virtual
 *       threads do not count, their carriers do.</li>
 *   <li>{@link #cpuNanos()}: user plus system time of the service, from {@link ProcessHandle.Info}.</li>
 * </ul>
 * Closing sends SIGTERM, waits, then kills the service and every process it left.
 */
final class ServiceProcess implements AutoCloseable {

    private static final Pattern STARTUP_LINE = Pattern.compile("PrismQ Runner listening on (http://\\S+)");
    private static final Pattern HEAP_USED = Pattern.compile("heap\\s+total.*?used\\s+(\\d+)K");

    private final Process process;
    private final URI url;
    private final Path log;
    private final String jcmd;

    private ServiceProcess(Process process, URI url, Path log, String jcmd) {
        this.process = process;
        this.url = url;
        this.log = log;
        this.jcmd = jcmd;
    }

    /**
     * Starts the service jar with {@code jvmOptions} and {@code serviceOptions} (port 0, the data folder and the
     * catalog are added here) and {@code environment} added to this process's, and waits up to 60 s for its
     * start-up line.
     */
    static ServiceProcess start(Path jar, Path workDir, Path catalog, List<String> jvmOptions,
                                List<String> serviceOptions, Map<String, String> environment) throws IOException {
        String java = Java.command();
        Path log = workDir.resolve("service.log");
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toString(), "--port", "0", "--data-dir",
                workDir.resolve("data").toString(), "--modules", catalog.toString(),
                "--max-cpu-percent", "100", "--min-free-memory-mb", "0",
                // The modules run this benchmark's own jar, which lies outside the catalog's folder.
                "--allow-scripts-outside-root"));
        command.addAll(serviceOptions);
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(log.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        BufferedReader stdout = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
        CompletableFuture<String> startup = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name("service-stdout").start(() -> {
            try {
                String line;
                while ((line = stdout.readLine()) != null) {
                    Matcher matcher = STARTUP_LINE.matcher(line);
                    if (matcher.find()) {
                        startup.complete(matcher.group(1));
                    }
                }
            } catch (IOException ignored) {
                // the service is gone; the start-up wait below reports it
            }
            startup.complete(null);
        });
        String url;
        try {
            url = startup.get(60, TimeUnit.SECONDS);
        } catch (Exception failure) {
            url = null;
        }
        if (url == null) {
            kill(process);
            throw new IOException("the service did not start; its log " + log + " says:\n" + tail(log));
        }
        return new ServiceProcess(process, URI.create(url), log, Java.sibling("jcmd"));
    }

    URI url() {
        return url;
    }

    long pid() {
        return process.pid();
    }

    Path log() {
        return log;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Bytes of heap held by live objects after a full collection, or -1 when jcmd is missing or fails. */
    long liveHeapBytes() {
        if (jcmd == null) {
            return -1;
        }
        Commands.run(jcmd, String.valueOf(pid()), "GC.run");
        Matcher matcher = HEAP_USED.matcher(Commands.run(jcmd, String.valueOf(pid()), "GC.heap_info"));
        return matcher.find() ? Long.parseLong(matcher.group(1)) * 1024 : -1;
    }

    /** Operating-system threads of the service (Linux), else -1. */
    long threads() {
        return procStatus("Threads:");
    }

    /** Resident memory of the service in bytes (Linux), else -1. */
    long rssBytes() {
        long kb = procStatus("VmRSS:");
        return kb < 0 ? -1 : kb * 1024;
    }

    /** Peak resident memory of the service in bytes (Linux), else -1. */
    long peakRssBytes() {
        long kb = procStatus("VmHWM:");
        return kb < 0 ? -1 : kb * 1024;
    }

    /** CPU time the service has used so far, or -1 when the platform does not tell. */
    long cpuNanos() {
        return process.toHandle().info().totalCpuDuration().map(d -> d.toNanos()).orElse(-1L);
    }

    private long procStatus(String key) {
        Path status = Path.of("/proc", String.valueOf(pid()), "status");
        if (!Files.isReadable(status)) {
            return -1;
        }
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith(key)) {
                    return Long.parseLong(line.substring(key.length()).strip().split("\\s+")[0]);
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    /** SIGTERM, up to 20 s for a clean shutdown, then a kill of the service and everything it started. */
    @Override
    public void close() {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                kill(process);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill(process);
        }
        children.forEach(ProcessHandle::destroyForcibly);
    }

    private static void kill(Process process) {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroyForcibly();
        children.forEach(ProcessHandle::destroyForcibly);
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }
}
