package org.prismq.runner.application.port.out;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Texts that every match of a regular expression holds, found by reading the expression: a line without one of
 * them cannot match, so a search skips running the expression there. Only a run of plain characters outside any
 * group, class or quantifier counts, in an expression without alternatives ({@code |}), inline flags or lookaround
 * ({@code (?}), quoting ({@code \Q}) and characters beyond the Basic Multilingual Plane; anything else in the
 * expression only ends a run. Ignoring case, the expression folds each of those characters as a literal substring
 * does.
 *
 * @param texts every such run, the longest first
 * @param whole whether the expression is the one text and nothing else, so that finding it is a match
 */
record RequiredLiteral(List<String> texts, boolean whole) {

    RequiredLiteral {
        texts = List.copyOf(texts);
    }

    private static final String ESCAPES_WITH_ARGUMENTS = "pPxNkuc0";

    /** The literals of {@code expression}, a valid {@link java.util.regex.Pattern}, or {@code null} if none. */
    static RequiredLiteral of(String expression) {
        if (expression.contains("|") || expression.contains("(?") || expression.contains("\\Q")
                || expression.chars().anyMatch(c -> Character.isSurrogate((char) c))) {
            return null;
        }
        List<String> texts = new ArrayList<>();
        StringBuilder run = new StringBuilder();
        boolean whole = true;
        int i = 0;
        while (i < expression.length()) {
            char c = expression.charAt(i);
            int literal = -1;
            int next = i + 1;
            if (c == '\\') {
                if (i + 1 >= expression.length()) {
                    return null;
                }
                char escaped = expression.charAt(i + 1);
                if (Character.isLetterOrDigit(escaped)) {
                    if (ESCAPES_WITH_ARGUMENTS.indexOf(escaped) >= 0 || Character.isDigit(escaped)) {
                        return null;
                    }
                } else {
                    literal = escaped;
                }
                next = i + 2;
            } else if (c == '[' || c == '(') {
                next = c == '[' ? skipClass(expression, i) : skipGroup(expression, i);
                if (next < 0) {
                    return null;
                }
            } else if (c == '{') {
                next = expression.indexOf('}', i) + 1;
                if (next == 0) {
                    return null;
                }
            } else if (".^$?*+)]}".indexOf(c) < 0) {
                literal = c;
            }
            boolean optional = false;
            if (literal >= 0 && next < expression.length()) {
                char after = expression.charAt(next);
                optional = after == '?' || after == '*' || after == '{';
                if (optional || after == '+') {
                    whole = false;
                }
            }
            if (literal >= 0 && !optional) {
                run.append((char) literal);
            }
            if (literal < 0 || optional || (next < expression.length() && expression.charAt(next) == '+')) {
                whole = false;
                if (!run.isEmpty()) {
                    texts.add(run.toString());
                }
                run.setLength(0);
            }
            i = next;
        }
        if (!run.isEmpty()) {
            texts.add(run.toString());
        }
        texts.sort(Comparator.comparingInt(String::length).reversed());
        return texts.isEmpty() ? null : new RequiredLiteral(texts, whole);
    }

    /** Where the class opening at {@code start} ends (after its {@code ]}); {@code -1} when not certain. */
    private static int skipClass(String expression, int start) {
        int depth = 0;
        int i = start;
        while (i < expression.length()) {
            char c = expression.charAt(i);
            if (c == '\\') {
                i += 2;
                continue;
            }
            if (c == '[') {
                if (expression.startsWith("[]", i) || expression.startsWith("[^]", i)) {
                    return -1;
                }
                depth++;
            } else if (c == ']' && --depth == 0) {
                return i + 1;
            }
            i++;
        }
        return -1;
    }

    /** Where the group opening at {@code start} ends (after its {@code )}); {@code -1} when not certain. */
    private static int skipGroup(String expression, int start) {
        int depth = 0;
        int i = start;
        while (i < expression.length()) {
            char c = expression.charAt(i);
            if (c == '\\') {
                i += 2;
                continue;
            }
            if (c == '[') {
                i = skipClass(expression, i);
                if (i < 0) {
                    return -1;
                }
                continue;
            }
            if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return i + 1;
            }
            i++;
        }
        return -1;
    }
}
