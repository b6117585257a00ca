package org.prismq.runner.adapters.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Checks JSON against the schemas of an OpenAPI 3.1 document, as far as this API's schemas go: {@code $ref},
 * {@code oneOf}, {@code type} (one or a list), {@code const}, {@code enum}, {@code pattern},
 * {@code format: date-time}, {@code properties} with {@code required}, {@code additionalProperties} and
 * {@code items}. Stricter than JSON Schema in one way, on purpose: an object checked against {@code properties}
 * (without {@code additionalProperties}) must have exactly those fields, since the API sends every field.
 */
final class SchemaCheck {

    private final JsonNode document;

    SchemaCheck(JsonNode document) {
        this.document = document;
    }

    /** Follows a local {@code $ref} ({@code #/components/...}); anything else is returned as it is. */
    JsonNode resolve(JsonNode node) {
        JsonNode current = node;
        while (current.has("$ref")) {
            String ref = current.get("$ref").asText();
            assertTrue(ref.startsWith("#/"), "only local references: " + ref);
            current = document.at(ref.substring(1));
            assertTrue(!current.isMissingNode(), "dangling reference " + ref);
        }
        return current;
    }

    /** @param where how a failure names the value, such as {@code Run.parameters} */
    void check(JsonNode schema, JsonNode value, String where) {
        JsonNode resolved = resolve(schema);
        if (resolved.has("oneOf")) {
            List<String> failures = new ArrayList<>();
            for (JsonNode option : resolved.get("oneOf")) {
                try {
                    check(option, value, where);
                } catch (AssertionError mismatch) {
                    failures.add(mismatch.getMessage());
                }
            }
            assertEquals(resolved.get("oneOf").size() - 1, failures.size(),
                    where + ": exactly one oneOf option must match " + value + ", failures: " + failures);
        }
        if (resolved.has("const")) {
            assertEquals(resolved.get("const"), value, where);
        }
        if (resolved.has("type")) {
            checkType(resolved.get("type"), value, where);
        }
        if (resolved.has("enum") && !value.isNull()) {
            Set<JsonNode> allowed = new HashSet<>();
            resolved.get("enum").forEach(allowed::add);
            assertTrue(allowed.contains(value), where + ": " + value + " is not one of " + resolved.get("enum"));
        }
        if (value.isTextual()) {
            checkText(resolved, value.asText(), where);
        }
        if (value.isObject()) {
            checkObject(resolved, value, where);
        }
        if (value.isArray() && resolved.has("items")) {
            int i = 0;
            for (JsonNode item : value) {
                check(resolved.get("items"), item, where + "[" + i++ + "]");
            }
        }
    }

    private void checkObject(JsonNode schema, JsonNode value, String where) {
        JsonNode properties = schema.get("properties");
        JsonNode additional = schema.get("additionalProperties");
        if (properties != null) {
            if (additional == null) {
                assertEquals(names(properties), names(value), where + ": the fields");
            }
            for (Map.Entry<String, JsonNode> field : value.properties()) {
                JsonNode property = properties.get(field.getKey());
                if (property != null) {
                    check(property, field.getValue(), where + "." + field.getKey());
                }
            }
        }
        if (schema.has("required")) {
            schema.get("required").forEach(name -> assertTrue(value.has(name.asText()),
                    where + ": the required field " + name + " is missing"));
        }
        if (additional != null && additional.isObject()) {
            for (Map.Entry<String, JsonNode> field : value.properties()) {
                if (properties == null || !properties.has(field.getKey())) {
                    check(additional, field.getValue(), where + "." + field.getKey());
                }
            }
        }
    }

    private static void checkText(JsonNode schema, String text, String where) {
        if (schema.has("pattern")) {
            assertTrue(Pattern.compile(schema.get("pattern").asText()).matcher(text).find(),
                    where + ": '" + text + "' does not match " + schema.get("pattern"));
        }
        if ("date-time".equals(schema.path("format").asText())) {
            try {
                Instant.parse(text);
            } catch (RuntimeException notATime) {
                fail(where + ": '" + text + "' is not a date-time");
            }
        }
    }

    private static void checkType(JsonNode type, JsonNode value, String where) {
        List<String> types = new ArrayList<>();
        if (type.isArray()) {
            type.forEach(each -> types.add(each.asText()));
        } else {
            types.add(type.asText());
        }
        boolean matches = types.stream().anyMatch(each -> switch (each) {
            case "null" -> value.isNull();
            case "string" -> value.isTextual();
            case "boolean" -> value.isBoolean();
            case "integer" -> value.isIntegralNumber();
            case "number" -> value.isNumber();
            case "array" -> value.isArray();
            case "object" -> value.isObject();
            default -> throw new AssertionError(where + ": unknown type " + each);
        });
        assertTrue(matches, where + ": " + value + " is not of type " + types);
    }

    static Set<String> names(JsonNode object) {
        Set<String> names = new TreeSet<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
