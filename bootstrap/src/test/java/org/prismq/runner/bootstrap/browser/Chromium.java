package org.prismq.runner.bootstrap.browser;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Assumptions;

/**
 * A headless Chromium of the machine, started for tests and driven over the DevTools protocol: no driver
 * program, nothing downloaded. Found as {@code PRISMQ_TEST_CHROMIUM} when set, else as {@code chromium},
 * {@code chromium-browser}, {@code google-chrome} or {@code chrome} on the {@code PATH}. Without one, the tests
 * are skipped, except in CI ({@code CI=true}), where they fail: a browser test must not vanish silently there.
 * {@link #close()} kills the browser and every process it started.
 */
final class Chromium implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(10);
    private static final List<String> NAMES = List.of("chromium", "chromium-browser", "google-chrome", "chrome");

    private final Process process;
    private final Path output;
    private final int port;

    private Chromium(Process process, Path output, int port) {
        this.process = process;
        this.output = output;
        this.port = port;
    }

    /** The browser to test with; skips the test when there is none, or fails it in CI. */
    static Path require() {
        Optional<Path> found = find();
        if (found.isEmpty()) {
            String why = "no Chromium found: set PRISMQ_TEST_CHROMIUM to its program, or put one of " + NAMES
                    + " on the PATH (on Debian: apt-get install chromium)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError("the browser tests must run in CI, but " + why);
            }
            Assumptions.abort("browser tests skipped: " + why);
        }
        return found.orElseThrow();
    }

    private static Optional<Path> find() {
        String given = System.getenv("PRISMQ_TEST_CHROMIUM");
        if (given != null && !given.isBlank()) {
            return Optional.of(Path.of(given)).filter(Files::isExecutable);
        }
        boolean windows = System.getProperty("os.name").toLowerCase(Locale.ROOT).startsWith("windows");
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
        return Stream.of(path.split(File.pathSeparator)).filter(folder -> !folder.isBlank())
                .flatMap(folder -> NAMES.stream().map(name -> Path.of(folder, windows ? name + ".exe" : name)))
                .filter(Files::isExecutable).findFirst();
    }

    /**
     * Starts the browser headless with a profile in {@code profile} (a fresh, empty folder) and a window of
     * {@code width} by {@code height} pixels, and waits until its DevTools endpoint answers.
     */
    static Chromium start(Path program, Path profile, int width, int height) throws IOException {
        Path output = profile.resolveSibling(profile.getFileName() + ".log");
        List<String> command = new ArrayList<>(List.of(program.toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--disable-quic", "--no-first-run", "--no-default-browser-check",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-extensions", "--disable-default-apps", "--metrics-recording-only", "--mute-audio",
                "--lang=en-US", "--window-size=" + width + "," + height, "--user-data-dir=" + profile,
                "--remote-debugging-port=0", "about:blank"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
        Chromium chromium = null;
        try {
            chromium = new Chromium(process, output, awaitPort(process, profile.resolve("DevToolsActivePort"), output));
            return chromium;
        } finally {
            if (chromium == null) {
                kill(process);
            }
        }
    }

    // The browser writes its port there once it listens; port 0 lets it pick a free one.
    private static int awaitPort(Process process, Path portFile, Path output) throws IOException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("Chromium exited with " + process.exitValue() + " before it listened: "
                        + tail(output));
            }
            if (Files.exists(portFile)) {
                List<String> lines = Files.readAllLines(portFile, StandardCharsets.UTF_8);
                if (lines.size() >= 2) {
                    return Integer.parseInt(lines.getFirst().strip());
                }
            }
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
        }
        throw new IOException("Chromium did not open its DevTools port within " + START_TIMEOUT + ": "
                + tail(output));
    }

    /** Connects to the browser's first page (the {@code about:blank} it opened with). */
    Page openPage() throws IOException, InterruptedException {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> targets = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/json/list")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            for (JsonNode target : JSON.readTree(targets.body())) {
                if ("page".equals(target.path("type").asText())) {
                    return Page.open(Cdp.connect(URI.create(target.get("webSocketDebuggerUrl").asText())));
                }
            }
            throw new IOException("Chromium has no page to drive: " + targets.body());
        }
    }

    /** The last lines the browser printed, for failure messages. */
    String output() {
        return tail(output);
    }

    private static String tail(Path output) {
        try {
            List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException | UncheckedIOException unreadable) {
            return "(no output: " + unreadable + ")";
        }
    }

    @Override
    public void close() {
        kill(process);
    }

    // A terminated browser ends its renderer, GPU and zygote processes and reaps them; whatever is left after the
    // wait is killed. A zombie has exited and counts as gone: some container inits reap orphans late.
    private static void kill(Process process) {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(EXIT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(EXIT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
        children.forEach(ProcessHandle::destroyForcibly);
        long deadline = System.nanoTime() + EXIT_TIMEOUT.toNanos();
        for (ProcessHandle child : children) {
            while (running(child)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Chromium's process " + child.pid() + " did not exit");
                }
                LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
            }
        }
    }

    private static boolean running(ProcessHandle handle) {
        Path stat = Path.of(File.separator + "proc", Long.toString(handle.pid()), "stat");
        if (!handle.isAlive() || !Files.isReadable(stat)) {
            return handle.isAlive();
        }
        try {
            String fields = Files.readString(stat);
            return fields.charAt(fields.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException | IndexOutOfBoundsException vanished) {
            return false;
        }
    }
}
