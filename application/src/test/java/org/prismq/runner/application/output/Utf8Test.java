package org.prismq.runner.application.output;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class Utf8Test {

    @Test
    void countsWhatTheEncoderWrites() {
        for (String text : new String[] {"", "plain ascii", "caf\u00e9", "\u20ac 5", "emoji \uD83D\uDE00 done",
                "mixed \u00e9\u4e2d\uD83D\uDE00x"}) {
            assertEquals(text.getBytes(StandardCharsets.UTF_8).length, Utf8.length(text), text);
        }
    }

    @Test
    void anUnpairedSurrogateCountsAsTheByteTheEncoderWritesForIt() {
        assertEquals(1, Utf8.length("\uD83D"));
        assertEquals(2, Utf8.length("\uDE00a"));
    }
}
