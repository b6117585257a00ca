package org.prismq.runner.adapters.process;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.prismq.runner.application.port.out.LaunchFailedException;
import org.prismq.runner.application.port.out.LaunchSpec;

/**
 * Turns a {@link LaunchSpec} into the argv to start: the spec's {@code command}, or an interpreter chosen by the
 * script's extension, then the script and the arguments. Programs are resolved to absolute paths on the
 * {@code PATH} the process will see, so that the program started is the one checked. Thread-safe.
 */
final class CommandResolver {

    /** Characters that {@code cmd.exe} interprets even inside quotes, so no quoting makes them literal. */
    private static final String BATCH_UNSAFE = "\"%!^&|<>\r\n";

    private final ExecutableFinder finder;
    private final boolean windows;

    CommandResolver(ExecutableFinder finder, boolean windows) {
        this.finder = finder;
        this.windows = windows;
    }

    /**
     * @param environment the process's full environment, which supplies {@code PATH} (and {@code PATHEXT})
     * @throws LaunchFailedException when the interpreter is missing, or on Windows when an argument cannot pass
     *                               through a batch file literally
     */
    List<String> argv(LaunchSpec spec, Map<String, String> environment) {
        Path script = spec.script().toAbsolutePath();
        List<String> argv = new ArrayList<>();
        if (spec.command().isEmpty()) {
            argv.addAll(interpreterFor(script, environment));
        } else {
            argv.add(program(spec.command().getFirst(), spec.workingDirectory(), environment));
            argv.addAll(spec.command().subList(1, spec.command().size()));
        }
        argv.add(script.toString());
        argv.addAll(spec.arguments());
        if (windows) {
            Stream.of(argv.getFirst(), script.toString())
                    .filter(CommandResolver::isBatch)
                    .findFirst()
                    .ifPresent(batch -> requireBatchSafe(batch, spec.arguments()));
        }
        return argv;
    }

    private List<String> interpreterFor(Path script, Map<String, String> environment) {
        String name = script.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".py")) {
            return python(environment);
        }
        if (name.endsWith(".sh")) {
            return List.of(firstOnPath(environment, "no shell found on PATH (tried bash, sh)", "bash", "sh"));
        }
        if (name.endsWith(".js")) {
            return List.of(firstOnPath(environment, "interpreter not found: node", "node"));
        }
        if (name.endsWith(".ps1")) {
            return powershell(environment);
        }
        return List.of();
    }

    private List<String> python(Map<String, String> environment) {
        if (windows) {
            Optional<Path> launcher = find("py", environment);
            if (launcher.isPresent()) {
                return List.of(launcher.get().toString(), "-3");
            }
            return List.of(firstOnPath(environment, "no Python interpreter found on PATH (tried py, python)",
                    "python"));
        }
        return List.of(firstOnPath(environment, "no Python interpreter found on PATH (tried python3, python)",
                "python3", "python"));
    }

    private List<String> powershell(Map<String, String> environment) {
        if (windows) {
            String shell = firstOnPath(environment, "no PowerShell found on PATH (tried powershell, pwsh)",
                    "powershell", "pwsh");
            return List.of(shell, "-NoProfile", "-NonInteractive", "-ExecutionPolicy", "Bypass", "-File");
        }
        return List.of(firstOnPath(environment, "interpreter not found: pwsh", "pwsh"),
                "-NoProfile", "-NonInteractive", "-File");
    }

    private String firstOnPath(Map<String, String> environment, String failure, String... names) {
        for (String name : names) {
            Optional<Path> found = find(name, environment);
            if (found.isPresent()) {
                return found.get().toString();
            }
        }
        throw new LaunchFailedException(failure);
    }

    /** A program named with a directory is taken relative to the working directory, as the process would. */
    private String program(String name, Path workingDirectory, Map<String, String> environment) {
        boolean hasDirectory = name.contains("/") || (windows && (name.contains("\\") || name.contains(":")));
        Optional<Path> found = hasDirectory ? existing(workingDirectory, name) : find(name, environment);
        return found.map(Path::toString).orElseThrow(() -> new LaunchFailedException("interpreter not found: " + name));
    }

    private Optional<Path> existing(Path workingDirectory, String name) {
        try {
            Path file = workingDirectory.resolve(name).toAbsolutePath().normalize();
            return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
    }

    private Optional<Path> find(String name, Map<String, String> environment) {
        return finder.find(name, environment.get("PATH"), environment.get("PATHEXT"));
    }

    private static boolean isBatch(String file) {
        String lower = file.toLowerCase(Locale.ROOT);
        return lower.endsWith(".bat") || lower.endsWith(".cmd");
    }

    /**
     * Windows runs a {@code .bat} or {@code .cmd} file through {@code cmd.exe}, which expands {@code %VAR%} and
     * obeys {@code &}, {@code |} and the like whatever the quoting: refusing such arguments is the only way to keep
     * the promise that arguments arrive literally.
     */
    private static void requireBatchSafe(String batch, List<String> arguments) {
        for (int i = 0; i < arguments.size(); i++) {
            String argument = arguments.get(i);
            for (char c : argument.toCharArray()) {
                if (BATCH_UNSAFE.indexOf(c) >= 0) {
                    throw new LaunchFailedException("cannot pass argument " + (i + 1) + " literally to batch file "
                            + batch + ": it contains " + describe(c));
                }
            }
        }
    }

    private static String describe(char c) {
        return switch (c) {
            case '\r' -> "a carriage return";
            case '\n' -> "a line break";
            default -> "'" + c + "'";
        };
    }
}
