package org.prismq.runner.bootstrap.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The web page of a service that wants a bearer token: asked once, then sent on every call and stream. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class WebPageTokenBrowserTest {

    private static final String TOKEN = "s3cret-t0ken";

    @RegisterExtension
    static final WebPageSession SESSION = WebPageSession.withToken(TOKEN);

    private final WebPage web = SESSION.web();
    private final Page page = SESSION.page();

    @Test
    void thePageAsksForTheTokenOnceAndUsesItForCallsAndTheLiveLog() {
        page.navigate(web.url("/ui/index.html"));
        page.waitFor("the token dialog", "document.getElementById('token-dialog').open");
        page.fill("#token-input", "wrong");
        page.click("#token-dialog button[value=ok]");
        page.waitFor("the dialog again, saying the token was refused", "document.getElementById('token-dialog').open"
                + " && document.getElementById('token-text').textContent.includes('did not accept')");
        page.fill("#token-input", TOKEN);
        page.click("#token-dialog button[value=ok]");
        page.waitFor("the modules", "document.querySelector('[data-module=\"hello-stream\"]') !== null");

        web.chooseModule("hello-stream");
        page.fill("#param-lines", "5");
        page.fill("#param-interval", "0.05");
        String run = web.launch();

        page.waitFor("the whole log, streamed with the token", WebPage.LOG_TEXT
                + ".includes('INFO done') && " + WebPage.LOG_COUNT + ".includes('ended')");
        assertEquals("completed", web.api("GET", "/api/runs/" + run).get("status").asText());
        page.reload();
        web.awaitModules();
        page.waitFor("the run again after a reload", WebPage.LOG_COUNT + ".includes('ended')");
        assertFalse(page.eval("document.getElementById('token-dialog').open").asBoolean(),
                "the token is kept for the tab");
        assertTrue(page.requests().stream().anyMatch(url -> url.contains("/logs/stream?token=")));
    }
}
