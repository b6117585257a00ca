package org.prismq.runner.adapters.persistence.sqlite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** The folder of log lines beside a test's database ({@value LogSegments#DIRECTORY}). */
final class LogFolder {

    private LogFolder() {
    }

    /** The bytes of every file in the folder of log lines of the database in {@code dataDirectory}. */
    static long bytes(Path dataDirectory) throws IOException {
        try (Stream<Path> files = Files.list(dataDirectory.resolve(LogSegments.DIRECTORY))) {
            long bytes = 0;
            for (Path file : files.toList()) {
                bytes += Files.size(file);
            }
            return bytes;
        }
    }
}
