package org.prismq.runner.application.port.in;

/** Where a subscription starts. */
public sealed interface FollowStart {

    /** From the first line. */
    FollowStart BEGINNING = new After(0);

    /** With the line after {@code seq}. */
    record After(long seq) implements FollowStart {
        public After {
            if (seq < 0) {
                throw new IllegalArgumentException("seq must not be negative, was " + seq);
            }
        }
    }

    /** With the last {@code lines} lines stored when the subscription opens. */
    record Tail(int lines) implements FollowStart {
        public Tail {
            if (lines < 0) {
                throw new IllegalArgumentException("lines must not be negative, was " + lines);
            }
        }
    }
}
