package org.prismq.runner.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** Short commands the benchmark runs beside the service ({@code jcmd}, {@code sync}). */
final class Commands {

    private Commands() {
    }

    /**
     * Runs {@code command} to its end, for at most 60 s, and returns what it printed (with its errors); empty when
     * it could not be run, or when this thread was interrupted, whose flag is then set again.
     */
    static String run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(60, TimeUnit.SECONDS);
            return output;
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
