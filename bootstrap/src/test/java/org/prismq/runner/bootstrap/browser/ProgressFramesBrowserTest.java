package org.prismq.runner.bootstrap.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A progress bar drawn with carriage returns, in the log view of a real headless Chromium: the line being redrawn
 * shows below the last line, updated in place, outside the line count, until its final state arrives as a line.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ProgressFramesBrowserTest {

    private static final String REDRAWN = "document.querySelector('#log-rows .line.redrawn')";
    private static final String CATALOG = """
            {"modules": [
              {"id": "progress-bar", "name": "Progress bar", "category": "Test", "version": "1",
               "script_path": "progress_bar.py", "tags": [], "status": "active", "enabled": true, "parameters": [
                 {"name": "frames", "type": "number", "default": 100, "min": 1, "max": 100000, "required": false},
                 {"name": "interval", "type": "number", "default": 0.01, "min": 0, "max": 10, "required": false}]}
            ]}
            """;

    @TempDir
    static Path folder;

    private static WebPage web;
    private static Page page;

    @RegisterExtension
    static final FailureScreenshots SCREENSHOTS = new FailureScreenshots(() -> page);

    @BeforeAll
    static void start() throws Exception {
        Path modules = Files.createDirectories(folder.resolve("modules"));
        try (InputStream script = ProgressFramesBrowserTest.class.getResourceAsStream("/e2e/progress_bar.py")) {
            Files.copy(script, modules.resolve("progress_bar.py"));
        }
        Files.writeString(modules.resolve("modules.json"), CATALOG);
        web = WebPage.start(folder, null, List.of("--modules", modules.resolve("modules.json").toString()));
        page = web.page();
        page.viewport(WebPage.WIDTH, WebPage.HEIGHT, false);
    }

    @AfterAll
    static void stop() {
        if (web != null) {
            web.close();
        }
    }

    @AfterEach
    void thePageHadNoErrors() {
        assertEquals(List.of(), page.problems());
    }

    @Test
    void theLineBeingRedrawnUpdatesInPlaceAndGivesWayToItsFinalLineOnce() throws IOException {
        String run = web.launchThroughApi("progress-bar", "{\"frames\": 400, \"interval\": 0.03}");
        page.navigate(web.url("/#run=" + run));
        web.awaitModules();

        page.waitFor("a frame of the bar below the first line", REDRAWN + "?.textContent.includes('bar ')"
                + " && " + REDRAWN + ".previousElementSibling?.dataset.seq === '1'");
        String first = page.text(REDRAWN + ".querySelector('.msg').textContent");
        page.waitFor("the bar redrawn in place", REDRAWN + "?.querySelector('.msg').textContent.startsWith('bar ')"
                + " && " + REDRAWN + ".querySelector('.msg').textContent !== " + Page.quote(first));
        assertEquals(1, page.eval("document.querySelectorAll('#log-rows .line.redrawn').length").asInt());
        assertEquals(1, page.eval("log.entries.length").asInt(), "a frame is not a line of the page");
        assertTrue(page.text(WebPage.LOG_COUNT).startsWith("1 lines"), page.text(WebPage.LOG_COUNT));

        page.waitFor("the end of the run", WebPage.LOG_COUNT + ".includes('ended')");
        assertEquals("3 lines · ended", page.text(WebPage.LOG_COUNT));
        assertEquals(0, page.eval("document.querySelectorAll('#log-rows .line.redrawn').length").asInt());
        JsonNode messages = page.eval("[...document.querySelectorAll('#log-rows .line')]"
                + ".map(row => row.dataset.seq + ' ' + row.querySelector('.msg').textContent)");
        assertEquals(List.of("1 INFO before the bar", "2 bar 400/400 |" + "#".repeat(20) + "|",
                "3 INFO after the bar"), List.of(messages.get(0).asText(), messages.get(1).asText(),
                messages.get(2).asText()));
        assertEquals(3, messages.size(), "the bar's line once: " + messages);
    }
}
