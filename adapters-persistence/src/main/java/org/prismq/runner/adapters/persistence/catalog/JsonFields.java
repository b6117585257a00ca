package org.prismq.runner.adapters.persistence.catalog;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Typed reads of one JSON object of the catalog. A JSON {@code null} counts as an absent field; every other
 * problem becomes a {@link CatalogException} that starts with {@code where} and names the field. Fields the
 * catalog format does not know are never looked at, which keeps newer catalogs loadable.
 */
final class JsonFields {

    private final JsonNode node;
    private final String where;
    private final String prefix;

    private JsonFields(JsonNode node, String where, String prefix) {
        this.node = node;
        this.where = where;
        this.prefix = prefix;
    }

    /** The fields of {@code node}, which must be an object; {@code what} names it in the error otherwise. */
    static JsonFields of(JsonNode node, String where, String what) {
        if (!node.isObject()) {
            throw new CatalogException(where + ": " + what + " must be an object, got " + typeOf(node));
        }
        return new JsonFields(node, where, "");
    }

    /** Where this object is, for messages that are not about one of its fields. */
    String where() {
        return where;
    }

    CatalogException problem(String field, String message) {
        return new CatalogException(where + ": " + prefix + field + " " + message);
    }

    /** A string that must be present and not blank. */
    String requiredText(String field) {
        String text = optionalText(field);
        if (text == null) {
            throw problem(field, "is missing");
        }
        return text;
    }

    /** A string that may be absent (then {@code null}) but not blank. */
    String optionalText(String field) {
        String text = optionalString(field);
        if (text != null && text.isBlank()) {
            throw problem(field, "must not be empty");
        }
        return text;
    }

    /** Any string, empty included, or {@code null} when absent. */
    String optionalString(String field) {
        JsonNode value = get(field);
        if (value == null) {
            return null;
        }
        if (!value.isTextual()) {
            throw problem(field, "must be a string, got " + typeOf(value));
        }
        return value.textValue();
    }

    boolean optionalBoolean(String field, boolean fallback) {
        JsonNode value = get(field);
        if (value == null) {
            return fallback;
        }
        if (!value.isBoolean()) {
            throw problem(field, "must be true or false, got " + typeOf(value));
        }
        return value.booleanValue();
    }

    /** A finite number, or {@code null} when absent. */
    Double optionalNumber(String field) {
        JsonNode value = get(field);
        if (value == null) {
            return null;
        }
        if (!value.isNumber()) {
            throw problem(field, "must be a number, got " + typeOf(value));
        }
        double number = value.doubleValue();
        if (!Double.isFinite(number)) {
            throw problem(field, "is out of range");
        }
        return number;
    }

    /** A whole number above zero that fits an {@code int}, or {@code null} when absent. */
    Integer optionalPositiveInt(String field) {
        JsonNode value = get(field);
        if (value == null) {
            return null;
        }
        if (!value.isIntegralNumber()) {
            throw problem(field, "must be a whole number, got " + typeOf(value));
        }
        if (!value.canConvertToInt() || value.intValue() <= 0) {
            throw problem(field, "must be between 1 and " + Integer.MAX_VALUE + ", got " + value.asText());
        }
        return value.intValue();
    }

    /** A string, whole number (as Integer or Long), decimal (as Double) or boolean; {@code null} when absent. */
    Object optionalScalar(String field) {
        JsonNode value = get(field);
        if (value == null) {
            return null;
        }
        if (value.isTextual()) {
            return value.textValue();
        }
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        if (value.isIntegralNumber()) {
            if (value.canConvertToInt()) {
                return value.intValue();
            }
            if (value.canConvertToLong()) {
                return value.longValue();
            }
            throw problem(field, "is out of range: " + value.asText());
        }
        if (value.isNumber()) {
            double number = value.doubleValue();
            if (!Double.isFinite(number)) {
                throw problem(field, "is out of range");
            }
            return number;
        }
        throw problem(field, "must be a string, number or boolean, got " + typeOf(value));
    }

    /** A list of strings, each checked by {@link #optionalString}; {@code null} when absent. */
    List<String> optionalStrings(String field, boolean allowEmptyStrings) {
        JsonNode array = optionalArray(field);
        if (array == null) {
            return null;
        }
        List<String> strings = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            JsonNode element = array.get(i);
            if (!element.isTextual()) {
                throw problem(field + "[" + i + "]", "must be a string, got " + typeOf(element));
            }
            if (!allowEmptyStrings && element.textValue().isEmpty()) {
                throw problem(field + "[" + i + "]", "must not be empty");
            }
            strings.add(element.textValue());
        }
        return strings;
    }

    /** An array, or {@code null} when absent. */
    JsonNode optionalArray(String field) {
        JsonNode value = get(field);
        if (value != null && !value.isArray()) {
            throw problem(field, "must be an array, got " + typeOf(value));
        }
        return value;
    }

    /** A nested object whose own fields are named {@code field.name} in messages; {@code null} when absent. */
    JsonFields optionalObject(String field) {
        JsonNode value = get(field);
        if (value == null) {
            return null;
        }
        if (!value.isObject()) {
            throw problem(field, "must be an object, got " + typeOf(value));
        }
        return new JsonFields(value, where, prefix + field + ".");
    }

    /**
     * An object of string values, in file order, or {@code null} when absent. Messages name the keys but never
     * quote the values, which may be secrets.
     */
    Map<String, String> optionalStringMap(String field) {
        JsonFields object = optionalObject(field);
        if (object == null) {
            return null;
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : object.node.properties()) {
            JsonNode value = entry.getValue();
            if (!value.isTextual()) {
                throw problem(field + "." + entry.getKey(), "must be a string, got " + typeOf(value));
            }
            map.put(entry.getKey(), value.textValue());
        }
        return map;
    }

    /** The field's value, or {@code null} when it is absent or JSON {@code null}. */
    private JsonNode get(String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value;
    }

    static String typeOf(JsonNode node) {
        return node.getNodeType().name().toLowerCase(Locale.ROOT);
    }
}
