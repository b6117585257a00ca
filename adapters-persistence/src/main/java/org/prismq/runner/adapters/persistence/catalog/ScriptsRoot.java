package org.prismq.runner.adapters.persistence.catalog;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * The folder that relative paths of the catalog resolve against, and the rule of {@link ScriptsOutsideRoot} for
 * scripts. A script is inside when its path, normalized, is under the folder, and, when it exists (or as much of
 * its path as exists), its real path, with every link followed, is under the folder's real path. Immutable.
 */
final class ScriptsRoot {

    private static final String HINT = " (start the service with --allow-scripts-outside-root to allow that)";

    private final Path folder;
    private final ScriptsOutsideRoot outside;

    /** @param folder an absolute, normalized folder */
    ScriptsRoot(Path folder, ScriptsOutsideRoot outside) {
        this.folder = folder;
        this.outside = outside;
    }

    /** {@code path} resolved against the folder and normalized; an absolute one is kept. */
    Path resolve(String path) {
        return folder.resolve(path).toAbsolutePath().normalize();
    }

    /**
     * Why {@code script} may not be run, or {@code null} when it may.
     *
     * @param script a path that {@link #resolve} returned
     */
    String refusal(Path script) {
        if (outside == ScriptsOutsideRoot.ALLOWED) {
            return null;
        }
        if (!script.startsWith(folder)) {
            return "leads to " + script + ", outside the scripts root " + folder + HINT;
        }
        Path real = realPath(script);
        if (real == null) {
            return "leads through a link that cannot be followed, so it may lead outside the scripts root " + folder
                    + HINT;
        }
        Path realFolder = realPath(folder);
        if (realFolder != null && !real.startsWith(realFolder)) {
            return "leads through a link to " + real + ", outside the scripts root " + folder + HINT;
        }
        return null;
    }

    /**
     * The real path of the longest part of {@code path} that exists, followed by the rest as written; {@code null}
     * when that part is a link that cannot be followed (it points nowhere, or in a circle).
     */
    private static Path realPath(Path path) {
        Path existing = path;
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return path;
        }
        try {
            return existing.toRealPath().resolve(existing.relativize(path));
        } catch (IOException unresolvable) {
            // An unreadable folder hides nothing that could run; a link that cannot be followed might, later.
            return Files.isSymbolicLink(existing) ? null : path;
        }
    }
}
