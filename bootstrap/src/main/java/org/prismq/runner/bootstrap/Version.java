package org.prismq.runner.bootstrap;

/** The service's version, from the jar's manifest when run from the jar. */
final class Version {

    private static final String DEVELOPMENT = "0.1.0-dev";

    private Version() {
    }

    static String current() {
        String fromManifest = Version.class.getPackage().getImplementationVersion();
        return fromManifest != null ? fromManifest : DEVELOPMENT;
    }
}
