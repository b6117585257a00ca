package org.prismq.runner.application.port.out;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.prismq.runner.domain.log.AnsiCodes;
import org.prismq.runner.domain.log.SearchPattern;
import org.prismq.runner.domain.log.SearchTooSlowException;

class LineMatcherTest {

    private static final List<String> LINES = List.of("", "plain ASCII text with ERROR in it", "error",
            "ERR\u001b[31mOR split by a colour", "\u001b]8;;https://error.example\u0007link\u001b]8;;\u0007",
            "Kelvin \u212a and long s \u017f", "überall ÉRROR",
            "2026-01-31 INFO [worker-3] processed n=0000000042 ok");
    private static final List<String> NEEDLES = List.of("error", "ERROR", "k", "S", "link", "worker-3]", "n=000",
            "31m", "ok", "x");

    @Test
    void matchingTheBytesOfALineAnswersAsMatchingItsText() {
        for (boolean caseSensitive : new boolean[] {false, true}) {
            for (String needle : NEEDLES) {
                LineMatcher matcher = LineMatcher.of(SearchPattern.substring(needle, caseSensitive));
                for (String line : LINES) {
                    byte[] bytes = ("<<" + line + ">>").getBytes(StandardCharsets.UTF_8);
                    int quick = matcher.matchesUtf8(bytes, 2, bytes.length - 4);
                    if (quick >= 0) {
                        assertEquals(matcher.matches(line), quick == 1, needle + " in " + line);
                    }
                }
            }
        }
    }

    @Test
    void matchingTheBytesOfALineAnswersAsAnExpressionOnItsText() {
        for (boolean caseSensitive : new boolean[] {false, true}) {
            for (String expression : List.of("err.r", "worker-\\d\\]", "ERROR", "\\d+ ok", "k", "x+y", "^error$",
                    "R\\[31m", "\u00fcber.*R")) {
                LineMatcher matcher = LineMatcher.of(SearchPattern.regex(expression, caseSensitive));
                for (String line : LINES) {
                    byte[] bytes = ("<<" + line + ">>").getBytes(StandardCharsets.UTF_8);
                    int quick = matcher.matchesUtf8(bytes, 2, bytes.length - 4);
                    boolean expected = SearchPattern.regex(expression, caseSensitive).expression()
                            .matcher(AnsiCodes.strip(line)).find();
                    assertEquals(expected, matcher.matches(line), expression + " in " + line);
                    if (quick >= 0) {
                        assertEquals(expected, quick == 1, expression + " in the bytes of " + line);
                    }
                }
            }
        }
    }

    @Test
    void anExpressionRunsOnlyOnLinesHoldingTheTextEveryMatchHolds() {
        LineMatcher matcher = LineMatcher.of(SearchPattern.regex("worker-\\d\\] x+", false));
        byte[] without = "[worker-3] processed".getBytes(StandardCharsets.UTF_8);
        byte[] with = "[worker-3] xx".getBytes(StandardCharsets.UTF_8);

        assertEquals(0, matcher.matchesUtf8(without, 0, without.length));
        assertEquals(-1, matcher.matchesUtf8(with, 0, with.length), "the expression decides");
        assertTrue(matcher.matches("[worker-3] xx"));
    }

    @Test
    void ignoringCaseFoldsCharactersAsUnicodeRegularExpressionsDo() {
        LineMatcher substring = LineMatcher.of(SearchPattern.substring("k", false));
        LineMatcher regex = LineMatcher.of(SearchPattern.regex("k", false));
        assertTrue(substring.matches("Kelvin \u212a"));
        assertEquals(regex.matches("\u212a"), substring.matches("\u212a"));
        assertTrue(regex.matches("\u212a"), "the Kelvin sign folds to k");
        assertTrue(LineMatcher.of(SearchPattern.substring("s", false)).matches("\u017f"), "the long s folds to s");
        assertTrue(LineMatcher.of(SearchPattern.substring("\u00e9RROR", false)).matches("\u00c9rror"));
    }

    @Test
    void escapeCodesAreIgnoredForMatching() {
        assertTrue(LineMatcher.of(SearchPattern.substring("error", false)).matches("ERR\u001b[31mOR"));
        assertFalse(LineMatcher.of(SearchPattern.substring("31m", false)).matches("ERR\u001b[31mOR"));
        assertFalse(LineMatcher.of(SearchPattern.substring("example", false))
                .matches("\u001b]8;;https://error.example\u001b\\link\u001b]8;;\u001b\\"));
        assertTrue(LineMatcher.of(SearchPattern.regex("^link$", false))
                .matches("\u001b]8;;https://error.example\u0007link\u001b]8;;\u0007"));
        assertTrue(LineMatcher.of(SearchPattern.regex("^cut$", false)).matches("cut\u001b[3"));
    }

    @Test
    void anInvalidExpressionOrAnEmptyTextIsRefusedNamingWhy() {
        IllegalArgumentException invalid = assertThrows(IllegalArgumentException.class,
                () -> SearchPattern.regex("(unclosed", false));
        assertTrue(invalid.getMessage().startsWith("invalid regular expression: Unclosed group"),
                invalid.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SearchPattern.substring("", false));
        assertThrows(IllegalArgumentException.class, () -> SearchPattern.regex("", true));
    }

    @Test
    void anExpressionThatBacktracksWithoutEndIsStopped() {
        LineMatcher runaway = LineMatcher.of(SearchPattern.regex("(x+x+){1,50}y", false));

        SearchTooSlowException stopped = assertThrows(SearchTooSlowException.class,
                () -> runaway.matches("x".repeat(30) + "!"));

        assertTrue(stopped.getMessage().contains("took too long"), stopped.getMessage());
        assertTrue(runaway.matches("xxy"), "the matcher works again on the next line");
    }
}
