package org.prismq.runner.adapters.persistence.jdbc;

import java.time.Instant;

/** Instants as stored in an integer column or a log block: UTC epoch microseconds. */
public final class Micros {

    private static final long PER_SECOND = 1_000_000L;
    private static final int NANOS_PER_MICRO = 1_000;

    private Micros() {
    }

    /** The instant in microseconds, any finer part dropped. */
    public static long of(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), PER_SECOND),
                instant.getNano() / NANOS_PER_MICRO);
    }

    /** The first whole microsecond at or after the instant: the bound of an "at or after" filter. */
    public static long ceiling(Instant instant) {
        return Math.addExact(of(instant), instant.getNano() % NANOS_PER_MICRO == 0 ? 0 : 1);
    }

    public static Instant toInstant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, PER_SECOND),
                Math.floorMod(micros, PER_SECOND) * NANOS_PER_MICRO);
    }
}
