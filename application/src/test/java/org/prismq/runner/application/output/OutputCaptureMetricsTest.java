package org.prismq.runner.application.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.prismq.runner.application.fakes.InMemoryLogStore;
import org.prismq.runner.application.fakes.MutableClock;
import org.prismq.runner.application.port.out.RunMetrics;
import org.prismq.runner.domain.log.LogStream;
import org.prismq.runner.domain.run.Progress;
import org.prismq.runner.domain.run.RunId;
import org.prismq.runner.domain.run.RunStatus;

/** What an {@link OutputCapture} tells {@link RunMetrics}: once per batch, never per line. */
class OutputCaptureMetricsTest {

    private static final RunId RUN = new RunId("run_20261125_100000_demo_00000001");

    private final Recorded metrics = new Recorded();
    private final OutputCapture capture = new OutputCapture(RUN, new LiveOutput(RunStatus.RUNNING, 1000, 1L << 20),
            new InMemoryLogStore(), new MutableClock(Instant.parse("2026-11-25T10:00:00Z")), new Silent(), 1000,
            1L << 20, metrics);

    @Test
    void eachBatchIsReportedOnceWithItsLinesAndUtf8BytesWithoutTrailingWhiteSpace() {
        capture.lines(LogStream.STDOUT, List.of("first  ", "caf\u00e9"));
        capture.lines(LogStream.STDERR, List.of("third"));
        capture.exited(0);

        assertEquals(List.of("stdout 2 10", "stderr 1 5"), metrics.captured);
        assertEquals(3, metrics.stored.stream().mapToInt(Integer::intValue).sum(),
                "every line left the store queue by the exit");
        assertTrue(metrics.stored.size() <= 2, "one report per write, not per line: " + metrics.stored);
    }

    private static final class Recorded implements RunMetrics {
        final List<String> captured = new CopyOnWriteArrayList<>();
        final List<Integer> stored = new CopyOnWriteArrayList<>();

        @Override
        public void linesCaptured(LogStream stream, int lines, long bytes) {
            captured.add(stream.wireName() + " " + lines + " " + bytes);
        }

        @Override
        public void linesStored(int lines, long nanos) {
            assertTrue(nanos >= 0);
            stored.add(lines);
        }
    }

    private static final class Silent implements OutputCapture.Listener {
        @Override
        public void progress(Progress progress) {
        }

        @Override
        public void stored(long lastSeq) {
        }

        @Override
        public void exited(int exitCode) {
        }
    }
}
