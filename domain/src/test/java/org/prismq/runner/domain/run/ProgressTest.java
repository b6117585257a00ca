package org.prismq.runner.domain.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProgressTest {

    @Test
    void itemCountsGiveProcessedTotalAndPercent() {
        Progress progress = Progress.parseMarker("::progress::3/50").orElseThrow();
        assertEquals(3L, progress.itemsProcessed());
        assertEquals(50L, progress.itemsTotal());
        assertEquals(6.0, progress.percent(), 1e-9);
    }

    @Test
    void aPercentGivesOnlyThePercent() {
        assertEquals(new Progress(45.0, null, null), Progress.parseMarker("  ::progress::45%  ").orElseThrow());
        assertEquals(new Progress(12.5, null, null), Progress.parseMarker("::progress::12.5%").orElseThrow());
    }

    @Test
    void aZeroTotalHasNoPercent() {
        assertEquals(new Progress(null, 0L, 0L), Progress.parseMarker("::progress::0/0").orElseThrow());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "progress 3/50", "INFO ::progress::3/50", "::progress::", "::progress::abc",
        "::progress::150%", "::progress::-1/5", "::progress::3", "::progress::NaN%"})
    void otherLinesAreNoMarker(String line) {
        assertEquals(Optional.empty(), Progress.parseMarker(line));
    }

    @Test
    void moreItemsThanTheTotalCapThePercentAt100() {
        assertTrue(Progress.parseMarker("::progress::60/50").orElseThrow().percent() <= 100.0);
    }
}
