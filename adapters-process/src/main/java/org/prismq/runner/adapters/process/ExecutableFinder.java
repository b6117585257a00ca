package org.prismq.runner.adapters.process;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds programs on a {@code PATH}, as a shell would, so that a missing interpreter is reported by name before
 * anything is started. On Windows every extension of {@code PATHEXT} is tried and any regular file counts; elsewhere
 * the file must be executable. The current directory is never searched.
 *
 * <p>Hits are cached per {@code PATH} and name, and checked again before use, so an interpreter installed or
 * removed while the service runs is noticed. Thread-safe.
 */
final class ExecutableFinder {

    private static final String DEFAULT_PATHEXT = ".COM;.EXE;.BAT;.CMD";

    private final boolean windows;
    private final Map<String, Path> cache = new ConcurrentHashMap<>();

    ExecutableFinder(boolean windows) {
        this.windows = windows;
    }

    /**
     * Looks {@code name} up on {@code path} (a {@code PATH} value, may be null).
     *
     * @param pathext the {@code PATHEXT} value on Windows, may be null; ignored elsewhere
     */
    Optional<Path> find(String name, String path, String pathext) {
        String key = path + '\u0000' + pathext + '\u0000' + name;
        Path cached = cache.get(key);
        if (cached != null && isProgram(cached)) {
            return Optional.of(cached);
        }
        Optional<Path> found = search(name, path, pathext);
        found.ifPresentOrElse(hit -> cache.put(key, hit), () -> cache.remove(key));
        return found;
    }

    /** Whether {@code file} can be run as a program: a regular file, executable outside Windows. */
    boolean isProgram(Path file) {
        return Files.isRegularFile(file) && (windows || Files.isExecutable(file));
    }

    private Optional<Path> search(String name, String path, String pathext) {
        if (path == null || path.isEmpty()) {
            return Optional.empty();
        }
        List<String> candidates = candidateNames(name, pathext);
        for (String directory : path.split(windows ? ";" : ":")) {
            if (directory.isBlank()) {
                continue;
            }
            for (String candidate : candidates) {
                Optional<Path> file = resolve(stripQuotes(directory), candidate);
                if (file.isPresent() && isProgram(file.get())) {
                    return file;
                }
            }
        }
        return Optional.empty();
    }

    private List<String> candidateNames(String name, String pathext) {
        if (!windows) {
            return List.of(name);
        }
        String extensions = pathext == null || pathext.isBlank() ? DEFAULT_PATHEXT : pathext;
        List<String> names = new ArrayList<>();
        String lowerName = name.toLowerCase(Locale.ROOT);
        for (String extension : extensions.split(";")) {
            if (extension.isBlank()) {
                continue;
            }
            if (lowerName.endsWith(extension.toLowerCase(Locale.ROOT))) {
                names.addFirst(name);
            } else {
                names.add(name + extension);
            }
        }
        return names;
    }

    /** Windows allows quoted {@code PATH} entries, e.g. for directories containing {@code ;}. */
    private String stripQuotes(String directory) {
        if (windows && directory.length() >= 2 && directory.startsWith("\"") && directory.endsWith("\"")) {
            return directory.substring(1, directory.length() - 1);
        }
        return directory;
    }

    private static Optional<Path> resolve(String directory, String name) {
        try {
            return Optional.of(Path.of(directory, name).toAbsolutePath());
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
    }
}
