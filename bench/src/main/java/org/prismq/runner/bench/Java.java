package org.prismq.runner.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/** The JDK the benchmark runs on, which also runs the service and the generator. */
final class Java {

    private Java() {
    }

    /** The {@code java} launcher of this JVM. */
    static String command() {
        String launcher = sibling("java");
        return launcher != null ? launcher : "java";
    }

    /** A tool of this JDK's {@code bin} folder ({@code jcmd}, {@code jfr}), or {@code null} when it has none. */
    static String sibling(String tool) {
        Path bin = Path.of(System.getProperty("java.home"), "bin");
        for (String name : new String[] {tool, tool + ".exe"}) {
            Path candidate = bin.resolve(name);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return null;
    }
}
