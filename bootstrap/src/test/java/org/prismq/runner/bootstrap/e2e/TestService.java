package org.prismq.runner.bootstrap.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.prismq.runner.bootstrap.Config;
import org.prismq.runner.bootstrap.Service;

/** The real service, started in this JVM on a free port, on a data dir and catalog of a test's own. */
final class TestService implements AutoCloseable {

    private static final List<String> E2E_FILES = List.of("modules.json", "numbered.py", "edge_output.py",
            "silent.py", "stubborn_tree.sh", "graceful.py", "sleeper.sh", "concurrency.py", "node_probe.py",
            "argv_echo.py", "progress_bar.py");

    /** The test machine is busy running tests: its CPU load says nothing about whether a launch may proceed. */
    private static final String UNLIMITED_CPU = "100";

    private final Service service;
    private final Api api;

    private TestService(List<String> args) {
        this.service = Service.start(Config.parse(args, name -> null));
        this.api = new Api(service.url());
    }

    /** The service on the e2e test catalog, copied into {@code folder}, with extra options. */
    static TestService withTestModules(Path folder, String... options) {
        Path catalog = installTestModules(folder.resolve("modules"));
        List<String> args = new ArrayList<>(List.of("--port", "0", "--data-dir", folder.resolve("data").toString(),
                "--modules", catalog.toString(), "--max-cpu-percent", UNLIMITED_CPU));
        args.addAll(List.of(options));
        return new TestService(args);
    }

    /** The service on its defaults (the bundled demo catalog unless {@code options} say otherwise). */
    static TestService withDefaults(Path dataDir, String... options) {
        List<String> args = new ArrayList<>(List.of("--port", "0", "--data-dir", dataDir.toString(),
                "--max-cpu-percent", UNLIMITED_CPU));
        args.addAll(List.of(options));
        return new TestService(args);
    }

    static Path installTestModules(Path folder) {
        try {
            Files.createDirectories(folder);
            for (String file : E2E_FILES) {
                try (InputStream in = TestService.class.getResourceAsStream("/e2e/" + file)) {
                    Path target = folder.resolve(file);
                    Files.copy(in, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    if (file.endsWith(".sh")) {
                        target.toFile().setExecutable(true);
                    }
                }
            }
            return folder.resolve("modules.json");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Api api() {
        return api;
    }

    <T> T with(Function<Api, T> use) {
        return use.apply(api);
    }

    @Override
    public void close() {
        service.close();
    }
}
