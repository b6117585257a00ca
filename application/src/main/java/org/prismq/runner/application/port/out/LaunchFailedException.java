package org.prismq.runner.application.port.out;

/**
 * A process could not be started. The message is for people: it says what is missing or refused and names the
 * path or program concerned, e.g. {@code script not found: /srv/modules/x.py}.
 */
public final class LaunchFailedException extends RuntimeException {

    public LaunchFailedException(String message) {
        super(message);
    }

    public LaunchFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
