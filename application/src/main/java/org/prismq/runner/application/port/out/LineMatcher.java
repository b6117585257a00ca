package org.prismq.runner.application.port.out;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.prismq.runner.domain.log.AnsiCodes;
import org.prismq.runner.domain.log.SearchPattern;
import org.prismq.runner.domain.log.SearchTooSlowException;

/**
 * Tells whether a line's text, escape sequences removed, holds a {@link SearchPattern}: one per search, not
 * thread-safe.
 */
public sealed interface LineMatcher permits LineMatcher.RegexMatcher, LineMatcher.SubstringMatcher {

    /**
     * The most steps (characters read) one line may cost an expression, plus the square of the line's length up to
     * 50,000,000 (a search for {@code .*a.*b} tries every start: quadratic, yet reasonable):
     * enough for a reasonable expression, and a bound on one that backtracks without end.
     */
    long STEPS_PER_LINE = 1_000_000;
    long MAX_STEPS_FOR_LENGTH = 50_000_000;

    /**
     * The matcher of {@code pattern}. An expression that is plain text is matched as a substring; one that holds
     * a {@link RequiredLiteral} runs only on the lines that hold it.
     */
    static LineMatcher of(SearchPattern pattern) {
        if (!pattern.isRegex()) {
            return new SubstringMatcher(pattern.text(), pattern.isCaseSensitive());
        }
        RequiredLiteral literal = RequiredLiteral.of(pattern.text());
        if (literal != null && literal.whole()) {
            return new SubstringMatcher(literal.texts().getFirst(), pattern.isCaseSensitive());
        }
        List<AsciiNeedle> required = new ArrayList<>();
        for (String text : literal == null ? List.<String>of() : literal.texts()) {
            AsciiNeedle needle = AsciiNeedle.of(text, pattern.isCaseSensitive());
            if (needle != null) {
                required.add(needle);
            }
        }
        return new RegexMatcher(pattern.expression().matcher(""), required);
    }

    /** @throws SearchTooSlowException when an expression needs too many steps on this line */
    boolean matches(String message);

    /**
     * Whether a line's UTF-8 bytes hold the pattern, when that can be told without decoding them: {@code 1}
     * yes, {@code 0} no, {@code -1} when only {@link #matches} can tell.
     */
    default int matchesUtf8(byte[] bytes, int offset, int length) {
        return -1;
    }

    /**
     * Where, from {@code from} on, a line whose UTF-8 bytes are stored among other bytes in {@code bytes} might
     * match: a line whose bytes lie wholly between {@code from} and the answer does not; {@code end} when no line
     * before it might. By default {@code from}: every line might.
     */
    default int nextSuspect(byte[] bytes, int from, int end) {
        return from;
    }

    final class SubstringMatcher implements LineMatcher {

        private final String needle;
        private final boolean caseSensitive;
        /** Ignoring case, the needle as a literal expression, so that it folds characters exactly as one. */
        private final Matcher folded;
        /** The needle when it is ASCII, to match bytes with; else {@code null}. */
        private final AsciiNeedle ascii;

        SubstringMatcher(String needle, boolean caseSensitive) {
            this.needle = needle;
            this.caseSensitive = caseSensitive;
            this.ascii = AsciiNeedle.of(needle, caseSensitive);
            this.folded = caseSensitive ? null : Pattern.compile(needle,
                    Pattern.LITERAL | Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE).matcher("");
        }

        @Override
        public int matchesUtf8(byte[] bytes, int offset, int length) {
            return ascii == null ? -1 : ascii.find(bytes, offset, length);
        }

        @Override
        public int nextSuspect(byte[] bytes, int from, int end) {
            return ascii == null ? from : ascii.nextSuspect(bytes, from, end);
        }

        @Override
        public boolean matches(String message) {
            String line = AnsiCodes.strip(message);
            return caseSensitive ? line.contains(needle) : folded.reset(line).find();
        }
    }

    final class RegexMatcher implements LineMatcher {

        private final Matcher matcher;
        /** ASCII texts every match holds. */
        private final List<AsciiNeedle> required;

        RegexMatcher(Matcher matcher, List<AsciiNeedle> required) {
            this.matcher = matcher;
            this.required = List.copyOf(required);
        }

        /** No when the line lacks a text every match holds; else only {@link #matches} can tell. */
        @Override
        public int matchesUtf8(byte[] bytes, int offset, int length) {
            for (AsciiNeedle needle : required) {
                if (needle.find(bytes, offset, length) == 0) {
                    return 0;
                }
            }
            return -1;
        }

        @Override
        public int nextSuspect(byte[] bytes, int from, int end) {
            return required.isEmpty() ? from : required.getFirst().nextSuspect(bytes, from, end);
        }

        @Override
        public boolean matches(String message) {
            String line = AnsiCodes.strip(message);
            try {
                return matcher.reset(new CountedChars(line)).find();
            } catch (StackOverflowError tooDeep) {
                throw new SearchTooSlowException("the regular expression recurses too deeply on a line of "
                        + line.length() + " characters");
            }
        }
    }

    /** A line that counts its reads and stops an expression that reads it more than {@code budget} times. */
    final class CountedChars implements CharSequence {

        private final String text;
        private long budget;

        CountedChars(String text) {
            this.text = text;
            this.budget = budget(text.length());
        }

        static long budget(long length) {
            return STEPS_PER_LINE + Math.min(length * length, MAX_STEPS_FOR_LENGTH);
        }

        @Override
        public char charAt(int index) {
            if (--budget < 0) {
                throw new SearchTooSlowException("the regular expression took too long: over "
                        + budget(text.length()) + " steps on a line of "
                        + text.length() + " characters");
            }
            return text.charAt(index);
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return text.subSequence(start, end);
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
