package org.prismq.runner.application.fakes;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock a test moves by hand, or that moves on by a tick each time it is read. */
public final class MutableClock extends Clock {

    private volatile Instant now;
    private volatile Duration tick = Duration.ZERO;

    public MutableClock(Instant start) {
        this.now = start;
    }

    public synchronized void advance(Duration duration) {
        now = now.plus(duration);
    }

    /** From now on, each reading moves the clock on by {@code step} afterwards: no two readings are equal. */
    public void tickOnEveryRead(Duration step) {
        tick = step;
    }

    @Override
    public synchronized Instant instant() {
        Instant read = now;
        now = read.plus(tick);
        return read;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
