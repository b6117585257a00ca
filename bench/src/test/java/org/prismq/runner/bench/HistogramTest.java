package org.prismq.runner.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HistogramTest {

    @Test
    void percentilesOfSmallValuesAreExact() {
        Histogram histogram = new Histogram();
        for (int i = 1; i <= 100; i++) {
            histogram.record(i);
        }
        assertEquals(50, histogram.percentile(50));
        assertEquals(99, histogram.percentile(99));
        assertEquals(100, histogram.max());
    }

    @Test
    void largeValuesLandWithinTwoPercent() {
        Histogram histogram = new Histogram();
        histogram.record(123_456_789);
        long p = histogram.percentile(50);
        assertTrue(Math.abs(p - 123_456_789) < 123_456_789 * 0.02, "got " + p);
    }

    @Test
    void mergedHistogramsCountEverything() {
        Histogram a = new Histogram();
        Histogram b = new Histogram();
        a.record(5);
        b.record(5_000);
        b.record(-3);
        a.add(b);
        assertEquals(3, a.count());
        assertEquals(5_000, a.max());
        assertEquals(0, a.percentile(1));
    }
}
