package org.prismq.runner.bench;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The benchmark's module catalog: three modules, each the {@link Generator} in one mode, run by {@code java} from
 * this jar. The same command line, with the output sent to a file or read directly, is each baseline.
 */
final class Catalog {

    static final String FLOOD = "bench-flood";
    static final String TICKER = "bench-ticker";
    static final String IDLE = "bench-idle";

    /** Small and quick to start: the generator's loops are simple and it holds nothing. */
    private static final List<String> GENERATOR_JVM = List.of("-Xmx64m", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1", "-Xshare:auto");

    private Catalog() {
    }

    /** The jar (or classes folder) this benchmark runs from: the generators' class path. */
    static Path codeSource() {
        try {
            return Path.of(Catalog.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the benchmark's classes", e);
        }
    }

    /** The generator's command line in {@code mode}, without its parameters. */
    static List<String> generatorCommand(String mode) {
        List<String> command = new ArrayList<>();
        command.add(Java.command());
        command.addAll(GENERATOR_JVM);
        command.addAll(List.of("-cp", codeSource().toString(), Generator.class.getName(), "--mode", mode));
        return command;
    }

    /** Writes {@code modules.json} into {@code folder} and returns it. */
    static Path write(Path folder) throws IOException {
        Files.createDirectories(folder);
        String modules = String.join(",\n",
                module(FLOOD, "flood", "Prints log-like lines as fast as it can.",
                        number("lines", 1_000_000)),
                module(TICKER, "ticker", "Prints timestamped lines at a steady pace once a start file exists.",
                        number("lines", 10_000) + ", " + number("interval_us", 1_000) + ", "
                                + text("start_file") + ", " + number("linger_ms", 0)),
                module(IDLE, "idle", "Prints one line, then waits for a file to exist.", text("start_file")));
        Path file = folder.resolve("modules.json");
        Files.writeString(file, "{\"modules\": [\n" + modules + "\n]}\n");
        return file;
    }

    private static String module(String id, String mode, String description, String parameters) {
        // The command ends with the mode; the service appends the script (this jar, ignored) and the parameters.
        String command = generatorCommand(mode).stream().map(Json::string).collect(Collectors.joining(", "));
        return "{\"id\": " + Json.string(id) + ", \"name\": " + Json.string("Bench " + mode)
                + ", \"description\": " + Json.string(description) + ", \"category\": \"Bench\", \"version\": \"1.0.0\""
                + ", \"script_path\": " + Json.string(codeSource().toString())
                + ", \"command\": [" + command + "]"
                + ", \"parameters\": [" + parameters + "]"
                + ", \"tags\": [\"bench\"], \"status\": \"active\", \"enabled\": true}";
    }

    private static String number(String name, long defaultValue) {
        return "{\"name\": " + Json.string(name) + ", \"type\": \"number\", \"default\": " + defaultValue
                + ", \"min\": 0, \"max\": 10000000000, \"required\": false}";
    }

    private static String text(String name) {
        return "{\"name\": " + Json.string(name) + ", \"type\": \"text\", \"required\": true}";
    }
}
