package org.prismq.runner.application.port.out;

/** The host's free resources, read cheaply enough to ask before every launch. Thread-safe. */
@FunctionalInterface
public interface SystemResources {

    ResourceSnapshot snapshot();
}
