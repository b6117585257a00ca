package org.prismq.runner.adapters.process;

import java.util.Locale;

/** The operating system the service runs on, where process handling differs. */
final class Platform {

    private static final String OS_NAME = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);

    static final boolean WINDOWS = OS_NAME.startsWith("windows");
    static final boolean LINUX = OS_NAME.startsWith("linux");

    private Platform() {
    }
}
