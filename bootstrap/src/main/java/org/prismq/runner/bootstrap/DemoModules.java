package org.prismq.runner.bootstrap;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * The demo catalog bundled in the jar. Scripts must exist as files to run, so they are copied into the data
 * directory at start-up (again each time, so a newer jar brings newer demos).
 */
final class DemoModules {

    private static final String RESOURCE_FOLDER = "/demo/";
    private static final List<String> FILES = List.of("modules.json", "hello_stream.py", "failing_task.py",
            "long_task.py", "output_flood.py", "parameter_showcase.py");

    private DemoModules() {
    }

    /** Copies the demo catalog and its scripts into {@code dataDir/demo-modules}; returns the catalog file. */
    static Path install(Path dataDir) {
        Path folder = dataDir.resolve("demo-modules");
        try {
            Files.createDirectories(folder);
            for (String file : FILES) {
                try (InputStream in = DemoModules.class.getResourceAsStream(RESOURCE_FOLDER + file)) {
                    if (in == null) {
                        throw new IllegalStateException("the jar lacks its demo file " + file);
                    }
                    Files.copy(in, folder.resolve(file), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException failure) {
            throw new UncheckedIOException("cannot install the demo modules into " + folder, failure);
        }
        return folder.resolve("modules.json");
    }
}
