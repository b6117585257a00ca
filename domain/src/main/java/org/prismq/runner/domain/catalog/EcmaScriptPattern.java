package org.prismq.runner.domain.catalog;

/**
 * Rewrites a catalog pattern so that {@link java.util.regex.Pattern} judges a value as JavaScript's
 * {@code new RegExp(pattern).test(value)} does (no flags), where the two dialects read the same syntax differently
 * in ways that matter for validation:
 * <ul>
 * <li>{@code $} is the end of the value ({@code \z}); Java's {@code $} also matches before a final line break,
 * so {@code ^[a-z]+$} would accept {@code "abc\n"};</li>
 * <li>{@code .} is any character but {@code \n}, {@code \r}, U+2028 and U+2029 (Java also excludes U+0085);</li>
 * <li>{@code \s} and {@code \S} use JavaScript's white space, which includes the Unicode spaces, the line
 * separators and U+FEFF (Java's is ASCII only);</li>
 * <li>{@code []} matches nothing and {@code [^]} any character (Java would read a literal {@code ]}).</li>
 * </ul>
 * The rest is passed through unchanged, read with Java's rules: escapes, {@code \Q...\E} quotes and (nested)
 * character classes, inside which {@code $} and {@code .} are literal. A pattern Java cannot compile is refused
 * where the catalog is read, whatever JavaScript makes of it. Stateless.
 */
final class EcmaScriptPattern {

    /** JavaScript's WhiteSpace and LineTerminator characters, as the body of a Java character class. */
    private static final String WHITE_SPACE = "\\t\\n\\x0B\\f\\r\\x20\\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029"
            + "\\u202F\\u205F\\u3000\\uFEFF";
    private static final String ANY_BUT_LINE_TERMINATOR = "[^\\n\\r\\u2028\\u2029]";
    /** JavaScript's empty class {@code []}, which Java would read as the start of a class holding {@code ]}. */
    private static final String NOTHING = "(?!)";
    /** JavaScript's {@code [^]}: any character at all. */
    private static final String ANYTHING = "(?s:.)";

    private EcmaScriptPattern() {
    }

    /** The Java pattern that accepts what {@code pattern} accepts in JavaScript. */
    static String toJava(String pattern) {
        StringBuilder java = new StringBuilder(pattern.length() + 16);
        int classDepth = 0;
        int i = 0;
        while (i < pattern.length()) {
            char c = pattern.charAt(i);
            if (c == '\\') {
                i = escape(pattern, i, classDepth > 0, java);
                continue;
            }
            if (c == '[' && classDepth == 0 && pattern.startsWith("]", i + 1)) {
                java.append(NOTHING);
                i += 2;
                continue;
            }
            if (c == '[' && classDepth == 0 && pattern.startsWith("^]", i + 1)) {
                java.append(ANYTHING);
                i += 3;
                continue;
            }
            if (c == '[') {
                classDepth++;
                java.append(c);
                i = classStart(pattern, i + 1, java);
                continue;
            }
            if (classDepth > 0) {
                if (c == ']') {
                    classDepth--;
                }
                java.append(c);
            } else if (c == '$') {
                java.append("\\z");
            } else if (c == '.') {
                java.append(ANY_BUT_LINE_TERMINATOR);
            } else {
                java.append(c);
            }
            i++;
        }
        return java.toString();
    }

    /** Copies what follows a {@code [}: a {@code ^}, then a {@code ]} that Java takes literally there. */
    private static int classStart(String pattern, int i, StringBuilder java) {
        if (i < pattern.length() && pattern.charAt(i) == '^') {
            java.append('^');
            i++;
        }
        if (i < pattern.length() && pattern.charAt(i) == ']') {
            java.append(']');
            i++;
        }
        return i;
    }

    /** Copies or rewrites the escape at {@code i}; returns the index after it. */
    private static int escape(String pattern, int i, boolean inClass, StringBuilder java) {
        if (i + 1 >= pattern.length()) {
            java.append('\\');
            return i + 1;
        }
        char next = pattern.charAt(i + 1);
        switch (next) {
            case 'Q' -> {
                int end = pattern.indexOf("\\E", i + 2);
                int after = end < 0 ? pattern.length() : end + 2;
                java.append(pattern, i, after);
                return after;
            }
            case 'c' -> {
                // \cX names a control character: X is an operand, even when it is $ or [.
                int after = Math.min(i + 3, pattern.length());
                java.append(pattern, i, after);
                return after;
            }
            case 's' -> java.append(inClass ? WHITE_SPACE : "[" + WHITE_SPACE + "]");
            case 'S' -> java.append("[^").append(WHITE_SPACE).append(']');
            default -> java.append('\\').append(next);
        }
        return i + 2;
    }
}
