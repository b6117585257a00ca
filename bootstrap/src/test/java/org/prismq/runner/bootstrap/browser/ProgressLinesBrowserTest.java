package org.prismq.runner.bootstrap.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.prismq.runner.domain.run.Progress;

/**
 * The log view's {@code ::progress::} marker lines in a real headless Chromium: shown dimmed, hidden by a toggle
 * the browser remembers, and still reachable by a link, "go to line" and search while hidden, as a linked line is
 * shown whatever the filters.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ProgressLinesBrowserTest {

    private static final int ITEMS = 10;
    private static final String MARKER_ROWS = "document.querySelectorAll('#log-rows .line.marker')";
    private static final String ROWS_WITH_MARKER_TEXT = "[...document.querySelectorAll('#log-rows .line')]"
            + ".filter(row => row.querySelector('.msg').textContent.startsWith('::progress::'))";
    private static final String HIDING = "document.getElementById('hide-progress').checked";
    private static final String STORED = "localStorage.getItem('prismq-runner.hide-progress')";
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final WebPageSession SESSION = WebPageSession.open();

    private static String run;
    private static long total;
    private static List<Long> markerSeqs;
    /** A run with more lines than the page holds at once, every other one a progress line. */
    private static String bigRun;
    private static long bigTotal;

    private final WebPage web = SESSION.web();
    private final Page page = SESSION.page();

    @BeforeAll
    static void startTheRuns() {
        WebPage web = SESSION.web();
        Page page = web.page();
        run = web.launchThroughApi("hello-stream", "{\"lines\": " + ITEMS + ", \"interval\": 0, \"greeting\": \"Hi\"}");
        bigRun = web.launchThroughApi("hello-stream", "{\"lines\": 60000, \"interval\": 0, \"greeting\": \"Hi\"}");
        page.navigate(web.url("/"));
        web.awaitModules();
        page.waitFor("the runs to end", WebPageBrowserTest.badge(run) + " === 'completed' && "
                + WebPageBrowserTest.badge(bigRun) + " === 'completed'", Duration.ofSeconds(100));
        bigTotal = web.api("GET", "/api/runs/" + bigRun + "/logs?tail=1").get("total_lines").asLong();
        JsonNode logs = web.api("GET", "/api/runs/" + run + "/logs?tail=1000");
        total = logs.get("total_lines").asLong();
        markerSeqs = new ArrayList<>();
        logs.get("logs").forEach(entry -> {
            if (entry.get("message").asText().startsWith("::progress::")) {
                markerSeqs.add(entry.get("seq").asLong());
            }
        });
        assertEquals(ITEMS, markerSeqs.size(), "the run printed a marker per item: " + logs);
    }

    @BeforeEach
    void startWithProgressLinesShown() {
        SESSION.openPage();
        page.eval("localStorage.removeItem('prismq-runner.hide-progress')");
    }

    private void openAddress(String hash) {
        SESSION.openAddress(hash);
        page.waitFor("the run's log", WebPage.LOG_COUNT + ".includes('ended')");
    }

    private static String targetOnScreen(long seq) {
        return "document.querySelector('#log-rows .line.target[data-seq=\"" + seq + "\"]') !== null";
    }

    @Test
    void progressLinesAreDimmedByDefaultHiddenByTheToggleAndTheChoiceSurvivesAReload() {
        openAddress("#run=" + run);
        page.waitFor("every line on screen", "document.querySelectorAll('#log-rows .line').length === " + total);

        assertFalse(page.eval(HIDING).asBoolean(), "progress lines are shown by default");
        assertEquals(ITEMS, page.eval(MARKER_ROWS + ".length").asInt());
        assertEquals(ITEMS, page.eval(ROWS_WITH_MARKER_TEXT + ".filter(row => row.classList.contains('marker'))"
                + ".length").asInt(), "the marked rows are the progress lines");
        assertNotEquals(page.text("getComputedStyle(document.querySelector('#log-rows .line.lv-info:not(.marker)"
                        + " .msg')).color"),
                page.text("getComputedStyle(document.querySelector('#log-rows .line.marker .msg')).color"),
                "progress lines are dimmed");

        page.click("#hide-progress");

        page.waitFor("the progress lines hidden", ROWS_WITH_MARKER_TEXT + ".length === 0");
        assertEquals(total + " lines (" + (total - ITEMS) + " shown) · ended", page.text(WebPage.LOG_COUNT));
        assertEquals("true", page.text(STORED));
        assertEquals(100, page.eval("document.querySelector('[data-run=\"" + run + "\"] progress').value").asInt(),
                "the run's progress is still the markers'");

        page.reload();
        web.awaitModules();
        page.waitFor("the run again after a reload", WebPage.LOG_COUNT + " === '" + total + " lines ("
                + (total - ITEMS) + " shown) · ended'");
        assertTrue(page.eval(HIDING).asBoolean(), "the toggle kept its state");
        assertEquals(0, page.eval(ROWS_WITH_MARKER_TEXT + ".length").asInt());

        // From the keyboard: Tab from the control before it, then Space.
        page.eval("document.getElementById('follow').focus()");
        page.press(Page.Key.TAB);
        assertEquals("hide-progress", page.text("document.activeElement.id"));
        page.press(Page.Key.SPACE);

        page.waitFor("the progress lines shown again", MARKER_ROWS + ".length === " + ITEMS);
        assertEquals(total + " lines · ended", page.text(WebPage.LOG_COUNT));
        assertEquals("false", page.text(STORED));
    }

    @Test
    void aLinkToALineBelowTheChosenLevelShowsItHighlighted() {
        JsonNode logs = web.api("GET", "/api/runs/" + run + "/logs?tail=1000").get("logs");
        long debug = 0;
        for (JsonNode entry : logs) {
            if (debug == 0 && entry.get("level").asText().equals("DEBUG")) {
                debug = entry.get("seq").asLong();
            }
        }
        openAddress("#run=" + run + "&line=" + debug);
        page.waitFor("the linked line", targetOnScreen(debug));

        page.eval("(() => { const s = document.getElementById('log-level'); s.value = '3';"
                + " s.dispatchEvent(new Event('change', {bubbles: true})); })()");

        page.waitFor("only the errors and the linked line", "[...document.querySelectorAll('#log-rows .line')]"
                + ".every(row => row.matches('.lv-error, .lv-critical, .target'))");
        assertTrue(page.eval(targetOnScreen(debug)).asBoolean(), "the linked DEBUG line is still shown");
    }

    @Test
    void aLinkOrGoToLineShowsAHiddenProgressLineHighlightedAndOnlyThatOne() {
        page.eval("localStorage.setItem('prismq-runner.hide-progress', 'true')");
        long first = markerSeqs.get(2);
        long second = markerSeqs.get(5);

        openAddress("#run=" + run + "&line=" + first);

        page.waitFor("the linked progress line, highlighted", targetOnScreen(first));
        assertEquals(1, page.eval(ROWS_WITH_MARKER_TEXT + ".length").asInt(), "only the linked one is shown");
        assertTrue(page.eval(HIDING).asBoolean());

        page.fill("#goto-line", String.valueOf(second));
        page.click("#goto-form button");

        page.waitFor("the other progress line, highlighted", targetOnScreen(second));
        assertEquals(List.of(String.valueOf(second)), texts(ROWS_WITH_MARKER_TEXT + ".map(row => row.dataset.seq)"),
                "the line shown only for being linked is hidden again");

        page.fill("#goto-line", "1");
        page.click("#goto-form button");

        page.waitFor("line 1, highlighted", targetOnScreen(1));
        assertEquals(0, page.eval(ROWS_WITH_MARKER_TEXT + ".length").asInt());
    }

    @Test
    void searchFindsHiddenProgressLinesAndShowsTheCurrentMatch() {
        page.eval("localStorage.setItem('prismq-runner.hide-progress', 'true')");
        openAddress("#run=" + run);

        page.fill("#search-text", "::progress::");

        page.waitFor("the first of the matches", "document.getElementById('search-count').textContent === '1 of "
                + ITEMS + "' && " + targetOnScreen(markerSeqs.get(0)));
        page.click("#search-next");
        page.waitFor("the second match", targetOnScreen(markerSeqs.get(1)));
        assertEquals(List.of(String.valueOf(markerSeqs.get(1))),
                texts(ROWS_WITH_MARKER_TEXT + ".map(row => row.dataset.seq)"), "only the current match is shown");
    }

    @Test
    void withProgressLinesHiddenScrollingToLineOneAndBackShowsTheWindowWithoutThem() {
        page.eval("localStorage.setItem('prismq-runner.hide-progress', 'true')");
        openAddress("#run=" + bigRun);
        page.waitFor("the last line", "document.querySelector('#log-rows .line[data-seq=\"" + bigTotal + "\"]')");

        assertTrue(scrollUntil("view.scrollTop = 0", "1").get("reached").asBoolean(), "line 1 was reached");
        assertTheViewIsTheWindowWithoutProgressLines();
        JsonNode end = scrollUntil("view.scrollTop = view.scrollHeight", String.valueOf(bigTotal));
        assertTrue(end.get("reached").asBoolean(), "the last line was reached again: " + end);
        assertTheViewIsTheWindowWithoutProgressLines();
    }

    /** Scrolls to an edge of what is loaded, again and again, until the line {@code seq} is drawn. */
    private JsonNode scrollUntil(String scroll, String seq) {
        JsonNode after = null;
        for (int step = 0; step < 100 && (after == null || !after.get("reached").asBoolean()); step++) {
            after = page.eval("(async () => { const view = document.getElementById('log-view'); " + scroll + ";"
                    + " await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));"
                    + " while (log.loading) await log.loading;"
                    + " await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));"
                    + " return { held: log.entries.length, reached:"
                    + " document.querySelector('#log-rows .line[data-seq=\"" + seq + "\"]') !== null }; })()");
            assertTrue(after.get("held").asInt() <= 100_000, "the page holds at most a window: " + after);
        }
        return after;
    }

    private void assertTheViewIsTheWindowWithoutProgressLines() {
        JsonNode check = page.eval("(() => { const gaps = log.entries.filter((e, i) => i > 0"
                + " && e.seq !== log.entries[i - 1].seq + 1).length;"
                + " const expected = log.entries.filter(e => !e.message.startsWith('::progress::')).map(e => e.seq);"
                + " const same = expected.length === log.view.length && expected.every((seq, i) => log.view[i].seq"
                + " === seq); return { gaps, same, drawn: " + ROWS_WITH_MARKER_TEXT + ".length }; })()");
        assertEquals(0, check.get("gaps").asInt(), "the window holds consecutive lines: " + check);
        assertTrue(check.get("same").asBoolean(), "the view is the window's lines but the progress ones: " + check);
        assertEquals(0, check.get("drawn").asInt(), "no progress line is drawn: " + check);
    }

    @Test
    void thePageTellsProgressLinesByTheDomainsRule() throws Exception {
        List<String> lines = List.of("::progress::3/50", "  ::progress::45%  ", "::progress::12.5%",
                "::progress::0/0", "", "progress 3/50", "INFO ::progress::3/50", "::progress::", "::progress::abc",
                "::progress::150%", "::progress::-1/5", "::progress::3", "::progress::NaN%", "::progress::60/50",
                "::progress:: 3 / 50 ", "::progress::+3/+50", "::progress::-0/0", "::progress::-0%",
                "::progress::1e2%", "::progress::1e3%", "::progress::.5%", "::progress::5.%", "::progress::.%",
                "::progress::45d%", "::progress::0x1.8p1%", "::progress::0x0p99999%", "::progress::Infinity%", "::progress::3/50%",
                "::progress::3/5/7", "::progress::9223372036854775807/1", "::progress::9223372036854775808/1",
                "\u00a0::progress::3/5", "\u2003::progress::3/5", "\t::progress::\u3000100%",
                "::progress::\u0663/\u0665\u0660", "::progress::\ud835\udfd1/\ud835\udfd3", "::PROGRESS::3/5");
        JsonNode verdicts = page.eval(JSON.writeValueAsString(lines) + ".map(line => isProgressMarker(line))");
        for (int i = 0; i < lines.size(); i++) {
            assertEquals(Progress.parseMarker(lines.get(i)).isPresent(), verdicts.get(i).asBoolean(),
                    "the page and the domain agree on " + Page.quote(lines.get(i)));
        }
    }

    private List<String> texts(String expression) {
        List<String> texts = new ArrayList<>();
        page.eval(expression).forEach(node -> texts.add(node.asText()));
        return texts;
    }
}
