package org.prismq.runner.adapters.persistence.jdbc;

import java.lang.System.Logger.Level;

import org.flywaydb.core.api.logging.Log;
import org.flywaydb.core.api.logging.LogCreator;

/**
 * Sends Flyway's log to {@link System.Logger}, its routine messages at {@code DEBUG} so that a normal start is
 * quiet. Flyway takes it when no other logging library it knows is on the class path.
 */
public final class FlywayLogBridge implements LogCreator {

    @Override
    public Log createLogger(Class<?> source) {
        System.Logger logger = System.getLogger(source.getName());
        return new Log() {
            @Override
            public void debug(String message) {
                logger.log(Level.DEBUG, message);
            }

            @Override
            public void info(String message) {
                logger.log(Level.DEBUG, message);
            }

            @Override
            public void warn(String message) {
                logger.log(Level.WARNING, message);
            }

            @Override
            public void error(String message) {
                logger.log(Level.ERROR, message);
            }

            @Override
            public void error(String message, Exception cause) {
                logger.log(Level.ERROR, message, cause);
            }

            @Override
            public void notice(String message) {
                logger.log(Level.DEBUG, message);
            }
        };
    }
}
