package org.prismq.runner.adapters.persistence.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every kind of broken catalog, and the message that says what and where. */
class CatalogErrorsTest {

    @TempDir
    Path folder;

    static Stream<Arguments> brokenCatalogs() {
        return Stream.of(
                broken("JSON syntax error, with line and column",
                        "{\n  \"modules\": [\n    {\"id\": }\n  ]\n}",
                        "invalid JSON at line 3, column 12", "expected a value"),
                broken("unclosed JSON",
                        "{\"modules\": [",
                        "invalid JSON at line 1, column 14", "start marker at line 1, column 13"),
                broken("a key written twice",
                        "{'modules': [{'id': 'a', 'id': 'b', 'name': 'A', 'script_path': 'a.py'}]}",
                        "invalid JSON at line 1", "Duplicate field 'id'"),
                broken("trailing text after the catalog",
                        "{'modules': []} []",
                        "invalid JSON at line 1"),
                broken("empty file", "   ", "the file is empty"),
                broken("top level is neither an object nor an array", "'modules'",
                        "the catalog must be an object, got string"),
                broken("modules missing", "{'mods': []}", "modules is missing"),
                broken("modules not an array", "{'modules': {'id': 'a'}}", "modules must be an array, got object"),
                broken("a module that is not an object",
                        "{'modules': [" + MODULE + ", 'b']}",
                        "modules[1]: a module must be an object, got string"),
                broken("module id missing",
                        "{'modules': [{'name': 'A', 'script_path': 'a.py'}]}",
                        "modules[0]: id is missing"),
                broken("module id with characters outside [A-Za-z0-9._-]",
                        "{'modules': [{'id': 'a b', 'name': 'A', 'script_path': 'a.py'}]}",
                        "modules[0]: module id 'a b' must be 1 to 100 characters"),
                broken("module id not a string",
                        "{'modules': [{'id': 7, 'name': 'A', 'script_path': 'a.py'}]}",
                        "modules[0]: id must be a string, got number"),
                broken("name missing",
                        "{'modules': [{'id': 'm', 'script_path': 'm.py'}]}",
                        "module 'm': name is missing"),
                broken("script_path missing",
                        "{'modules': [{'id': 'm', 'name': 'M'}]}",
                        "module 'm': script_path is missing"),
                broken("script_path empty",
                        "{'modules': [{'id': 'm', 'name': 'M', 'script_path': ' '}]}",
                        "module 'm': script_path must not be empty"),
                broken("script_path not a string",
                        "{'modules': [{'id': 'm', 'name': 'M', 'script_path': ['m.py']}]}",
                        "module 'm': script_path must be a string, got array"),
                broken("script_path with a NUL character",
                        "{'modules': [{'id': 'm', 'name': 'M', 'script_path': 'm\\u0000.py'}]}",
                        "module 'm': script_path is not a valid path"),
                broken("duplicate module ids",
                        "{'modules': [" + MODULE + ", {'id': 'x', 'name': 'X', 'script_path': 'x.py'}, "
                                + MODULE + "]}",
                        "module 'm': id is declared twice (modules[0] and modules[2])"),
                broken("description not a string", module("'description': 42"),
                        "module 'm': description must be a string, got number"),
                broken("unknown status", module("'status': 'retired'"),
                        "module 'm': status must be active, inactive or maintenance, got 'retired'"),
                broken("enabled not a boolean", module("'enabled': 'yes'"),
                        "module 'm': enabled must be true or false, got string"),
                broken("tags not an array", module("'tags': 'a,b'"), "module 'm': tags must be an array, got string"),
                broken("a tag that is not a string", module("'tags': ['a', 3]"),
                        "module 'm': tags[1] must be a string, got number"),
                broken("parameters not an array", module("'parameters': {}"),
                        "module 'm': parameters must be an array, got object"),
                broken("a parameter that is not an object", module("'parameters': ['p']"),
                        "module 'm': parameters[0]: a parameter must be an object, got string"),
                broken("parameter name missing", module("'parameters': [{'type': 'text'}]"),
                        "module 'm': parameters[0]: name is missing"),
                broken("parameter name starting with a dash", parameters("{'name': '-p', 'type': 'text'}"),
                        "module 'm': parameter name '-p' must be non-empty"),
                broken("parameter type missing", parameters("{'name': 'p'}"),
                        "module 'm': parameter 'p': type is missing"),
                broken("unknown parameter type", parameters("{'name': 'p', 'type': 'date'}"),
                        "module 'm': parameter 'p': type must be text, number, select, checkbox or password, "
                                + "got 'date'"),
                broken("parameters declared twice",
                        parameters("{'name': 'p', 'type': 'text'}, {'name': 'p', 'type': 'number'}"),
                        "module 'm': parameters: 'p' is declared twice"),
                broken("more than 100 parameters",
                        parameters(IntStream.range(0, 101).mapToObj(i -> "{'name': 'p" + i + "', 'type': 'text'}")
                                .collect(Collectors.joining(", "))),
                        "module 'm': parameters: at most 100 are allowed, found 101"),
                broken("required not a boolean", parameters("{'name': 'p', 'type': 'text', 'required': 'true'}"),
                        "module 'm': parameter 'p': required must be true or false, got string"),
                broken("invalid regular expression",
                        parameters("{'name': 'channel_url', 'type': 'text', 'validation': {'pattern': '(abc'}}"),
                        "module 'm': parameter 'channel_url': validation.pattern is not a valid regular "
                                + "expression: Unclosed group"),
                broken("validation without a pattern",
                        parameters("{'name': 'p', 'type': 'text', 'validation': {'message': 'no'}}"),
                        "module 'm': parameter 'p': validation.pattern is missing"),
                broken("validation not an object",
                        parameters("{'name': 'p', 'type': 'text', 'validation': '^a'}"),
                        "module 'm': parameter 'p': validation must be an object, got string"),
                broken("validation on a number",
                        parameters("{'name': 'p', 'type': 'number', 'validation': {'pattern': '1'}}"),
                        "module 'm': parameter 'p': validation.pattern applies only to text and password"),
                broken("a text default that breaks its own pattern",
                        parameters("{'name': 'p', 'type': 'text', 'default': 'abc', "
                                + "'validation': {'pattern': '^[0-9]+$', 'message': 'digits only'}}"),
                        "module 'm': parameter 'p': default 'abc' is invalid: digits only"),
                broken("a number default below min",
                        parameters("{'name': 'p', 'type': 'number', 'default': 0, 'min': 1, 'max': 10}"),
                        "module 'm': parameter 'p': default 0 is invalid: must be at least 1, got 0"),
                broken("a number default given as a string",
                        parameters("{'name': 'p', 'type': 'number', 'default': '5'}"),
                        "module 'm': parameter 'p': default '5' is invalid: must be a number"),
                broken("a select default outside its options",
                        parameters("{'name': 'p', 'type': 'select', 'options': ['a', 'b'], 'default': 'c'}"),
                        "module 'm': parameter 'p': default 'c' is invalid: must be one of [a, b]"),
                broken("a checkbox default that is not a boolean",
                        parameters("{'name': 'p', 'type': 'checkbox', 'default': 'false'}"),
                        "module 'm': parameter 'p': default 'false' is invalid: must be true or false"),
                broken("a default that is an object", parameters("{'name': 'p', 'type': 'text', 'default': {}}"),
                        "module 'm': parameter 'p': default must be a string, number or boolean, got object"),
                broken("a default too large for a long",
                        parameters("{'name': 'p', 'type': 'number', 'default': 123456789012345678901234567890}"),
                        "module 'm': parameter 'p': default is out of range"),
                broken("a default too large for a double",
                        parameters("{'name': 'p', 'type': 'number', 'default': 1e400}"),
                        "module 'm': parameter 'p': default is out of range"),
                broken("a select without options", parameters("{'name': 'p', 'type': 'select'}"),
                        "module 'm': parameter 'p': a select needs a non-empty options list"),
                broken("an option that is not a string",
                        parameters("{'name': 'p', 'type': 'select', 'options': ['a', 2]}"),
                        "module 'm': parameter 'p': options[1] must be a string, got number"),
                broken("min not a number", parameters("{'name': 'p', 'type': 'number', 'min': '1'}"),
                        "module 'm': parameter 'p': min must be a number, got string"),
                broken("min above max", parameters("{'name': 'p', 'type': 'number', 'min': 5, 'max': 1}"),
                        "module 'm': parameter 'p': min 5 is above max 1"),
                broken("conditional_display naming an unknown field",
                        parameters("{'name': 'p', 'type': 'text', "
                                + "'conditional_display': {'field': 'mode', 'value': 'channel'}}"),
                        "module 'm': parameter 'p': conditional_display.field 'mode' must name another parameter"),
                broken("conditional_display naming the parameter itself",
                        parameters("{'name': 'p', 'type': 'text', "
                                + "'conditional_display': {'field': 'p', 'value': 'x'}}"),
                        "module 'm': parameter 'p': conditional_display.field 'p' must name another parameter"),
                broken("conditional_display without a field",
                        parameters("{'name': 'p', 'type': 'text', 'conditional_display': {'value': 'x'}}"),
                        "module 'm': parameter 'p': conditional_display.field is missing"),
                broken("conditional_display without a value",
                        parameters("{'name': 'mode', 'type': 'text'}, {'name': 'p', 'type': 'text', "
                                + "'conditional_display': {'field': 'mode'}}"),
                        "module 'm': parameter 'p': conditional_display.value is missing"),
                broken("label not a string", parameters("{'name': 'p', 'type': 'text', 'label': true}"),
                        "module 'm': parameter 'p': label must be a string, got boolean"),
                broken("timeout_seconds zero", module("'timeout_seconds': 0"),
                        "module 'm': timeout_seconds must be between 1 and 2147483647, got 0"),
                broken("timeout_seconds negative", module("'timeout_seconds': -5"),
                        "module 'm': timeout_seconds must be between 1 and 2147483647, got -5"),
                broken("timeout_seconds with a fraction", module("'timeout_seconds': 1.5"),
                        "module 'm': timeout_seconds must be a whole number, got number"),
                broken("timeout_seconds as a string", module("'timeout_seconds': '30'"),
                        "module 'm': timeout_seconds must be a whole number, got string"),
                broken("max_output_mb zero", module("'max_output_mb': 0"),
                        "module 'm': max_output_mb must be a positive number, got 0"),
                broken("max_output_mb negative", module("'max_output_mb': -2.5"),
                        "module 'm': max_output_mb must be a positive number, got -2.5"),
                broken("max_output_mb as a string", module("'max_output_mb': '10'"),
                        "module 'm': max_output_mb must be a number, got string"),
                broken("command not an array", module("'command': 'bash'"),
                        "module 'm': command must be an array, got string"),
                broken("command empty", module("'command': []"),
                        "module 'm': command must hold at least the program to run"),
                broken("command with an empty string", module("'command': ['bash', '']"),
                        "module 'm': command[1] must not be empty"),
                broken("command with a number", module("'command': ['python3', 3]"),
                        "module 'm': command[1] must be a string, got number"),
                broken("env not an object", module("'env': ['A=1']"),
                        "module 'm': env must be an object, got array"),
                broken("env value not a string", module("'env': {'RETRIES': 3}"),
                        "module 'm': env.RETRIES must be a string, got number"),
                broken("env name with an equals sign", module("'env': {'A=B': 'secret-value'}"),
                        "module 'm': env has an invalid variable name 'A=B'"),
                broken("working_dir not a string", module("'working_dir': 1"),
                        "module 'm': working_dir must be a string, got number"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenCatalogs")
    void aBrokenCatalogIsRefusedWithAMessageNamingFileModuleAndField(String name, String json,
            List<String> expected) throws IOException {
        Path catalog = Files.writeString(folder.resolve("modules.json"), json);

        CatalogException refused = assertThrows(CatalogException.class, () -> JsonModuleCatalog.load(catalog, null));

        assertReadable(catalog, refused.getMessage());
        expected.forEach(fragment -> assertTrue(refused.getMessage().contains(fragment),
                () -> "expected \"" + fragment + "\" in: " + refused.getMessage()));
    }

    @Test
    void aMissingFileIsRefusedWithItsName() {
        Path catalog = folder.resolve("absent.json");

        CatalogException refused = assertThrows(CatalogException.class, () -> JsonModuleCatalog.load(catalog, null));

        assertEquals(catalog + ": cannot read the catalog: no such file", refused.getMessage());
    }

    @Test
    void aFolderIsRefusedAsUnreadable() {
        CatalogException refused = assertThrows(CatalogException.class, () -> JsonModuleCatalog.load(folder, null));

        assertReadable(folder, refused.getMessage());
        assertTrue(refused.getMessage().startsWith(folder + ": cannot read the catalog: "), refused.getMessage());
    }

    @Test
    void anEnvValueIsNeverQuotedInAMessage() throws IOException {
        Path catalog = Files.writeString(folder.resolve("modules.json"),
                json(module("'env': {'TOKEN': 'hunter2\\u0000'}")));

        CatalogException refused = assertThrows(CatalogException.class, () -> JsonModuleCatalog.load(catalog, null));

        assertEquals(catalog + ": module 'm': env.TOKEN must not contain a NUL character", refused.getMessage());
        assertFalse(refused.getMessage().contains("hunter2"));
    }

    private static void assertReadable(Path catalog, String message) {
        assertTrue(message.startsWith(catalog + ": "), () -> "does not name the file: " + message);
        assertFalse(message.contains("\n") || message.contains("\r"), () -> "not one line: " + message);
        assertFalse(message.contains("Exception") || message.contains("[Source"),
                () -> "leaks internals: " + message);
    }

    private static final String MODULE = "{'id': 'm', 'name': 'M', 'script_path': 'm.py'}";

    /** A catalog of one valid module with {@code fields} added. */
    private static String module(String fields) {
        return "{'modules': [{'id': 'm', 'name': 'M', 'script_path': 'm.py', " + fields + "}]}";
    }

    private static String parameters(String parameters) {
        return module("'parameters': [" + parameters + "]");
    }

    /** Catalogs are written with single quotes here for legibility. */
    private static String json(String text) {
        return text.replace('\'', '"');
    }

    private static Arguments broken(String name, String catalog, String... expected) {
        return Arguments.of(name, json(catalog), List.of(expected));
    }
}
