package org.prismq.runner.adapters.http;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Instants in their wire text ({@link Timestamps#format}) as ASCII bytes, for the writers of many lines: the SSE
 * events and the download. The lines of one read of a module's output share their capture time, so the last
 * instant's text is kept and a run of such lines is formatted once. Not thread-safe: one per writer.
 */
final class TimestampBytes {

    private Instant lastInstant;
    private byte[] lastText;

    /** The text of {@code instant}, the same array as the last time when it is the same instant. */
    byte[] of(Instant instant) {
        if (instant != lastInstant && !instant.equals(lastInstant)) {
            lastText = format(instant);
            lastInstant = instant;
        }
        return lastText;
    }

    /** As {@link Timestamps#format}, which stays the rule: years outside 0-9999 are left to it. */
    static byte[] format(Instant instant) {
        LocalDateTime time = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), 0, ZoneOffset.UTC);
        int year = time.getYear();
        if (year < 0 || year > 9999) {
            return Timestamps.format(instant).getBytes(StandardCharsets.UTF_8);
        }
        byte[] text = new byte[27];
        digits(text, 0, year, 4);
        text[4] = '-';
        digits(text, 5, time.getMonthValue(), 2);
        text[7] = '-';
        digits(text, 8, time.getDayOfMonth(), 2);
        text[10] = 'T';
        digits(text, 11, time.getHour(), 2);
        text[13] = ':';
        digits(text, 14, time.getMinute(), 2);
        text[16] = ':';
        digits(text, 17, time.getSecond(), 2);
        text[19] = '.';
        digits(text, 20, instant.getNano() / 1000, 6);
        text[26] = 'Z';
        return text;
    }

    private static void digits(byte[] into, int at, int value, int count) {
        int rest = value;
        for (int i = at + count - 1; i >= at; i--) {
            into[i] = (byte) ('0' + rest % 10);
            rest /= 10;
        }
    }
}
