package org.prismq.runner.adapters.persistence.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.prismq.runner.domain.catalog.ModuleDefinition;

/** Scripts outside the scripts root: refused by default, naming the module and where its script leads. */
class ScriptsOutsideRootTest {

    private static final Path PRISMQ_CATALOG = Path.of("src", "test", "resources", "catalog", "prismq-modules.json");

    @TempDir
    Path folder;

    private Path root;
    private Path elsewhere;

    @BeforeEach
    void folders() throws IOException {
        root = Files.createDirectories(folder.resolve("root"));
        elsewhere = Files.createDirectories(folder.resolve("elsewhere"));
        Files.writeString(root.resolve("inside.py"), "print('inside')\n");
        Files.writeString(elsewhere.resolve("outside.py"), "print('outside')\n");
    }

    private Path catalog(String scriptPath) throws IOException {
        return Files.writeString(root.resolve("modules.json"), """
                {"modules": [{"id": "ok", "name": "Ok", "script_path": "inside.py"},
                             {"id": "stray", "name": "Stray", "script_path": %s}]}
                """.formatted(quoted(scriptPath)));
    }

    private static String quoted(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private CatalogException refused(String scriptPath) throws IOException {
        Path catalog = catalog(scriptPath);
        return assertThrows(CatalogException.class, () -> JsonModuleCatalog.load(catalog, null));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"../../../../../../../../usr/bin/env", "../elsewhere/outside.py", "sub/../../x.py"})
    void aRelativePathClimbingOutOfTheRootIsRefusedNamingTheModule(String scriptPath) throws IOException {
        CatalogException refused = refused(scriptPath);

        assertTrue(refused.getMessage().contains("module 'stray': script_path '" + scriptPath + "' leads to "),
                refused.getMessage());
        assertTrue(refused.getMessage().contains("outside the scripts root " + root.toAbsolutePath().normalize()),
                refused.getMessage());
        assertTrue(refused.getMessage().contains("--allow-scripts-outside-root"), refused.getMessage());
    }

    @Test
    void anAbsolutePathElsewhereIsRefused() throws IOException {
        Path id = elsewhere.resolve("outside.py").toAbsolutePath();

        CatalogException refused = refused(id.toString());

        assertTrue(refused.getMessage().contains("module 'stray': script_path '" + id + "' leads to " + id),
                refused.getMessage());
    }

    @Test
    void anAbsolutePathInsideTheRootIsAccepted() throws IOException {
        Path inside = root.resolve("inside.py").toAbsolutePath();

        ModuleDefinition module = JsonModuleCatalog.load(catalog(inside.toString()), null).modules().getLast();

        assertEquals(inside.normalize(), module.script());
    }

    @Test
    void aLinkLeadingOutOfTheRootIsRefused() throws IOException {
        assumeTrue(link(root.resolve("link.py"), elsewhere.resolve("outside.py")), "links cannot be made here");

        CatalogException refused = refused("link.py");

        assertTrue(refused.getMessage().contains("script_path 'link.py' leads through a link to "
                + elsewhere.toRealPath().resolve("outside.py")), refused.getMessage());
    }

    @Test
    void aScriptInALinkedFolderOutsideTheRootIsRefusedEvenBeforeTheScriptExists() throws IOException {
        assumeTrue(link(root.resolve("linked"), elsewhere), "links cannot be made here");

        CatalogException refused = refused("linked/not_yet_written.py");

        assertTrue(refused.getMessage().contains("leads through a link to "
                + elsewhere.toRealPath().resolve("not_yet_written.py")), refused.getMessage());
    }

    @Test
    void aLinkThatLeadsNowhereIsRefused() throws IOException {
        assumeTrue(link(root.resolve("dangling.py"), folder.resolve("gone.py")), "links cannot be made here");

        CatalogException refused = refused("dangling.py");

        assertTrue(refused.getMessage().contains("a link that cannot be followed"), refused.getMessage());
    }

    @Test
    void aLinkInsideTheRootToAnotherFileInsideIsAccepted() throws IOException {
        assumeTrue(link(root.resolve("alias.py"), root.resolve("inside.py")), "links cannot be made here");

        ModuleDefinition module = JsonModuleCatalog.load(catalog("alias.py"), null).modules().getLast();

        assertEquals(root.toAbsolutePath().normalize().resolve("alias.py"), module.script());
    }

    @Test
    void aRootReachedThroughALinkHoldsItsScripts() throws IOException {
        Path linkedRoot = folder.resolve("linked-root");
        assumeTrue(link(linkedRoot, root), "links cannot be made here");
        Path catalog = catalog("inside.py");

        ModuleDefinition module = JsonModuleCatalog.load(catalog, linkedRoot).modules().getLast();

        assertEquals(linkedRoot.toAbsolutePath().resolve("inside.py"), module.script());
    }

    @Test
    void aScriptThatDoesNotExistYetInsideTheRootIsAccepted() throws IOException {
        ModuleDefinition module = JsonModuleCatalog.load(catalog("later/run.py"), null).modules().getLast();

        assertEquals(root.toAbsolutePath().normalize().resolve(Path.of("later", "run.py")), module.script());
    }

    @Test
    void withTheOptionAnyPathIsTakenAsItIs() throws IOException {
        Path catalog = catalog("../elsewhere/outside.py");

        ModuleDefinition module = JsonModuleCatalog.load(catalog, null, ScriptsOutsideRoot.ALLOWED).modules()
                .getLast();

        assertEquals(elsewhere.toAbsolutePath().normalize().resolve("outside.py"), module.script());
    }

    @Test
    void prismqsOwnLayoutNeedsTheOptionAndTheRefusalSaysWhichModuleAndWhy() {
        Path backend = folder.resolve("Client").resolve("Backend");

        CatalogException refused = assertThrows(CatalogException.class,
                () -> JsonModuleCatalog.load(PRISMQ_CATALOG, backend));

        assertTrue(refused.getMessage().contains("module 'classification': script_path "
                + "'../../Classification/src/cli.py' leads to " + folder.resolve("Classification").resolve("src")
                .resolve("cli.py").toAbsolutePath().normalize()), refused.getMessage());
        assertEquals(40, JsonModuleCatalog.load(PRISMQ_CATALOG, backend, ScriptsOutsideRoot.ALLOWED).modules()
                .size());
    }

    @Test
    void anEditThatAddsAStrayScriptIsRefusedAndTheLastGoodCatalogKept() throws IOException {
        Path catalog = Files.writeString(root.resolve("modules.json"), """
                {"modules": [{"id": "ok", "name": "Ok", "script_path": "inside.py"}]}
                """);
        JsonModuleCatalog loaded = JsonModuleCatalog.load(catalog, null);
        catalog("/usr/bin/id");

        ReloadResult result = loaded.reload();

        assertTrue(result.error().contains("module 'stray': script_path '/usr/bin/id' leads to "), result.error());
        assertEquals(1, loaded.modules().size());
    }

    private static boolean link(Path link, Path target) {
        try {
            Files.createSymbolicLink(link, target.toAbsolutePath());
            return true;
        } catch (IOException | UnsupportedOperationException unavailable) {
            return false;
        }
    }
}
