package org.prismq.runner.adapters.persistence.catalog;

import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import org.prismq.runner.domain.catalog.ConditionalDisplay;
import org.prismq.runner.domain.catalog.ModuleDefinition;
import org.prismq.runner.domain.catalog.ModuleId;
import org.prismq.runner.domain.catalog.ModuleStatus;
import org.prismq.runner.domain.catalog.ParameterDefinition;
import org.prismq.runner.domain.catalog.ParameterType;
import org.prismq.runner.domain.catalog.TextRule;

/**
 * Turns the bytes of a catalog file ({@code configs/modules.json} format) into modules. Stateless apart from
 * its configuration, so one parser serves every reload; thread-safe.
 */
final class CatalogParser {

    private static final ObjectMapper JSON = JsonMapper.builder()
            // A key written twice is an editing slip whose outcome JSON leaves open: refuse it.
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private static final Pattern SOURCE_REFERENCE =
            Pattern.compile("\\[Source: [^\\]]*; line: (\\d+), column: (\\d+)\\]");

    private final String file;
    private final ScriptsRoot scriptsRoot;

    /**
     * @param file        how messages name the catalog file
     * @param scriptsRoot the folder against which relative {@code script_path}s and {@code working_dir}s resolve,
     *                    and whether scripts may lie outside it
     */
    CatalogParser(String file, ScriptsRoot scriptsRoot) {
        this.file = file;
        this.scriptsRoot = scriptsRoot;
    }

    /** The modules of {@code content}, in file order. */
    List<ModuleDefinition> parse(byte[] content) {
        JsonNode array = modulesArray(readTree(content));
        List<ModuleDefinition> modules = new ArrayList<>(array.size());
        Map<ModuleId, Integer> indexes = new HashMap<>();
        for (int index = 0; index < array.size(); index++) {
            ModuleDefinition module = module(array.get(index), index);
            Integer first = indexes.putIfAbsent(module.id(), index);
            if (first != null) {
                throw new CatalogException(file + ": module '" + module.id() + "': id is declared twice (modules["
                        + first + "] and modules[" + index + "])");
            }
            modules.add(module);
        }
        return List.copyOf(modules);
    }

    private JsonNode readTree(byte[] content) {
        JsonNode root;
        try {
            root = JSON.readTree(content);
        } catch (JacksonException invalid) {
            JsonLocation location = invalid.getLocation();
            String at = location == null ? "" : " at line " + location.getLineNr() + ", column "
                    + location.getColumnNr();
            throw new CatalogException(file + ": invalid JSON" + at + ": " + readable(invalid.getOriginalMessage()),
                    invalid);
        } catch (IOException unreadable) {
            throw new CatalogException(file + ": cannot read the catalog: " + unreadable.getMessage(), unreadable);
        }
        if (root == null || root.isMissingNode()) {
            throw new CatalogException(file + ": the file is empty");
        }
        return root;
    }

    /** Jackson's message with its source references ("[Source: ...; line: 1, column: 2]") made short. */
    private static String readable(String message) {
        return SOURCE_REFERENCE.matcher(message).replaceAll("line $1, column $2").replaceAll("\\R", " ");
    }

    private JsonNode modulesArray(JsonNode root) {
        if (root.isArray()) {
            return root;
        }
        JsonFields top = JsonFields.of(root, file, "the catalog");
        JsonNode modules = top.optionalArray("modules");
        if (modules == null) {
            throw top.problem("modules", "is missing");
        }
        return modules;
    }

    private ModuleDefinition module(JsonNode node, int index) {
        String at = file + ": modules[" + index + "]";
        JsonFields fields = JsonFields.of(node, at, "a module");
        ModuleId id;
        try {
            id = new ModuleId(fields.requiredText("id"));
        } catch (IllegalArgumentException invalid) {
            throw new CatalogException(at + ": " + invalid.getMessage(), invalid);
        }
        JsonFields module = JsonFields.of(node, file + ": module '" + id + "'", "a module");
        String scriptPath = module.requiredText("script_path");
        Path script = resolve(module, "script_path", scriptPath);
        String refusal = scriptsRoot.refusal(script);
        if (refusal != null) {
            throw module.problem("script_path", "'" + scriptPath + "' " + refusal);
        }
        String workingDir = module.optionalText("working_dir");
        Path workingDirectory = workingDir != null ? resolve(module, "working_dir", workingDir) : script.getParent();
        if (workingDirectory == null) {
            throw module.problem("script_path", "must name a file, not a root folder");
        }
        String name = module.requiredText("name");
        String description = module.optionalString("description");
        String category = module.optionalString("category");
        String version = module.optionalString("version");
        List<ParameterDefinition> parameters = parameters(module);
        List<String> tags = module.optionalStrings("tags", true);
        ModuleStatus status = status(module);
        boolean enabled = module.optionalBoolean("enabled", true);
        List<String> command = command(module);
        Integer timeoutSeconds = module.optionalPositiveInt("timeout_seconds");
        Map<String, String> env = env(module);
        Double maxOutputMb = module.optionalNumber("max_output_mb");
        if (maxOutputMb != null && maxOutputMb <= 0) {
            throw module.problem("max_output_mb", "must be a positive number, got "
                    + java.math.BigDecimal.valueOf(maxOutputMb).stripTrailingZeros().toPlainString());
        }
        try {
            return new ModuleDefinition(id, name, description, category, version, scriptPath, script,
                    workingDirectory, parameters, tags, status, enabled, command, timeoutSeconds, env, maxOutputMb);
        } catch (IllegalArgumentException invalid) {
            throw new CatalogException(module.where() + ": " + invalid.getMessage(), invalid);
        }
    }

    private Path resolve(JsonFields module, String field, String path) {
        try {
            return scriptsRoot.resolve(path);
        } catch (InvalidPathException invalid) {
            throw module.problem(field, "is not a valid path: " + invalid.getReason());
        }
    }

    private static ModuleStatus status(JsonFields module) {
        String status = module.optionalText("status");
        if (status == null) {
            return ModuleStatus.ACTIVE;
        }
        for (ModuleStatus known : ModuleStatus.values()) {
            if (known.wireName().equals(status)) {
                return known;
            }
        }
        throw module.problem("status", "must be active, inactive or maintenance, got '" + status + "'");
    }

    private static List<String> command(JsonFields module) {
        List<String> command = module.optionalStrings("command", false);
        if (command != null && command.isEmpty()) {
            throw module.problem("command", "must hold at least the program to run (leave it out to use the "
                    + "interpreter of the script)");
        }
        return command;
    }

    private static Map<String, String> env(JsonFields module) {
        Map<String, String> env = module.optionalStringMap("env");
        if (env == null) {
            return null;
        }
        for (Map.Entry<String, String> entry : env.entrySet()) {
            String key = entry.getKey();
            // ProcessBuilder refuses these at launch time; say so while the catalog is read.
            if (key.isEmpty() || key.indexOf('=') >= 0 || key.indexOf('\0') >= 0) {
                throw module.problem("env", "has an invalid variable name '" + key.replace("\0", "\\0")
                        + "' (it must be non-empty, without '=' or NUL)");
            }
            if (entry.getValue().indexOf('\0') >= 0) {
                throw module.problem("env." + key, "must not contain a NUL character");
            }
        }
        return env;
    }

    private List<ParameterDefinition> parameters(JsonFields module) {
        JsonNode array = module.optionalArray("parameters");
        if (array == null) {
            return List.of();
        }
        List<ParameterDefinition> parameters = new ArrayList<>(array.size());
        for (int index = 0; index < array.size(); index++) {
            parameters.add(parameter(module, array.get(index), index));
        }
        return parameters;
    }

    private static ParameterDefinition parameter(JsonFields module, JsonNode node, int index) {
        String at = module.where() + ": parameters[" + index + "]";
        String name = JsonFields.of(node, at, "a parameter").requiredText("name");
        JsonFields parameter = JsonFields.of(node, module.where() + ": parameter '" + name + "'", "a parameter");
        ParameterType type = type(parameter);
        Object defaultValue = parameter.optionalScalar("default");
        boolean required = parameter.optionalBoolean("required", false);
        String description = parameter.optionalString("description");
        String label = parameter.optionalString("label");
        String placeholder = parameter.optionalString("placeholder");
        List<String> options = parameter.optionalStrings("options", true);
        Double min = parameter.optionalNumber("min");
        Double max = parameter.optionalNumber("max");
        TextRule validation = validation(parameter);
        ConditionalDisplay conditionalDisplay = conditionalDisplay(parameter);
        String warning = parameter.optionalString("warning");
        try {
            return new ParameterDefinition(name, type, defaultValue, required, description, label, placeholder,
                    options, min, max, validation, conditionalDisplay, warning);
        } catch (IllegalArgumentException invalid) {
            // The domain's messages already start with "parameter '<name>'".
            throw new CatalogException(module.where() + ": " + invalid.getMessage(), invalid);
        }
    }

    private static ParameterType type(JsonFields parameter) {
        String type = parameter.requiredText("type");
        for (ParameterType known : ParameterType.values()) {
            if (known.wireName().equals(type)) {
                return known;
            }
        }
        throw parameter.problem("type", "must be text, number, select, checkbox or password, got '" + type + "'");
    }

    private static TextRule validation(JsonFields parameter) {
        JsonFields validation = parameter.optionalObject("validation");
        if (validation == null) {
            return null;
        }
        String pattern = validation.optionalString("pattern");
        if (pattern == null) {
            throw validation.problem("pattern", "is missing");
        }
        String message = validation.optionalString("message");
        try {
            return new TextRule(pattern, message);
        } catch (IllegalArgumentException invalid) {
            throw new CatalogException(parameter.where() + ": " + invalid.getMessage(), invalid);
        }
    }

    private static ConditionalDisplay conditionalDisplay(JsonFields parameter) {
        JsonFields condition = parameter.optionalObject("conditional_display");
        if (condition == null) {
            return null;
        }
        String field = condition.requiredText("field");
        Object value = condition.optionalScalar("value");
        if (value == null) {
            throw condition.problem("value", "is missing");
        }
        return new ConditionalDisplay(field, value);
    }
}
