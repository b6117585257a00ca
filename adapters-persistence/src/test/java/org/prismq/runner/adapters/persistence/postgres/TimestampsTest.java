package org.prismq.runner.adapters.persistence.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class TimestampsTest {

    @Test
    void copyBinaryCountsMicrosecondsFromPostgresqlsEpochDroppingFinerParts() {
        assertEquals(0, Timestamptz.copyBinary(Instant.parse("2000-01-01T00:00:00Z")));
        assertEquals(1, Timestamptz.copyBinary(Instant.parse("2000-01-01T00:00:00.000001999Z")));
        assertEquals(-1, Timestamptz.copyBinary(Instant.parse("1999-12-31T23:59:59.999999Z")));
        assertEquals(-1, Timestamptz.copyBinary(Instant.parse("1999-12-31T23:59:59.9999999Z")));
        assertEquals(-946_684_800_000_000L, Timestamptz.copyBinary(Instant.EPOCH));
    }
}
