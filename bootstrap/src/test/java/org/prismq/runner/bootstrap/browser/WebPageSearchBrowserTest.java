package org.prismq.runner.bootstrap.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The log view's search box in a real headless Chromium, against the real service and its demo modules. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class WebPageSearchBrowserTest {

    private static final String COUNT = "document.getElementById('search-count').textContent";
    private static final String CURRENT = "document.querySelector('#log-rows .line.current')?.dataset.seq";

    @RegisterExtension
    static final WebPageSession SESSION = WebPageSession.open();

    private final WebPage web = SESSION.web();
    private final Page page = SESSION.page();

    @BeforeAll
    static void openThePage() {
        SESSION.openPage();
    }

    @Test
    void typingSearchesTheServerCountsTheMatchesAndNextAndPreviousMoveTheHighlight() {
        web.chooseModule("hello-stream");
        page.fill("#param-lines", "40");
        page.fill("#param-interval", "0.01");
        page.fill("#param-greeting", "Hi there");
        String run = web.launch();
        page.waitFor("the end of the run", WebPage.LOG_COUNT + ".includes('ended')");

        page.fill("#search-text", "THERE LINE 1");

        // "Hi there line 1 of 40" and lines 10 to 19.
        page.waitFor("the count of matches", COUNT + " === '1 of 11' && " + CURRENT + " !== undefined");
        assertTrue(page.requests().stream().anyMatch(url -> url.contains("/api/runs/" + run + "/logs/search?")),
                "the server searched: " + page.requests());
        String first = page.text(CURRENT);
        assertEquals("there line 1", page.text("document.querySelector('#log-rows .line.current mark').textContent"));
        assertTrue(page.text("document.querySelector('#log-rows .line.current').textContent")
                .contains("Hi there line 1 of 40"));

        page.click("#search-next");
        page.waitFor("the second match", COUNT + " === '2 of 11' && document.querySelector("
                + "'#log-rows .line.current')?.textContent.includes('Hi there line 10 of 40')");
        assertEquals(11, page.eval("document.querySelectorAll('#log-rows .line.match').length").asInt(),
                "every match on screen is marked");

        page.click("#search-prev");
        page.waitFor("the first match again", COUNT + " === '1 of 11' && " + CURRENT + " === '" + first + "'");
        page.click("#search-prev");
        page.waitFor("the last match, wrapping around", COUNT + " === '11 of 11' && document.querySelector("
                + "'#log-rows .line.current')?.textContent.includes('Hi there line 19 of 40')");

        page.fill("#search-text", "no such words");
        // The count is set at once and the rows at the next frame: wait for both.
        page.waitFor("no matches, and no row marked", COUNT + " === 'No matches' && "
                + "document.querySelectorAll('#log-rows .line.match').length === 0");
    }
}
