package org.prismq.runner.application.execution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.prismq.runner.application.fakes.FixedResources;
import org.prismq.runner.application.fakes.MutableClock;
import org.prismq.runner.application.port.out.ResourceSnapshot;

class ResourceGateTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));
    private final FixedResources host = new FixedResources();
    private final ResourceGate gate = new ResourceGate(host, RunnerSettings.DEFAULTS, clock);

    private Optional<String> cpuAt(double percent) {
        host.set(new ResourceSnapshot(8L << 30, 16L << 30, percent, 100L << 30));
        Optional<String> shortage = gate.check();
        clock.advance(Duration.ofSeconds(1));
        return shortage;
    }

    @Test
    void aSpikeOfOneSampleDoesNotHoldRunsBack() {
        for (int i = 0; i < 9; i++) {
            assertTrue(cpuAt(50).isEmpty());
        }
        assertTrue(cpuAt(100).isEmpty(), "the mean of 9 x 50% and 100% is 55%");
    }

    @Test
    void aLoadAboveTheLimitOverTheWindowHoldsRunsBackAndSaysForHowLong() {
        for (int i = 0; i < 9; i++) {
            cpuAt(50);
        }
        for (int i = 0; i < 9; i++) {
            assertTrue(cpuAt(100).isEmpty(), "a 50% sample is still in the window");
        }
        assertEquals(Optional.of("cpu 100% over 95% for 0 s"), cpuAt(100), "10 samples at 100%");
        assertEquals(Optional.of("cpu 100% over 95% for 0 s"), gate.shortage());
        assertEquals(Optional.of("cpu 98.5% over 95% for 1 s"), cpuAt(85));

        clock.advance(Duration.ofSeconds(10));
        assertTrue(cpuAt(10).isEmpty(), "samples older than the window no longer count");
        assertTrue(gate.shortage().isEmpty());
    }

    @Test
    void aLoadJustUnderAWholeNumberIsShownWithoutADecimalZero() {
        assertEquals(Optional.of("cpu 100% over 95% for 0 s"), cpuAt(99.99));
    }

    @Test
    void everyShortageIsNamedAndUnknownFiguresAreNone() {
        host.set(new ResourceSnapshot(100L << 20, 16L << 30, 99, 20L << 20));
        assertEquals(Optional.of("memory 100 MB free, under 256 MB; disk 20 MB free on the data dir, under 500 MB; "
                + "cpu 99% over 95% for 0 s"), gate.check());

        host.set(new ResourceSnapshot(0, 0, -1, -1));
        clock.advance(Duration.ofSeconds(11));
        assertTrue(gate.check().isEmpty());
    }
}
