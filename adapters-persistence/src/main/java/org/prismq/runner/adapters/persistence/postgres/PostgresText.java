package org.prismq.runner.adapters.persistence.postgres;

import org.prismq.runner.adapters.persistence.jdbc.StorageException;

/**
 * Free text as stored. PostgreSQL text cannot hold U+0000, which a module may well print, so a NUL is stored as
 * U+FFFF followed by {@code '0'}, and a U+FFFF of the text itself as two of them. U+FFFF is a noncharacter,
 * reserved by Unicode for uses like this one, so real text almost never needs the second rule; text without
 * either character is stored as it is.
 */
final class PostgresText {

    private static final char NUL = '\u0000';
    private static final char ESCAPE = '\uFFFF';
    private static final char ESCAPED_NUL = '0';

    private PostgresText() {
    }

    /** The text as stored; {@code null} stays {@code null}. */
    static String store(String text) {
        if (text == null || (text.indexOf(NUL) < 0 && text.indexOf(ESCAPE) < 0)) {
            return text;
        }
        StringBuilder stored = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == NUL) {
                stored.append(ESCAPE).append(ESCAPED_NUL);
            } else if (c == ESCAPE) {
                stored.append(ESCAPE).append(ESCAPE);
            } else {
                stored.append(c);
            }
        }
        return stored.toString();
    }

    /** The text that {@link #store} made {@code stored} from; {@code null} stays {@code null}. */
    static String load(String stored) {
        if (stored == null || stored.indexOf(ESCAPE) < 0) {
            return stored;
        }
        StringBuilder text = new StringBuilder(stored.length());
        for (int i = 0; i < stored.length(); i++) {
            char c = stored.charAt(i);
            if (c != ESCAPE) {
                text.append(c);
                continue;
            }
            char next = i + 1 < stored.length() ? stored.charAt(++i) : NUL;
            if (next == ESCAPED_NUL) {
                text.append(NUL);
            } else if (next == ESCAPE) {
                text.append(ESCAPE);
            } else {
                throw new StorageException("stored text has a U+FFFF that escapes nothing at index " + i);
            }
        }
        return text.toString();
    }
}
