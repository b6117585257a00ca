package org.prismq.runner.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * What every scenario shares: the options, the report, the temporary folder with the catalog, the services it
 * starts (each scenario its own, on a fresh data folder) and the baselines, which run the generator with the
 * same command line but without the service.
 */
final class Bench {

    private final BenchOptions options;
    private final Report report;
    private final Path workDir;
    private final Path catalog;
    private final Set<ServiceProcess> running = ConcurrentHashMap.newKeySet();
    private final Map<Long, Histogram> pipeBaselines = new HashMap<>();

    Bench(BenchOptions options, Report report, Path workDir) throws IOException {
        this.options = options;
        this.report = report;
        this.workDir = workDir;
        this.catalog = Catalog.write(workDir.resolve("catalog"));
    }

    BenchOptions options() {
        return options;
    }

    Report report() {
        return report;
    }

    Path workDir() {
        return workDir;
    }

    /** Starts a fresh service for {@code scenario}, in its own folder, with JFR when asked for. */
    ServiceProcess startService(String scenario, List<String> jvmOptions, List<String> serviceOptions)
            throws IOException {
        return startService(scenario, jvmOptions, serviceOptions, Map.of());
    }

    /** As {@link #startService(String, List, List)}, with {@code environment} added to the service's. */
    ServiceProcess startService(String scenario, List<String> jvmOptions, List<String> serviceOptions,
                                Map<String, String> environment) throws IOException {
        Path folder = Files.createDirectories(workDir.resolve(scenario));
        List<String> jvm = new ArrayList<>(options.serviceJvm());
        jvm.addAll(jvmOptions);
        if (options.jfrDir() != null) {
            jvm.add("-XX:StartFlightRecording=name=bench,settings=profile");
        }
        ServiceProcess service = ServiceProcess.start(options.serviceJar().toAbsolutePath(), folder, catalog, jvm,
                serviceOptions, environment);
        running.add(service);
        return service;
    }

    /** Saves the JFR recording, if any, then stops the service. */
    void stopService(ServiceProcess service, String scenario) {
        if (options.jfrDir() != null && service.isAlive()) {
            try {
                Path jfr = Files.createDirectories(options.jfrDir()).resolve(scenario + ".jfr").toAbsolutePath();
                String jcmd = Java.sibling("jcmd");
                if (jcmd != null) {
                    Process dump = new ProcessBuilder(jcmd, String.valueOf(service.pid()), "JFR.dump", "name=bench",
                            "filename=" + jfr).redirectErrorStream(true).start();
                    dump.getInputStream().readAllBytes();
                    dump.waitFor(60, TimeUnit.SECONDS);
                    report.note("JFR recording of the service: " + jfr);
                }
            } catch (IOException e) {
                report.note("JFR dump failed: " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        service.close();
        running.remove(service);
    }

    /** Stops every service still running (on an early exit). */
    void stopAll() {
        running.forEach(ServiceProcess::close);
        running.clear();
    }

    /**
     * The generator printing {@code lines} lines as fast as it can into a file, with no service: nanoseconds from
     * launch to exit. The file is checked for size and deleted.
     */
    long floodToFile(long lines) throws IOException, InterruptedException {
        Path file = workDir.resolve("flood-baseline.txt");
        List<String> command = new ArrayList<>(Catalog.generatorCommand("flood"));
        command.addAll(List.of(Catalog.codeSource().toString(), "--lines", String.valueOf(lines)));
        long start = System.nanoTime();
        Process generator = new ProcessBuilder(command).redirectOutput(file.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        int exit = generator.waitFor();
        long elapsed = System.nanoTime() - start;
        long size = Files.size(file);
        Files.delete(file);
        if (exit != 0 || size != lines * 74) {
            throw new IOException("the baseline generator exited with " + exit + " and wrote " + size + " bytes");
        }
        return elapsed;
    }

    /**
     * The ticker printing {@code lines} lines, one a millisecond, read by this JVM straight from the pipe: the
     * delay from print to read with nothing in between. Measured once per line count.
     */
    Histogram tickerThroughPipe(long lines) throws IOException, InterruptedException {
        Histogram known = pipeBaselines.get(lines);
        if (known != null) {
            return known;
        }
        Path start = workDir.resolve("pipe-baseline-" + lines + ".start");
        Files.writeString(start, "go");
        List<String> command = new ArrayList<>(Catalog.generatorCommand("ticker"));
        command.addAll(List.of(Catalog.codeSource().toString(), "--lines", String.valueOf(lines), "--interval_us",
                "1000", "--start_file", start.toString(), "--linger_ms", "0"));
        Process generator = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        Histogram delays = new Histogram();
        byte[] buffer = new byte[8192];
        byte[] line = new byte[256];
        int length = 0;
        long count = 0;
        try (var in = generator.getInputStream()) {
            int read;
            while ((read = in.read(buffer)) >= 0) {
                long now = SseReader.nowMicros();
                for (int i = 0; i < read; i++) {
                    byte b = buffer[i];
                    if (b == '\n') {
                        String text = new String(line, 0, length, StandardCharsets.US_ASCII);
                        if (text.startsWith("T=")) {
                            delays.record(now - Long.parseLong(text.substring(2, 18)));
                            count++;
                        }
                        length = 0;
                    } else if (length < line.length) {
                        line[length++] = b;
                    }
                }
            }
        }
        generator.waitFor();
        if (count != lines) {
            throw new IOException("the pipe baseline read " + count + " lines, expected " + lines);
        }
        pipeBaselines.put(lines, delays);
        return delays;
    }

    /** This benchmark's own CPU time so far (every thread), in nanoseconds; -1 where the platform does not tell. */
    static long ownCpuNanos() {
        return ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
    }

    static String mb(long bytes) {
        return String.format("%.1f MB", bytes / 1e6);
    }
}
