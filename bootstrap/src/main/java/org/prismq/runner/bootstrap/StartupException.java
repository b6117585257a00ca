package org.prismq.runner.bootstrap;

/** The service cannot start; the message says why, for the person who started it (no stack trace needed). */
final class StartupException extends RuntimeException {

    StartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
