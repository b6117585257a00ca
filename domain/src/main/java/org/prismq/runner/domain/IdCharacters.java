package org.prismq.runner.domain;

/**
 * The characters every id of the service is made of (module, run and node ids): ASCII letters and digits,
 * {@code .}, {@code _} and {@code -}. Nothing made of them can name a path outside a folder or hold a separator of
 * a URL, a command line or a log line.
 */
public final class IdCharacters {

    /** The characters as a regular-expression class, for messages and documentation. */
    public static final String CLASS = "[A-Za-z0-9._-]";

    private IdCharacters() {
    }

    /** Whether {@code text} is 1 to {@code maxLength} characters, each of them allowed. */
    public static boolean fit(String text, int maxLength) {
        return text.length() <= maxLength && allAllowed(text);
    }

    /** Whether {@code text} is not empty and each of its characters is allowed, whatever its length. */
    public static boolean allAllowed(String text) {
        if (text.isEmpty()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (!allowed(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** {@code text} with each character that is not allowed replaced by {@code -}; its length is kept. */
    public static String fitting(String text) {
        StringBuilder fitted = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            fitted.append(allowed(c) ? c : '-');
        }
        return fitted.toString();
    }

    private static boolean allowed(char c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '_'
                || c == '-';
    }
}
