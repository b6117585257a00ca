package org.prismq.runner.domain.catalog;

import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A text parameter's {@code validation}: a regular expression that must be found somewhere in the value (as in
 * JSON Schema and the PrismQ web client: {@code ^} and {@code $} anchor it only where the pattern says so).
 * Values are judged as JavaScript's {@code new RegExp(pattern).test(value)} judges them, which is what a browser
 * form does: {@code $} is the end of the value, so {@code ^[a-z]+$} refuses {@code "abc\n"} (see
 * {@link EcmaScriptPattern}). Immutable; compiled once.
 */
public final class TextRule {

    private final String pattern;
    private final String message;
    private final Pattern compiled;

    /**
     * @param pattern the regular expression; an invalid one is an {@link IllegalArgumentException}
     * @param message shown instead of the default error when a value does not match; may be {@code null}
     */
    public TextRule(String pattern, String message) {
        this.pattern = Objects.requireNonNull(pattern, "pattern");
        this.message = message;
        try {
            this.compiled = Pattern.compile(EcmaScriptPattern.toJava(pattern));
        } catch (PatternSyntaxException invalid) {
            throw new IllegalArgumentException("validation.pattern is not a valid regular expression: "
                    + syntaxError(pattern, invalid), invalid);
        }
    }

    /** What is wrong, pointing into the catalog's own text when the pattern as written shows the error too. */
    private static String syntaxError(String pattern, PatternSyntaxException translated) {
        try {
            Pattern.compile(pattern);
            return translated.getDescription();
        } catch (PatternSyntaxException asWritten) {
            return asWritten.getDescription() + " near index " + asWritten.getIndex();
        }
    }

    public String pattern() {
        return pattern;
    }

    /** The module's own error message, or {@code null}. */
    public String message() {
        return message;
    }

    public boolean accepts(String value) {
        return compiled.matcher(value).find();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TextRule rule && pattern.equals(rule.pattern)
                && Objects.equals(message, rule.message);
    }

    @Override
    public int hashCode() {
        return Objects.hash(pattern, message);
    }

    @Override
    public String toString() {
        return "TextRule[pattern=" + pattern + ", message=" + message + "]";
    }
}
