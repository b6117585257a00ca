package org.prismq.runner.bootstrap;

/** The command line or environment is wrong; the message says how, for the person who started the service. */
final class ConfigException extends RuntimeException {

    ConfigException(String message) {
        super(message);
    }
}
