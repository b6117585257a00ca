package org.prismq.runner.adapters.process;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class CpuLoadSamplerTest {

    private final AtomicLong clock = new AtomicLong();
    private double load = 0.25;
    private int readings;
    private final CpuLoadSampler sampler = new CpuLoadSampler(() -> {
        readings++;
        return load;
    }, clock::get, Duration.ofSeconds(1));

    @Test
    void readsTheLoadAtMostOncePerInterval() {
        assertEquals(25.0, sampler.percent());
        load = 0.75;
        clock.addAndGet(Duration.ofMillis(999).toNanos());

        assertEquals(25.0, sampler.percent());
        assertEquals(1, readings);

        clock.addAndGet(Duration.ofMillis(1).toNanos());
        assertEquals(75.0, sampler.percent());
        assertEquals(2, readings);
    }

    @Test
    void reportsAnUnknownLoadAsNegative() {
        load = -1.0;
        assertEquals(-1.0, sampler.percent());

        load = Double.NaN;
        clock.addAndGet(Duration.ofSeconds(2).toNanos());
        assertEquals(-1.0, sampler.percent());
    }
}
