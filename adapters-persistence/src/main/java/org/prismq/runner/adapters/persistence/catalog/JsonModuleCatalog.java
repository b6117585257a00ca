package org.prismq.runner.adapters.persistence.catalog;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.prismq.runner.application.port.out.ModuleCatalog;
import org.prismq.runner.domain.catalog.ModuleDefinition;
import org.prismq.runner.domain.catalog.ModuleId;

/**
 * The module catalog read from a JSON file in the format of PrismQ's {@code configs/modules.json}: an object
 * with a {@code modules} array (a bare array is accepted too). Each module has {@code id}, {@code name},
 * {@code script_path}, optional {@code description}, {@code category}, {@code version}, {@code parameters},
 * {@code tags}, {@code status} ({@code active} by default), {@code enabled} ({@code true} by default), and the
 * optional extensions {@code command}, {@code timeout_seconds}, {@code env} and {@code working_dir}. Unknown
 * fields are ignored, so a newer catalog still loads.
 *
 * <p>A relative {@code script_path} or {@code working_dir} is resolved against the scripts root and normalized;
 * an absolute one is kept. A script must lie inside the scripts root, as written and with links followed, unless
 * {@link ScriptsOutsideRoot#ALLOWED}: a module whose script does not makes the catalog invalid, like any other
 * error in it. This is checked whenever the catalog is read, not at each launch. A {@code working_dir} may lie
 * anywhere. A run's working directory is the module's {@code working_dir}, else the script's folder. Forward
 * slashes work on every platform; on Windows a path such as {@code /scripts/x.py} has no drive and is therefore
 * relative, resolved to the scripts root's drive, while on Linux and macOS {@code C:\x.py} is a relative file
 * name.
 *
 * <p>Thread-safety: {@link #modules()} and {@link #find(ModuleId)} read an immutable snapshot without locking
 * and may run during a reload; {@link #reload()} and {@link #reloadIfChanged()} replace the snapshot atomically
 * and are serialized. A caller that holds a {@link ModuleDefinition} (a run in flight) keeps it unchanged.
 */
public final class JsonModuleCatalog implements ModuleCatalog {

    private static final System.Logger LOG = System.getLogger(JsonModuleCatalog.class.getName());

    private final Path catalogFile;
    private final CatalogParser parser;
    private final AtomicReference<Snapshot> current;
    /** Guarded by {@code this}: only the reload methods, which are synchronized, use it. */
    private FileStamp lastRead;

    private JsonModuleCatalog(Path catalogFile, CatalogParser parser, Snapshot snapshot, FileStamp stamp) {
        this.catalogFile = catalogFile;
        this.parser = parser;
        this.current = new AtomicReference<>(snapshot);
        this.lastRead = stamp;
    }

    /**
     * Reads a catalog file whose scripts must all lie inside the scripts root.
     *
     * @see #load(Path, Path, ScriptsOutsideRoot)
     */
    public static JsonModuleCatalog load(Path catalogFile, Path scriptsRoot) {
        return load(catalogFile, scriptsRoot, ScriptsOutsideRoot.REFUSED);
    }

    /**
     * Reads a catalog file.
     *
     * @param catalogFile the JSON file; messages name it as given here
     * @param scriptsRoot the folder relative paths of the catalog resolve against, or {@code null} for the
     *                    catalog file's folder
     * @param outside     whether a script may lie outside the scripts root
     * @throws CatalogException when the file cannot be read or is not a valid catalog
     */
    public static JsonModuleCatalog load(Path catalogFile, Path scriptsRoot, ScriptsOutsideRoot outside) {
        Objects.requireNonNull(catalogFile, "catalogFile");
        Objects.requireNonNull(outside, "outside");
        Path absolute = catalogFile.toAbsolutePath();
        Path root = scriptsRoot != null ? scriptsRoot : Objects.requireNonNullElse(absolute.getParent(), absolute);
        CatalogParser parser = new CatalogParser(catalogFile.toString(),
                new ScriptsRoot(root.toAbsolutePath().normalize(), outside));
        FileStamp stamp = FileStamp.of(catalogFile);
        Snapshot snapshot = new Snapshot(parser.parse(read(catalogFile)));
        return new JsonModuleCatalog(catalogFile, parser, snapshot, stamp);
    }

    @Override
    public List<ModuleDefinition> modules() {
        return current.get().modules();
    }

    @Override
    public Optional<ModuleDefinition> find(ModuleId id) {
        Objects.requireNonNull(id, "id");
        return Optional.ofNullable(current.get().byId().get(id));
    }

    /**
     * Reads the file again. A valid catalog replaces the current one; an invalid one is refused, logged as a
     * warning, and the last good catalog is kept.
     */
    public synchronized ReloadResult reload() {
        return reloadFrom(FileStamp.of(catalogFile));
    }

    /**
     * Like {@link #reload()}, but only when the file's modification time or size differs from the last read
     * (a missing file counts as a difference once), so it is cheap to call every few seconds. A refused edit is
     * reported and logged once, not at every call. An edit that keeps both the size and the modification time
     * (possible on file systems with a coarse clock) goes unnoticed until the next one; {@link #reload()} always
     * reads.
     *
     * @return {@code changed == false} and no error when the file was not read
     */
    public synchronized ReloadResult reloadIfChanged() {
        FileStamp stamp = FileStamp.of(catalogFile);
        if (stamp.equals(lastRead)) {
            return new ReloadResult(false, null, modules().size());
        }
        return reloadFrom(stamp);
    }

    private ReloadResult reloadFrom(FileStamp stamp) {
        // Taken before reading: an edit racing with this read leaves a newer stamp, so the next check reads again.
        lastRead = stamp;
        Snapshot previous = current.get();
        List<ModuleDefinition> modules;
        try {
            modules = parser.parse(read(catalogFile));
        } catch (CatalogException refused) {
            LOG.log(Level.WARNING, "Module catalog not reloaded, keeping the last good one ({0} modules): {1}",
                    previous.modules().size(), refused.getMessage());
            return new ReloadResult(false, refused.getMessage(), previous.modules().size());
        }
        if (modules.equals(previous.modules())) {
            return new ReloadResult(false, null, modules.size());
        }
        current.set(new Snapshot(modules));
        LOG.log(Level.INFO, "Module catalog {0} reloaded: {1} modules", catalogFile, modules.size());
        return new ReloadResult(true, null, modules.size());
    }

    private static byte[] read(Path catalogFile) {
        try {
            return Files.readAllBytes(catalogFile);
        } catch (IOException unreadable) {
            throw new CatalogException(catalogFile + ": cannot read the catalog: " + reason(unreadable),
                    unreadable);
        }
    }

    private static String reason(IOException exception) {
        if (exception instanceof NoSuchFileException) {
            return "no such file";
        }
        if (exception instanceof AccessDeniedException) {
            return "access denied";
        }
        if (exception instanceof FileSystemException fileSystem && fileSystem.getReason() != null) {
            return fileSystem.getReason();
        }
        return exception.getMessage() != null ? exception.getMessage() : exception.getClass().getSimpleName();
    }

    /** One immutable version of the catalog. */
    private record Snapshot(List<ModuleDefinition> modules, Map<ModuleId, ModuleDefinition> byId) {

        Snapshot(List<ModuleDefinition> modules) {
            this(modules, index(modules));
        }

        private static Map<ModuleId, ModuleDefinition> index(List<ModuleDefinition> modules) {
            return modules.stream().collect(Collectors.toUnmodifiableMap(ModuleDefinition::id, Function.identity()));
        }
    }
}
