package org.prismq.runner.adapters.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The query string of one request. Values are percent-decoded; a {@code +} stays a plus sign, so that an
 * unencoded offset such as {@code since=2024-05-01T12:00:00+02:00} still reads. An empty value
 * ({@code status=}) counts as not given. A parameter that is given twice, or a value that does not read, is a
 * 400 {@code invalid_query} naming the parameter. Unknown parameters are ignored.
 */
final class QueryParameters {

    private final Map<String, List<String>> values;

    private QueryParameters(Map<String, List<String>> values) {
        this.values = values;
    }

    /** @param rawQuery the query as received, or {@code null} */
    static QueryParameters parse(String rawQuery) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String pair : rawQuery.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int equals = pair.indexOf('=');
                String name = decode(equals < 0 ? pair : pair.substring(0, equals));
                String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
                values.computeIfAbsent(name, key -> new ArrayList<>(1)).add(value);
            }
        }
        return new QueryParameters(values);
    }

    /** The value of {@code name}, or {@code null} when it is not given (or empty). */
    String string(String name) {
        List<String> given = values.get(name);
        if (given == null) {
            return null;
        }
        if (given.size() > 1) {
            throw ApiException.badQuery("query parameter '" + name + "' is given " + given.size() + " times");
        }
        String value = given.getFirst();
        return value.isEmpty() ? null : value;
    }

    /**
     * The value read by {@code parser}, or {@code null} when not given; an {@link IllegalArgumentException} of the
     * parser (whose message names the value) becomes a 400.
     */
    <T> T parsed(String name, Function<String, T> parser) {
        String text = string(name);
        if (text == null) {
            return null;
        }
        try {
            return parser.apply(text);
        } catch (IllegalArgumentException unreadable) {
            throw ApiException.badQuery("query parameter '" + name + "': " + unreadable.getMessage());
        }
    }

    /** A whole number within {@code min..max}, or {@code fallback} when not given. */
    int integer(String name, int fallback, int min, int max) {
        Long value = wholeNumber(name, min, max);
        return value == null ? fallback : value.intValue();
    }

    /** A whole number within {@code min..max}, or {@code null} when not given. */
    Long wholeNumber(String name, long min, long max) {
        String text = string(name);
        if (text == null) {
            return null;
        }
        long value;
        try {
            value = Long.parseLong(text);
        } catch (NumberFormatException notANumber) {
            throw outOfRange(name, text, min, max);
        }
        if (value < min || value > max) {
            throw outOfRange(name, text, min, max);
        }
        return value;
    }

    /** An ISO-8601 date-time (see {@link Timestamps#parse(String)}), or {@code null} when not given. */
    Instant instant(String name) {
        String text = string(name);
        if (text == null) {
            return null;
        }
        try {
            return Timestamps.parse(text);
        } catch (DateTimeException unreadable) {
            throw ApiException.badQuery("query parameter '" + name + "' must be an ISO-8601 date-time such as "
                    + "2024-05-01T12:00:00Z, got '" + shortened(text) + "'");
        }
    }

    /** A value as an error message may quote it: never longer than 100 characters. */
    static String shortened(String text) {
        return text.length() <= 100 ? text : text.substring(0, 100) + "...";
    }

    private static ApiException outOfRange(String name, String text, long min, long max) {
        String range = max == Long.MAX_VALUE || max == Integer.MAX_VALUE
                ? "a whole number of at least " + min
                : "a whole number from " + min + " to " + max;
        return ApiException.badQuery("query parameter '" + name + "' must be " + range + ", got '"
                + shortened(text) + "'");
    }

    /** Percent-decodes {@code raw}, keeping {@code +} as it is; {@code null} for a malformed escape. */
    static String decodeOrNull(String raw) {
        try {
            return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return null;
        }
    }

    private static String decode(String raw) {
        String decoded = decodeOrNull(raw);
        if (decoded == null) {
            throw ApiException.badQuery("the query string holds a malformed %-escape: '" + shortened(raw) + "'");
        }
        return decoded;
    }
}
