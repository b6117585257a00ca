package org.prismq.runner.adapters.persistence.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class MicrosTest {

    @Test
    void instantsRoundTripToTheMicrosecondAroundTheEpoch() {
        for (String text : new String[] {"1970-01-01T00:00:00Z", "1969-12-31T23:59:59.999999Z",
            "1900-06-15T12:00:00.000001Z", "2025-03-04T05:06:07.123456Z"}) {
            Instant instant = Instant.parse(text);
            assertEquals(instant, Micros.toInstant(Micros.of(instant)), text);
        }
        assertEquals(-1, Micros.of(Instant.parse("1969-12-31T23:59:59.999999Z")));
    }

    @Test
    void finerPartsAreDroppedButAnAtOrAfterBoundRoundsUp() {
        Instant instant = Instant.parse("2025-03-04T05:06:07.123456789Z");

        assertEquals(Instant.parse("2025-03-04T05:06:07.123456Z"), Micros.toInstant(Micros.of(instant)));
        assertEquals(Micros.of(instant) + 1, Micros.ceiling(instant));
        assertEquals(Micros.of(Instant.EPOCH), Micros.ceiling(Instant.EPOCH));
    }
}
