package org.prismq.runner.bootstrap;

/** One line per log record on stderr, unless the user configured logging already. */
final class LogFormat {

    private static final String FORMAT_PROPERTY = "java.util.logging.SimpleFormatter.format";

    private LogFormat() {
    }

    static void install() {
        if (System.getProperty(FORMAT_PROPERTY) == null && System.getProperty("java.util.logging.config.file") == null) {
            System.setProperty(FORMAT_PROPERTY, "%1$tY-%1$tm-%1$tdT%1$tH:%1$tM:%1$tS.%1$tL %4$s %3$s: %5$s%6$s%n");
        }
    }
}
