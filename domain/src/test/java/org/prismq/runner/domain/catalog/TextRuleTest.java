package org.prismq.runner.domain.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Each expectation is what {@code new RegExp(pattern).test(value)} answers in a browser. */
class TextRuleTest {

    @ParameterizedTest(name = "^[a-z]+$ refuses {0}")
    @ValueSource(strings = {"abc\n", "abc\r\n", "abc\r", "abc\u2028", "abc\u2029", "abc\u0085", "abc\n\n", "ab\nc"})
    void dollarIsTheEndOfTheValueNotTheEndBeforeAFinalLineBreak(String value) {
        TextRule rule = new TextRule("^[a-z]+$", null);

        assertFalse(rule.accepts(value));
        assertTrue(rule.accepts("abc"));
    }

    static Stream<Arguments> javaScriptVerdicts() {
        return Stream.of(
                // An escaped dollar and a dollar in a class are characters, not the end.
                Arguments.of("^\\$[0-9]+$", "$25", true),
                Arguments.of("^\\$[0-9]+$", "$25\n", false),
                Arguments.of("^[$]+$", "$$", true),
                Arguments.of("^[$]+$", "$$\n", false),
                Arguments.of("^[^$]+$", "abc\n", true),
                // [] is an empty class in JavaScript, and [^] any character.
                Arguments.of("^[]$a]+$", "]$a", false),
                Arguments.of("^[^]$", "\n", true),
                Arguments.of("^[]]$", "]", false),
                Arguments.of("a$|^b", "xa\n", false),
                Arguments.of("a$|^b", "b\n", true),
                Arguments.of("^\\Q$\\E$", "$", true),
                Arguments.of("^\\Q$\\E$", "$\n", false),
                Arguments.of("^\\\\$", "\\", true),
                Arguments.of("^\\\\$", "\\\n", false),
                // . stops at JavaScript's line terminators only: U+0085 is an ordinary character there.
                Arguments.of("^.+$", "a\u0085b", true),
                Arguments.of("^.+$", "a\u2028b", false),
                Arguments.of("^.+$", "a\nb", false),
                Arguments.of("^[.]+$", "..", true),
                Arguments.of("^[.]+$", "ab", false),
                // \s is JavaScript's white space, Unicode spaces included.
                Arguments.of("^\\S+$", "a\u00A0b", false),
                Arguments.of("^\\S+$", "a\uFEFFb", false),
                Arguments.of("^\\S+$", "ab", true),
                Arguments.of("^\\s$", "\u3000", true),
                Arguments.of("^[\\s]$", "\u2003", true),
                Arguments.of("^[a\\S]+$", "a\u00A0", false),
                Arguments.of("^[^\\S]$", "\u00A0", true),
                Arguments.of("^[^\\S]$", "x", false),
                Arguments.of("^\\x20$", " ", true));
    }

    @ParameterizedTest(name = "{0} on {1} is {2}")
    @MethodSource("javaScriptVerdicts")
    void valuesAreJudgedAsJavaScriptJudgesThem(String pattern, String value, boolean accepted) {
        assertEquals(accepted, new TextRule(pattern, null).accepts(value));
    }

    @Test
    void theRealCatalogsChannelPatternAcceptsAChannelsShortsPageAndRefusesATrailingLineBreak() {
        TextRule channel = new TextRule(
                "^(https?://)?(www\\.)?youtube\\.com/([@\\w-]+|channel/[\\w-]+)|@[\\w-]+|UC[\\w-]+$", null);

        assertTrue(channel.accepts("https://www.youtube.com/@ytmajortales/shorts"));
        assertTrue(channel.accepts("UCabc-123"));
        assertFalse(channel.accepts("xUC1\n"));
    }

    @Test
    void thePatternIsShownAsWritten() {
        assertEquals("^[a-z]+$", new TextRule("^[a-z]+$", "letters").pattern());
    }

    @Test
    void anInvalidPatternIsReportedAtItsPlaceInTheCatalogsText() {
        IllegalArgumentException invalid = assertThrows(IllegalArgumentException.class,
                () -> new TextRule("^[a-z$", null));

        assertTrue(invalid.getMessage().contains("near index 5"), invalid.getMessage());
    }
}
