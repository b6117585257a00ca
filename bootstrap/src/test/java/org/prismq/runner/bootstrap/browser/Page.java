package org.prismq.runner.bootstrap.browser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A browser tab driven over DevTools: navigation, JavaScript in the page, waiting for conditions with a
 * deadline, clicks and typing through the DOM, the viewport and screenshots. Records what a test should never
 * see: uncaught exceptions, errors the browser reports about the page (a Content-Security-Policy violation,
 * say); and every URL it requests, so that a test can check it asked no other host.
 */
final class Page implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Cdp cdp;
    private final List<String> problems = new CopyOnWriteArrayList<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();

    private Page(Cdp cdp) {
        this.cdp = cdp;
    }

    static Page open(Cdp cdp) {
        Page page = new Page(cdp);
        cdp.onEvent(page::record);
        cdp.call("Page.enable", Map.of());
        cdp.call("Runtime.enable", Map.of());
        cdp.call("Log.enable", Map.of());
        cdp.call("Network.enable", Map.of());
        return page;
    }

    private void record(JsonNode event) {
        JsonNode params = event.path("params");
        switch (event.path("method").asText()) {
            case "Runtime.exceptionThrown" -> problems.add("uncaught: "
                    + params.path("exceptionDetails").path("exception").path("description").asText(
                    params.path("exceptionDetails").path("text").asText()));
            case "Log.entryAdded" -> {
                JsonNode entry = params.path("entry");
                // Failed requests (a 400 the page expects, say) are the network's; the rest are the page's errors.
                if (entry.path("level").asText().equals("error") && !entry.path("source").asText().equals("network")) {
                    problems.add(entry.path("source").asText() + ": " + entry.path("text").asText());
                }
            }
            case "Network.requestWillBeSent" -> requests.add(params.path("request").path("url").asText());
            default -> {
            }
        }
    }

    /** Forgets the problems and requests recorded so far. */
    void forget() {
        problems.clear();
        requests.clear();
    }

    /** Uncaught exceptions and page errors seen so far. */
    List<String> problems() {
        return List.copyOf(problems);
    }

    /** Every URL the page requested so far. */
    List<String> requests() {
        return List.copyOf(requests);
    }

    /** Opens {@code url} and waits until the new document has loaded. */
    void navigate(String url) {
        eval("window.replacedByTheNextPage = true");
        cdp.call("Page.navigate", Map.of("url", url));
        awaitNewDocument();
    }

    void reload() {
        eval("window.replacedByTheNextPage = true");
        cdp.call("Page.reload", Map.of("ignoreCache", true));
        awaitNewDocument();
    }

    private void awaitNewDocument() {
        waitFor("the page to load", "!window.replacedByTheNextPage && document.readyState === 'complete'");
    }

    /** Cuts the page off the network, or lets it back on: open connections fail, as when Wi-Fi drops. */
    void offline(boolean offline) {
        cdp.call("Network.emulateNetworkConditions", Map.of("offline", offline, "latency", 0,
                "downloadThroughput", -1, "uploadThroughput", -1));
    }

    /** Sets the viewport, as a phone or a desktop window would have it. */
    void viewport(int width, int height, boolean mobile) {
        cdp.call("Emulation.setDeviceMetricsOverride",
                Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", mobile));
    }

    /**
     * Evaluates {@code expression} in the page (a promise is awaited) and returns its value as JSON.
     *
     * @throws AssertionError when it throws
     */
    JsonNode eval(String expression) {
        JsonNode result = cdp.call("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true,
                "awaitPromise", true, "userGesture", true));
        if (result.has("exceptionDetails")) {
            JsonNode details = result.get("exceptionDetails");
            throw new AssertionError("the page threw on `" + expression + "`: "
                    + details.path("exception").path("description").asText(details.path("text").asText()));
        }
        return result.path("result").path("value");
    }

    String text(String expression) {
        return eval(expression).asText();
    }

    /**
     * Waits until {@code condition} (a JavaScript expression) is truthy, checking it in the page every 50 ms;
     * fails with {@code what} and the page's notice on the deadline.
     */
    void waitFor(String what, String condition) {
        waitFor(what, condition, WAIT);
    }

    void waitFor(String what, String condition, Duration timeout) {
        String poll = "new Promise(resolve => { const end = Date.now() + %d; const check = () => {"
                + " let ok = false; try { ok = Boolean(%s); } catch (e) { ok = false; }"
                + " if (ok || Date.now() > end) resolve(ok); else setTimeout(check, 50); }; check(); })";
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = Math.max(0, (deadline - System.nanoTime()) / 1_000_000);
            try {
                if (eval(String.format(poll, Math.min(left, 5000), condition)).asBoolean()) {
                    return;
                }
            } catch (Cdp.CdpException navigating) {
                // The page was replaced while waiting (a reload): check again in the new one.
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what + " (" + condition
                        + "); notice: '" + safeText("document.getElementById('notice')?.textContent") + "'");
            }
        }
    }

    private String safeText(String expression) {
        try {
            return text(expression);
        } catch (RuntimeException | AssertionError unavailable) {
            return "?";
        }
    }

    /** Clicks the element that {@code selector} finds, as a person would (it must be there). */
    void click(String selector) {
        eval("(() => { const e = document.querySelector(" + quote(selector) + ");"
                + " if (!e) throw new Error('nothing matches ' + " + quote(selector) + "); e.click(); })()");
    }

    /** Replaces the value of a field, firing the {@code input} and {@code change} events typing would. */
    void fill(String selector, String value) {
        eval("(() => { const e = document.querySelector(" + quote(selector) + ");"
                + " if (!e) throw new Error('nothing matches ' + " + quote(selector) + ");"
                + " e.focus(); e.value = " + quote(value) + ";"
                + " e.dispatchEvent(new Event('input', {bubbles: true}));"
                + " e.dispatchEvent(new Event('change', {bubbles: true})); })()");
    }

    /** Keys a test presses. */
    enum Key {
        ENTER("Enter", "Enter", 13, "\r"), TAB("Tab", "Tab", 9, ""), SPACE(" ", "Space", 32, " ");

        private final String name;
        private final String physical;
        private final int code;
        private final String text;

        Key(String name, String physical, int code, String text) {
            this.name = name;
            this.physical = physical;
            this.code = code;
            this.text = text;
        }
    }

    /** Presses a key in the focused element, through the browser's own input pipeline. */
    void press(Key key) {
        cdp.call("Input.dispatchKeyEvent", Map.of("type", "keyDown", "key", key.name, "code", key.physical,
                "windowsVirtualKeyCode", key.code, "text", key.text));
        cdp.call("Input.dispatchKeyEvent", Map.of("type", "keyUp", "key", key.name, "code", key.physical,
                "windowsVirtualKeyCode", key.code));
    }

    void screenshot(Path file) throws IOException {
        save(file, cdp.call("Page.captureScreenshot", Map.of("format", "png")));
    }

    /** Saves a picture of the element that {@code selector} finds (it must be there), and only of it. */
    void screenshot(Path file, String selector) throws IOException {
        JsonNode box = eval("(() => { const e = document.querySelector(" + quote(selector) + ");"
                + " if (!e) throw new Error('nothing matches ' + " + quote(selector) + ");"
                + " const r = e.getBoundingClientRect();"
                + " return { x: r.x, y: r.y, width: r.width, height: r.height, scale: 1 }; })()");
        save(file, cdp.call("Page.captureScreenshot", Map.of("format", "png", "clip", box)));
    }

    private static void save(Path file, JsonNode shot) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, Base64.getDecoder().decode(shot.get("data").asText()));
    }

    static String quote(String text) {
        try {
            return JSON.writeValueAsString(text);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Override
    public void close() {
        cdp.close();
    }
}
