package org.prismq.runner.domain.log;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * What a log search looks for in a line's text: a substring or a regular expression ({@link Pattern} syntax),
 * case-insensitive unless asked otherwise, matched against the line with its terminal escape sequences removed.
 * Ignoring case folds each character as {@code (?iu)} does, for substrings and expressions alike.
 *
 * <p>Immutable and thread-safe; each search takes its own {@link Matcher} from {@link #matcher()}.
 */
public final class SearchPattern {

    /**
     * The most steps (characters read) one line may cost an expression, plus the square of the line's length up to
     * {@value #MAX_STEPS_FOR_LENGTH} (a search for {@code .*a.*b} tries every start: quadratic, yet reasonable):
     * enough for a reasonable expression, and a bound on one that backtracks without end.
     */
    static final long STEPS_PER_LINE = 1_000_000;
    static final long MAX_STEPS_FOR_LENGTH = 50_000_000;

    private final String text;
    private final boolean regex;
    private final boolean caseSensitive;
    private final Pattern pattern;

    private SearchPattern(String text, boolean regex, boolean caseSensitive, Pattern pattern) {
        this.text = text;
        this.regex = regex;
        this.caseSensitive = caseSensitive;
        this.pattern = pattern;
    }

    /** @throws IllegalArgumentException when {@code text} is empty */
    public static SearchPattern substring(String text, boolean caseSensitive) {
        requireText(text);
        return new SearchPattern(text, false, caseSensitive, null);
    }

    /** @throws IllegalArgumentException when {@code expression} is empty or not a valid expression, naming why */
    public static SearchPattern regex(String expression, boolean caseSensitive) {
        requireText(expression);
        try {
            return new SearchPattern(expression, true, caseSensitive, Pattern.compile(expression,
                    caseSensitive ? 0 : Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE));
        } catch (PatternSyntaxException invalid) {
            throw new IllegalArgumentException("invalid regular expression: " + invalid.getDescription()
                    + (invalid.getIndex() >= 0 ? " near index " + invalid.getIndex() : ""), invalid);
        }
    }

    public String text() {
        return text;
    }

    public boolean isRegex() {
        return regex;
    }

    public boolean isCaseSensitive() {
        return caseSensitive;
    }

    /** A new matcher for one search: not thread-safe. */
    public LineMatcher matcher() {
        return regex ? new RegexMatcher(pattern.matcher("")) : new SubstringMatcher(text, caseSensitive);
    }

    /** Tells whether a line's text, escape sequences removed, holds the pattern. */
    public sealed interface LineMatcher permits RegexMatcher, SubstringMatcher {

        /** @throws SearchTooSlowException when an expression needs too many steps on this line */
        boolean matches(String message);
    }

    private static void requireText(String text) {
        if (Objects.requireNonNull(text, "text").isEmpty()) {
            throw new IllegalArgumentException("the text to search for must not be empty");
        }
    }

    private static final class SubstringMatcher implements LineMatcher {

        private final String needle;
        private final boolean caseSensitive;

        SubstringMatcher(String needle, boolean caseSensitive) {
            this.needle = needle;
            this.caseSensitive = caseSensitive;
        }

        @Override
        public boolean matches(String message) {
            String line = AnsiCodes.strip(message);
            if (caseSensitive) {
                return line.contains(needle);
            }
            int last = line.length() - needle.length();
            for (int i = 0; i <= last; i++) {
                if (line.regionMatches(true, i, needle, 0, needle.length())) {
                    return true;
                }
            }
            return false;
        }
    }

    private static final class RegexMatcher implements LineMatcher {

        private final Matcher matcher;

        RegexMatcher(Matcher matcher) {
            this.matcher = matcher;
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
    private static final class CountedChars implements CharSequence {

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
