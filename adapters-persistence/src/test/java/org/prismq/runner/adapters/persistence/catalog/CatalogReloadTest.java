package org.prismq.runner.adapters.persistence.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.prismq.runner.adapters.persistence.catalog.JsonModuleCatalogTest.ids;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.prismq.runner.domain.catalog.ModuleDefinition;
import org.prismq.runner.domain.catalog.ModuleId;

class CatalogReloadTest {

    private static final String ONE_MODULE = """
            {"modules": [{"id": "alpha", "name": "Alpha", "script_path": "alpha.py"}]}
            """;
    private static final String TWO_MODULES = """
            {"modules": [{"id": "alpha", "name": "Alpha v2", "script_path": "alpha.py"},
                         {"id": "beta", "name": "Beta", "script_path": "beta.py"}]}
            """;

    @TempDir
    Path folder;

    private Path file;
    private JsonModuleCatalog catalog;

    @BeforeEach
    void loadOneModule() throws IOException {
        file = Files.writeString(folder.resolve("modules.json"), ONE_MODULE);
        catalog = JsonModuleCatalog.load(file, null);
    }

    /** Writes {@code content} and moves the modification time on, whatever the file system's clock resolution. */
    private void edit(String content) throws IOException {
        FileTime before = Files.getLastModifiedTime(file);
        Files.writeString(file, content);
        Files.setLastModifiedTime(file, FileTime.fromMillis(before.toMillis() + 5_000));
    }

    @Test
    void aGoodEditIsPickedUpWhileDefinitionsAlreadyHandedOutStayAsTheyWere() throws IOException {
        ModuleDefinition inFlight = catalog.find(new ModuleId("alpha")).orElseThrow();

        edit(TWO_MODULES);
        ReloadResult result = catalog.reloadIfChanged();

        assertEquals(new ReloadResult(true, null, 2), result);
        assertEquals(List.of("alpha", "beta"), ids(catalog));
        assertEquals("Alpha v2", catalog.find(new ModuleId("alpha")).orElseThrow().name());
        assertEquals("Alpha", inFlight.name());
    }

    @Test
    void aBrokenEditKeepsTheLastGoodCatalogAndSaysWhy() throws IOException {
        List<ModuleDefinition> good = catalog.modules();

        edit("{\"modules\": [{\"id\": \"alpha\", \"name\": \"Alpha\"}]}");
        ReloadResult result = catalog.reloadIfChanged();

        assertFalse(result.changed());
        assertTrue(result.failed());
        assertEquals(file + ": module 'alpha': script_path is missing", result.error());
        assertEquals(1, result.moduleCount());
        assertSame(good, catalog.modules());
    }

    @Test
    void aBrokenEditIsReportedOnceAndItsFixIsPickedUp() throws IOException {
        edit("{\"modules\": [");
        assertTrue(catalog.reloadIfChanged().failed());

        assertEquals(new ReloadResult(false, null, 1), catalog.reloadIfChanged());

        edit(TWO_MODULES);
        assertEquals(new ReloadResult(true, null, 2), catalog.reloadIfChanged());
    }

    @Test
    void anUnchangedFileIsNotReadAgain() throws IOException {
        FileTime stamp = Files.getLastModifiedTime(file);
        // Same size and time, different content: only a read could notice.
        Files.writeString(file, ONE_MODULE.replace("Alpha", "Omega"));
        Files.setLastModifiedTime(file, stamp);

        assertEquals(new ReloadResult(false, null, 1), catalog.reloadIfChanged());
        assertEquals("Alpha", catalog.modules().getFirst().name());

        assertEquals(new ReloadResult(true, null, 1), catalog.reload());
        assertEquals("Omega", catalog.modules().getFirst().name());
    }

    @Test
    void reReadingTheSameModulesIsNoChange() {
        ReloadResult result = catalog.reload();

        assertEquals(new ReloadResult(false, null, 1), result);
        assertNull(result.error());
    }

    @Test
    void aDeletedFileKeepsTheCatalogUntilItComesBack() throws IOException {
        Files.delete(file);

        ReloadResult gone = catalog.reloadIfChanged();
        assertEquals(new ReloadResult(false, file + ": cannot read the catalog: no such file", 1), gone);
        assertEquals(new ReloadResult(false, null, 1), catalog.reloadIfChanged());

        Files.writeString(file, TWO_MODULES);
        assertEquals(new ReloadResult(true, null, 2), catalog.reloadIfChanged());
    }

    @Test
    void reloadReportsAnErrorEvenWhenTheFileDidNotChange() throws IOException {
        edit("[1]");
        catalog.reloadIfChanged();

        ReloadResult again = catalog.reload();

        assertEquals(new ReloadResult(false, file + ": modules[0]: a module must be an object, got number", 1),
                again);
    }
}
