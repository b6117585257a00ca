package org.prismq.runner.bootstrap.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What every browser test class shares, registered as a static {@code @RegisterExtension} field: before the
 * class's {@code @BeforeAll} methods, the service and a Chromium tab ({@link WebPage}) start in a folder of their
 * own; a failing test leaves a screenshot ({@link FailureScreenshots}); after each test the page must have had no
 * errors; after the class, the browser and the service stop and the folder is deleted.
 */
final class WebPageSession implements BeforeAllCallback, AfterAllCallback, AfterEachCallback,
        AfterTestExecutionCallback {

    private final String token;
    private final FailureScreenshots screenshots = new FailureScreenshots(this::pageOrNull);
    private Path folder;
    private WebPage web;

    private WebPageSession(String token) {
        this.token = token;
    }

    /** A service that asks for no token. */
    static WebPageSession open() {
        return new WebPageSession(null);
    }

    /** A service that asks for {@code token}. */
    static WebPageSession withToken(String token) {
        return new WebPageSession(token);
    }

    WebPage web() {
        if (web == null) {
            throw new IllegalStateException("the session starts before the test class's @BeforeAll methods");
        }
        return web;
    }

    Page page() {
        return web().page();
    }

    private Page pageOrNull() {
        return web == null ? null : web.page();
    }

    /** Opens the page afresh at its start, at the test's usual size, with nothing recorded yet. */
    void openPage() {
        Page page = page();
        page.forget();
        page.viewport(WebPage.WIDTH, WebPage.HEIGHT, false);
        page.navigate(web.url("/"));
        web.awaitModules();
    }

    /** Opens the page afresh at an address ({@code #run=…&line=…}), as a link from elsewhere does. */
    void openAddress(String hash) {
        page().navigate("about:blank");
        page().navigate(web.url("/" + hash));
        web.awaitModules();
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        folder = Files.createTempDirectory("prismq-browser-test-");
        web = WebPage.start(folder, token);
    }

    @Override
    public void afterTestExecution(ExtensionContext context) {
        screenshots.afterTestExecution(context);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (web != null) {
            assertEquals(List.of(), web.page().problems(), "the page had no errors");
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        try {
            if (web != null) {
                web.close();
            }
        } finally {
            web = null;
            if (folder != null) {
                delete(folder);
            }
        }
    }

    private static void delete(Path folder) throws IOException {
        // Deepest first; links (the browser's profile has some) are removed, never followed.
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
