package org.prismq.runner.bootstrap.browser;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Supplier;

import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Saves a screenshot of the page when a test fails, as {@code target/browser-screenshots/<class>-<test>.png},
 * right after the test and before any clean-up closes the browser.
 */
final class FailureScreenshots implements AfterTestExecutionCallback {

    private final Supplier<Page> page;

    FailureScreenshots(Supplier<Page> page) {
        this.page = page;
    }

    @Override
    public void afterTestExecution(ExtensionContext context) {
        Page current = page.get();
        if (context.getExecutionException().isEmpty() || current == null) {
            return;
        }
        Path file = Path.of("target", "browser-screenshots",
                context.getRequiredTestClass().getSimpleName() + "-" + context.getRequiredTestMethod().getName()
                        + ".png");
        try {
            current.screenshot(file);
            context.publishReportEntry("screenshot", file.toAbsolutePath().toString());
        } catch (IOException | RuntimeException unavailable) {
            context.publishReportEntry("screenshot", "none: " + unavailable);
        }
    }
}
