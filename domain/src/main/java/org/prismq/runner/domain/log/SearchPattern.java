package org.prismq.runner.domain.log;

import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * What a log search looks for in a line's text: a substring or a regular expression ({@link Pattern} syntax),
 * case-insensitive unless asked otherwise, matched against the line with its terminal escape sequences removed.
 * Ignoring case folds each character as {@code (?iu)} does, for substrings and expressions alike.
 *
 * <p>Immutable and thread-safe.
 */
public final class SearchPattern {

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

    /** The compiled expression, or {@code null} for a substring. */
    public Pattern expression() {
        return pattern;
    }

    private static void requireText(String text) {
        if (Objects.requireNonNull(text, "text").isEmpty()) {
            throw new IllegalArgumentException("the text to search for must not be empty");
        }
    }
}
