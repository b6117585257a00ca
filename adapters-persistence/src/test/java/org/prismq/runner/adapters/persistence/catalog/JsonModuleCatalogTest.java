package org.prismq.runner.adapters.persistence.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.prismq.runner.domain.catalog.ConditionalDisplay;
import org.prismq.runner.domain.catalog.InvalidParametersException;
import org.prismq.runner.domain.catalog.ModuleDefinition;
import org.prismq.runner.domain.catalog.ModuleId;
import org.prismq.runner.domain.catalog.ModuleStatus;
import org.prismq.runner.domain.catalog.ParameterDefinition;
import org.prismq.runner.domain.catalog.ParameterType;
import org.prismq.runner.domain.catalog.ParameterValues;

class JsonModuleCatalogTest {

    private static final Path PRISMQ_CATALOG = Path.of("src", "test", "resources", "catalog", "prismq-modules.json");

    @TempDir
    Path scriptsRoot;

    private JsonModuleCatalog prismq() {
        // PrismQ's scripts lie beside its backend, outside the folder their paths resolve from.
        return JsonModuleCatalog.load(PRISMQ_CATALOG, scriptsRoot, ScriptsOutsideRoot.ALLOWED);
    }

    private ModuleDefinition prismqModule(String id) {
        return prismq().find(new ModuleId(id)).orElseThrow();
    }

    @Test
    void thePrismqCatalogLoadsAllFortyModulesWithUniqueIdsInFileOrder() {
        List<ModuleDefinition> modules = prismq().modules();

        assertEquals(40, modules.size());
        Set<ModuleId> ids = new HashSet<>();
        modules.forEach(module -> assertTrue(ids.add(module.id()), "duplicate " + module.id()));
        assertEquals("classification", modules.getFirst().id().value());
        assertEquals("csv-import", modules.getLast().id().value());
        assertTrue(modules.stream().allMatch(m -> m.status() == ModuleStatus.ACTIVE && m.enabled()));
    }

    @Test
    void aPrismqModuleKeepsItsDescriptiveFields() {
        ModuleDefinition shorts = prismqModule("youtube-shorts");

        assertEquals("YouTube Shorts Source", shorts.name());
        assertEquals("Collect YouTube Shorts content from trending, specific channels, or keyword searches",
                shorts.description());
        assertEquals("Sources/Content/Shorts", shorts.category());
        assertEquals("2.0.0", shorts.version());
        assertEquals(List.of("content", "shorts", "youtube", "video", "channel", "trending"), shorts.tags());
        assertEquals(List.of("mode", "channel_url", "query", "max_results", "category"),
                shorts.parameters().stream().map(ParameterDefinition::name).toList());
        assertEquals(List.of(), shorts.command());
        assertNull(shorts.timeoutSeconds());
        assertNull(shorts.maxOutputMb());
        assertEquals(Map.of(), shorts.env());
    }

    @Test
    void youtubeShortsParametersKeepOptionsConditionsAndTheirValidation() {
        ModuleDefinition shorts = prismqModule("youtube-shorts");

        ParameterDefinition mode = shorts.parameter("mode").orElseThrow();
        assertEquals(ParameterType.SELECT, mode.type());
        assertEquals(List.of("trending", "channel", "keyword"), mode.options());
        assertEquals("trending", mode.defaultValue());
        assertTrue(mode.required());
        assertEquals("Scraping Mode", mode.label());

        ParameterDefinition channelUrl = shorts.parameter("channel_url").orElseThrow();
        assertEquals(ParameterType.TEXT, channelUrl.type());
        assertEquals(new ConditionalDisplay("mode", "channel"), channelUrl.conditionalDisplay());
        assertEquals("^(https?://)?(www\\.)?youtube\\.com/([@\\w-]+|channel/[\\w-]+)|@[\\w-]+|UC[\\w-]+$",
                channelUrl.validation().pattern());
        assertEquals("Must be a valid YouTube channel URL, handle, or ID", channelUrl.validation().message());
        assertEquals("https://www.youtube.com/@channelname", channelUrl.placeholder());
        assertFalse(channelUrl.required());

        ParameterDefinition query = shorts.parameter("query").orElseThrow();
        assertEquals(new ConditionalDisplay("mode", "keyword"), query.conditionalDisplay());
        assertTrue(query.warning().startsWith("\u26a0\ufe0f Keyword search is in development."));
    }

    @Test
    void aNumberParameterKeepsItsBoundsAndAnIntegerDefault() {
        ParameterDefinition year = prismqModule("calendar-holidays").parameter("year").orElseThrow();

        assertEquals(ParameterType.NUMBER, year.type());
        assertEquals(2024.0, year.min());
        assertEquals(2030.0, year.max());
        assertInstanceOf(Integer.class, year.defaultValue());
        assertEquals(2025, year.defaultValue());
    }

    @Test
    void aSelectParameterKeepsItsOptionsInOrder() {
        ParameterDefinition timeframe = prismqModule("google-trends").parameter("timeframe").orElseThrow();

        assertEquals(ParameterType.SELECT, timeframe.type());
        assertEquals(List.of("now 1-H", "now 4-H", "now 1-d", "now 7-d", "today 1-m", "today 3-m", "today 12-m"),
                timeframe.options());
        assertEquals("now 7-d", timeframe.defaultValue());
    }

    @Test
    void relativeScriptPathsResolveAgainstTheScriptsRootAndRunInTheScriptsFolder() {
        ModuleDefinition shorts = prismqModule("youtube-shorts");

        Path expected = scriptsRoot.resolve("../../Sources/Content/Shorts/YouTube/src/cli.py")
                .toAbsolutePath().normalize();
        assertEquals("../../Sources/Content/Shorts/YouTube/src/cli.py", shorts.scriptPath());
        assertEquals(expected, shorts.script());
        assertTrue(shorts.script().isAbsolute());
        assertEquals(expected.getParent(), shorts.workingDirectory());
    }

    @Test
    void withoutAScriptsRootPathsResolveAgainstTheCatalogsFolder() {
        ModuleDefinition classification = JsonModuleCatalog.load(PRISMQ_CATALOG, null, ScriptsOutsideRoot.ALLOWED)
                .find(new ModuleId("classification")).orElseThrow();

        Path folder = PRISMQ_CATALOG.toAbsolutePath().getParent();
        assertEquals(folder.resolve("../../Classification/src/cli.py").normalize(), classification.script());
    }

    @Test
    void theRealChannelUrlPatternIsSearchedSoAChannelsShortsPageIsAccepted() {
        ModuleDefinition shorts = prismqModule("youtube-shorts");
        String url = "https://www.youtube.com/@ytmajortales/shorts";

        ParameterValues values = ParameterValues.resolve(shorts, Map.of("mode", "channel", "channel_url", url),
                Map.of());

        assertEquals(List.of("--mode", "channel", "--channel_url", url, "--max_results", "50"),
                values.arguments());
    }

    @Test
    void theRealChannelUrlPatternRefusesAChannelIdFollowedByALineBreakAsABrowserDoes() {
        ModuleDefinition shorts = prismqModule("youtube-shorts");

        ParameterValues.resolve(shorts, Map.of("mode", "channel", "channel_url", "UCx1"), Map.of());
        InvalidParametersException invalid = assertThrows(InvalidParametersException.class,
                () -> ParameterValues.resolve(shorts, Map.of("mode", "channel", "channel_url", "UCx1\n"),
                        Map.of()));

        assertEquals("channel_url: Must be a valid YouTube channel URL, handle, or ID", invalid.getMessage());
    }

    @Test
    void theRealChannelUrlPatternRejectsTextWithoutAChannelWithTheModulesMessage() {
        ModuleDefinition shorts = prismqModule("youtube-shorts");

        InvalidParametersException invalid = assertThrows(InvalidParametersException.class,
                () -> ParameterValues.resolve(shorts, Map.of("mode", "channel", "channel_url", "not a channel"),
                        Map.of()));

        assertEquals("channel_url: Must be a valid YouTube channel URL, handle, or ID", invalid.getMessage());
    }

    @Test
    void anEmptyStringDefaultCountsAsNoDefault() {
        ModuleDefinition shorts = prismqModule("youtube-shorts");
        ParameterDefinition channelUrl = shorts.parameter("channel_url").orElseThrow();

        assertEquals("", channelUrl.defaultValue());
        assertNull(channelUrl.effectiveDefault());
        ParameterValues values = ParameterValues.resolve(shorts, Map.of("mode", "channel"), Map.of());
        assertEquals(Map.of("mode", "channel", "max_results", 50), values.values());
    }

    @Test
    void theExtensionsOfThisProjectAreRead() throws IOException {
        Path catalog = write(scriptsRoot.resolve("catalog.json"), """
                {"modules": [{
                  "id": "tool", "name": "Tool", "script_path": "bin/tool.sh",
                  "command": ["bash", "-eu"],
                  "timeout_seconds": 90,
                  "max_output_mb": 2.5,
                  "env": {"API_TOKEN": "s3cret", "MODE": ""},
                  "working_dir": "work/../data",
                  "status": "maintenance",
                  "enabled": false
                }]}
                """);

        ModuleDefinition tool = JsonModuleCatalog.load(catalog, null).modules().getFirst();

        assertEquals(List.of("bash", "-eu"), tool.command());
        assertEquals(90, tool.timeoutSeconds());
        assertEquals(2.5, tool.maxOutputMb());
        assertEquals(Map.of("API_TOKEN", "s3cret", "MODE", ""), tool.env());
        assertEquals(scriptsRoot.toAbsolutePath().resolve("data"), tool.workingDirectory());
        assertEquals(scriptsRoot.toAbsolutePath().resolve(Path.of("bin", "tool.sh")), tool.script());
        assertEquals(ModuleStatus.MAINTENANCE, tool.status());
        assertFalse(tool.enabled());
    }

    @Test
    void absolutePathsAreKept() throws IOException {
        Path script = scriptsRoot.resolve(Path.of("elsewhere", "run.py")).toAbsolutePath();
        Path workDir = scriptsRoot.resolve("work").toAbsolutePath();
        Path catalog = write(scriptsRoot.resolve("catalog.json"), """
                {"modules": [{"id": "abs", "name": "Abs", "script_path": %s, "working_dir": %s}]}
                """.formatted(quoted(script.toString()), quoted(workDir.toString())));

        ModuleDefinition module = JsonModuleCatalog.load(catalog, Path.of("ignored-root"), ScriptsOutsideRoot.ALLOWED)
                .modules().getFirst();

        assertEquals(script, module.script());
        assertEquals(workDir, module.workingDirectory());
    }

    @Test
    void optionalFieldsTakeTheirDefaultsAndUnknownFieldsAreIgnored() throws IOException {
        Path catalog = write(scriptsRoot.resolve("catalog.json"), """
                {"version": 3, "modules": [{
                  "id": "min", "name": "Minimal", "script_path": "min.py", "icon": "star",
                  "parameters": [{"name": "flag", "type": "checkbox", "ui": {"width": 3}}]
                }]}
                """);

        ModuleDefinition module = JsonModuleCatalog.load(catalog, null).modules().getFirst();

        assertNull(module.description());
        assertNull(module.category());
        assertNull(module.version());
        assertEquals(List.of(), module.tags());
        assertEquals(ModuleStatus.ACTIVE, module.status());
        assertTrue(module.enabled());
        ParameterDefinition flag = module.parameters().getFirst();
        assertFalse(flag.required());
        assertNull(flag.defaultValue());
        assertEquals(List.of(), flag.options());
    }

    @Test
    void aBareArrayIsACatalogToo() throws IOException {
        Path catalog = write(scriptsRoot.resolve("catalog.json"), """
                [{"id": "a", "name": "A", "script_path": "a.py"}, {"id": "b", "name": "B", "script_path": "b.py"}]
                """);

        assertEquals(List.of("a", "b"), ids(JsonModuleCatalog.load(catalog, null)));
    }

    @Test
    void anEmptyModulesArrayIsAnEmptyCatalog() throws IOException {
        Path catalog = write(scriptsRoot.resolve("catalog.json"), "{\"modules\": []}");

        assertEquals(List.of(), JsonModuleCatalog.load(catalog, null).modules());
    }

    @Test
    void defaultsKeepTheirJsonType() throws IOException {
        Path catalog = write(scriptsRoot.resolve("catalog.json"), """
                {"modules": [{"id": "t", "name": "T", "script_path": "t.py", "parameters": [
                  {"name": "text", "type": "text", "default": "x"},
                  {"name": "small", "type": "number", "default": 7},
                  {"name": "large", "type": "number", "default": 10000000000},
                  {"name": "decimal", "type": "number", "default": 2.5},
                  {"name": "flag", "type": "checkbox", "default": true},
                  {"name": "none", "type": "text", "default": null},
                  {"name": "level", "type": "number", "default": 1,
                   "conditional_display": {"field": "flag", "value": true}}
                ]}]}
                """);

        ModuleDefinition module = JsonModuleCatalog.load(catalog, null).modules().getFirst();

        assertEquals("x", module.parameter("text").orElseThrow().defaultValue());
        assertEquals(Integer.valueOf(7), module.parameter("small").orElseThrow().defaultValue());
        assertEquals(Long.valueOf(10_000_000_000L), module.parameter("large").orElseThrow().defaultValue());
        assertEquals(Double.valueOf(2.5), module.parameter("decimal").orElseThrow().defaultValue());
        assertEquals(Boolean.TRUE, module.parameter("flag").orElseThrow().defaultValue());
        assertNull(module.parameter("none").orElseThrow().defaultValue());
        assertEquals(Boolean.TRUE, module.parameter("level").orElseThrow().conditionalDisplay().value());
    }

    @Test
    void findAnswersEmptyForAnUnknownModule() {
        assertTrue(prismq().find(new ModuleId("no-such-module")).isEmpty());
    }

    @Test
    void theModuleListCannotBeModified() {
        List<ModuleDefinition> modules = prismq().modules();

        assertThrows(UnsupportedOperationException.class, () -> modules.removeFirst());
    }

    static List<String> ids(JsonModuleCatalog catalog) {
        return catalog.modules().stream().map(module -> module.id().value()).toList();
    }

    static Path write(Path file, String content) throws IOException {
        return Files.writeString(file, content, StandardCharsets.UTF_8);
    }

    private static String quoted(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
