package org.prismq.runner.bootstrap.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Finding one's way in a big log with the page: a run of a million lines opens at its end without reading the
 * rest, a link to a line opens the log at that line, "go to line" jumps, and scrolling up reads older lines until
 * the first, while the page holds a bounded window of lines.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class LogNavigationBrowserTest {

    private static final int LINES = 1_000_000;
    /** The most lines the page may have read to show one place of the log: a few windows, not the log. */
    private static final int FEW_LINES = 20_000;

    @RegisterExtension
    static final WebPageSession SESSION = WebPageSession.open();

    private static String bigRun;

    private final WebPage web = SESSION.web();
    private final Page page = SESSION.page();

    @BeforeAll
    static void startTheBigRun() {
        bigRun = SESSION.web().launchThroughApi("output-flood", "{\"count\": " + LINES + "}");
    }

    @BeforeEach
    void openThePageOnceTheBigRunHasEnded() {
        SESSION.openPage();
        page.waitFor("the million-line run to end", WebPageBrowserTest.badge(bigRun) + " === 'completed'",
                Duration.ofSeconds(280));
        page.forget();
    }

    /** Opens the page afresh at an address, as a link from elsewhere does. */
    private static void openAddress(String hash) {
        SESSION.openAddress(hash);
    }

    private static String onScreenHighlighted(long seq) {
        return "(() => { const row = document.querySelector('#log-rows .line.target[data-seq=\"" + seq + "\"]');"
                + " if (!row) return false; const view = document.getElementById('log-view').getBoundingClientRect();"
                + " const box = row.getBoundingClientRect(); return box.top >= view.top && box.bottom <= view.bottom; })()";
    }

    private long linesRead() {
        return page.eval("log.received").asLong();
    }

    @Test
    void anEndedMillionLineRunOpensAtItsEndWithoutReadingTheWholeLog() {
        page.click("[data-run='" + bigRun + "'] .run-open");

        page.waitFor("the last line on screen", "document.querySelector('#log-rows .line[data-seq=\"" + LINES
                + "\"]') !== null && " + WebPage.LOG_COUNT + " === '1,000,000 lines · ended'");
        assertTrue(linesRead() < FEW_LINES, "the page read only the end of the log: " + linesRead() + " lines");
        assertTrue(page.eval("document.getElementById('follow').checked").asBoolean(), "it follows the end");
        assertTrue(page.eval("document.querySelectorAll('#log-rows .line').length").asInt() < 2000,
                "only the lines on screen are in the page");
    }

    @Test
    void aLinkToALineOpensTheLogAtThatLineHighlighted() {
        openAddress("#run=" + bigRun + "&line=654321");

        page.waitFor("line 654,321 on screen, highlighted", onScreenHighlighted(654_321));
        assertTrue(linesRead() < FEW_LINES, "the page read only the lines around it: " + linesRead() + " lines");
        assertFalse(page.eval("document.getElementById('follow').checked").asBoolean(), "it does not follow the end");
        assertEquals(1, page.eval("document.querySelectorAll('#log-rows .line.target').length").asInt());

        page.click("#log-rows .line[data-seq='654330'] .seq");

        page.waitFor("the clicked line highlighted and in the address", onScreenHighlighted(654_330)
                + " && new URLSearchParams(location.hash.slice(1)).get('line') === '654330'"
                + " && new URLSearchParams(location.hash.slice(1)).get('run') === '" + bigRun + "'");
        assertEquals(1, page.eval("document.querySelectorAll('#log-rows .line.target').length").asInt());
    }

    @Test
    void goToLineJumpsToThatLineHighlighted() {
        page.click("[data-run='" + bigRun + "'] .run-open");
        page.waitFor("the end of the log", "document.querySelector('#log-rows .line[data-seq=\"" + LINES
                + "\"]') !== null");

        page.fill("#goto-line", "1234");
        page.click("#goto-form button");

        page.waitFor("line 1,234 on screen, highlighted", onScreenHighlighted(1234));
        assertEquals("1234", page.text("new URLSearchParams(location.hash.slice(1)).get('line')"));
        assertTrue(page.text(WebPage.LOG_TEXT).contains("1234"), "the line is drawn");
        assertTrue(linesRead() < FEW_LINES, "the page read a window, not the log: " + linesRead() + " lines");
    }

    @Test
    void scrollingUpPastTwoHundredThousandLinesReachesTheFirstLine() {
        openAddress("#run=" + bigRun + "&line=250000");
        page.waitFor("line 250,000 on screen", onScreenHighlighted(250_000));

        int mostHeld = 0;
        int mostRows = 0;
        boolean reached = false;
        for (int step = 0; step < 400 && !reached; step++) {
            // One scroll to the top of what is loaded, then the read it starts, then a frame to draw.
            JsonNode after = page.eval("(async () => { const view = document.getElementById('log-view');"
                    + " view.scrollTop = 0;"
                    + " await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));"
                    + " while (log.loading) await log.loading;"
                    + " await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));"
                    + " return { held: log.entries.length, rows: document.querySelectorAll('#log-rows .line').length,"
                    + " first: document.querySelector('#log-rows .line[data-seq=\"1\"]') !== null }; })()");
            mostHeld = Math.max(mostHeld, after.get("held").asInt());
            mostRows = Math.max(mostRows, after.get("rows").asInt());
            reached = after.get("first").asBoolean();
        }

        assertTrue(reached, "line 1 was reached by scrolling up");
        assertEquals("1", page.text("document.querySelector('#log-rows .line').dataset.seq"), "line 1 is at the top");
        assertTrue(mostHeld <= 100_000, "the page held at most a window of lines: " + mostHeld);
        assertTrue(mostRows < 2000, "only the lines on screen were in the page: " + mostRows);
    }

    /**
     * Not a test: saves the log panel searching the million-line run as the picture the README shows, when asked
     * with {@code -Dprismq.screenshot.search=<file>}.
     */
    @Test
    @EnabledIfSystemProperty(named = "prismq.screenshot.search", matches = ".+", disabledReason = "takes the"
            + " README's picture of a search only when asked: -Dprismq.screenshot.search=<file>")
    void screenshotOfASearchInABigLog() throws Exception {
        String count = "document.getElementById('search-count').textContent";
        // Wide enough for the log panel alone to be about 1280 pixels wide.
        page.viewport(1950, 860, false);
        web.chooseModule("output-flood");
        page.click("[data-run='" + bigRun + "'] .run-open");
        page.waitFor("the end of the log", WebPage.LOG_COUNT + " === '1,000,000 lines · ended'");
        page.click("#search-regex");

        page.fill("#search-text", "item +6543[0-4]5\\b");

        page.waitFor("the first match", count + ".startsWith('1 of ')", Duration.ofSeconds(60));
        // Moving past the last match found so far reads the rest of the log, until the count is exact.
        for (int step = 0; step < 20 && page.text(count).contains("+"); step++) {
            String before = page.text(count);
            page.click("#search-next");
            page.waitFor("the next match", count + " !== " + Page.quote(before), Duration.ofSeconds(60));
        }
        page.waitFor("the first match again, every match known", count + " === '1 of 5'"
                + " && document.querySelectorAll('#log-rows .line.match mark').length >= 2");
        page.eval("document.activeElement.blur()");
        page.eval("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))");
        page.screenshot(Path.of(System.getProperty("prismq.screenshot.search")), "#log");
    }
}
