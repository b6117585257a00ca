package org.prismq.runner.domain.log;

/** A regular expression that needed too many steps on one line: it would run away, so the search gives up. */
public final class SearchTooSlowException extends RuntimeException {

    public SearchTooSlowException(String message) {
        super(message, null, false, false);
    }
}
