package org.prismq.runner.bootstrap.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.prismq.runner.bootstrap.Config;
import org.prismq.runner.bootstrap.Service;

/**
 * The real service in this JVM on a free port with the bundled demo modules, and a headless Chromium tab to
 * open its page in. {@link #close()} stops the browser with all its processes, then the service.
 */
final class WebPage implements AutoCloseable {

    /** The text of the log lines on screen. */
    static final String LOG_TEXT = "[...document.querySelectorAll('#log-rows .line')].map(l => l.textContent)"
            + ".join('\\n')";
    /** The line count and state above the log. */
    static final String LOG_COUNT = "document.getElementById('log-count').textContent";
    /** The id of the run in the log view, as the address keeps it. */
    static final String SHOWN_RUN = "new URLSearchParams(location.hash.slice(1)).get('run')";
    static final int WIDTH = 1280;
    static final int HEIGHT = 860;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Service service;
    private final Chromium chromium;
    private final Page page;
    private final String token;
    private final HttpClient http = HttpClient.newHttpClient();

    private WebPage(Service service, Chromium chromium, Page page, String token) {
        this.service = service;
        this.chromium = chromium;
        this.page = page;
        this.token = token;
    }

    /**
     * @param folder a folder of the test's own for the data and the browser profile
     * @param token  the service's bearer token, or {@code null} for none
     */
    static WebPage start(Path folder, String token) throws IOException, InterruptedException {
        return start(folder, token, List.of());
    }

    /** @param options more options of the service, such as a {@code --modules} catalog of the test's own */
    static WebPage start(Path folder, String token, List<String> options) throws IOException, InterruptedException {
        Path program = Chromium.require();
        List<String> args = new ArrayList<>(List.of("--port", "0", "--data-dir", folder.resolve("data").toString(),
                // The test machine is busy running tests: its CPU load says nothing about a launch.
                "--max-cpu-percent", "100", "--grace-period", "2"));
        if (token != null) {
            args.addAll(List.of("--token", token));
        }
        args.addAll(options);
        Service service = Service.start(Config.parse(args, name -> null));
        Chromium chromium = null;
        try {
            chromium = Chromium.start(program, folder.resolve("profile"), WIDTH, HEIGHT);
            return new WebPage(service, chromium, chromium.openPage(), token);
        } catch (IOException | InterruptedException | RuntimeException failed) {
            if (chromium != null) {
                chromium.close();
            }
            service.close();
            throw failed;
        }
    }

    Page page() {
        return page;
    }

    String url(String path) {
        return service.url() + path;
    }

    void awaitModules() {
        page.waitFor("the modules", "document.querySelector('#module-list button') !== null");
    }

    /** Chooses a module in the list and waits for its form. */
    void chooseModule(String id) {
        page.click("[data-module='" + id + "']");
        page.waitFor("the form of " + id, "!document.getElementById('launch-form').hidden"
                + " && document.getElementById('launch-form').dataset.module === '" + id + "'");
    }

    /** Launches from the form and returns the id of the run that the log view then shows. */
    String launch() {
        String before = page.text("String(" + SHOWN_RUN + ")");
        page.click("#launch-button");
        page.waitFor("the launched run in the log view", SHOWN_RUN + " !== null && " + SHOWN_RUN + " !== '" + before
                + "' && document.querySelector('[data-run=\"' + " + SHOWN_RUN + " + '\"]') !== null");
        return page.text(SHOWN_RUN);
    }

    /** Launches a module through the API, as another client would, and returns the run's id. */
    String launchThroughApi(String moduleId, String parametersJson) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url("/api/modules/" + moduleId + "/run")))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"parameters\": " + parametersJson + "}"));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return JSON.readTree(http.send(request.build(), HttpResponse.BodyHandlers.ofString()).body())
                    .get("run_id").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Calls the API directly, as another client would; returns the JSON answer. */
    JsonNode api(String method, String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(30))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return JSON.readTree(http.send(request.build(), HttpResponse.BodyHandlers.ofString()).body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** What the browser printed, for a failure message. */
    String browserOutput() {
        return chromium.output();
    }

    @Override
    public void close() {
        try (service; chromium; page) {
            http.close();
        }
    }
}
