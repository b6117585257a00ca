package org.prismq.runner.application.port.out;

import java.util.Objects;

import org.prismq.runner.domain.IdCharacters;

/**
 * The name of one service node among those that share a database: it marks the runs the node has claimed.
 * Letters, digits, {@code .}, {@code _} and {@code -}, at most 64 characters.
 */
public record NodeId(String value) {

    /** What a node id is made of, in words, for messages. */
    public static final String FORM = "1 to 64 letters, digits, '.', '_' or '-'";

    private static final int MAX_LENGTH = 64;

    public NodeId {
        Objects.requireNonNull(value, "value");
        if (!IdCharacters.fit(value, MAX_LENGTH)) {
            throw new IllegalArgumentException("a node id is " + FORM + ", was '" + value + "'");
        }
    }

    /** {@code text} with each character that a node id may not hold replaced by {@code -}; its length is kept. */
    public static String fitting(String text) {
        return IdCharacters.fitting(text);
    }

    @Override
    public String toString() {
        return value;
    }
}
