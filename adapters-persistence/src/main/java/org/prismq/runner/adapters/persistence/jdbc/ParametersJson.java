package org.prismq.runner.adapters.persistence.jdbc;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * Parameter values as stored: a JSON object in the map's order. Whole numbers come back whole, as the smallest
 * of {@code Integer}, {@code Long} and {@code BigInteger} that holds them; other numbers as {@code Double}.
 */
public final class ParametersJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder().build();
    private static final TypeReference<LinkedHashMap<String, Object>> OBJECT = new TypeReference<>() {
    };

    private ParametersJson() {
    }

    /** The values as a JSON object; a value other than a string, number or boolean is illegal. */
    public static String write(Map<String, Object> parameters) {
        try {
            return MAPPER.writeValueAsString(parameters);
        } catch (JsonProcessingException notStorable) {
            throw new IllegalArgumentException("parameter values must be strings, numbers or booleans: "
                    + notStorable.getOriginalMessage(), notStorable);
        }
    }

    /** The values of a stored JSON object; anything else is a {@link StorageException}. */
    public static Map<String, Object> read(String json) {
        try {
            return MAPPER.readValue(json, OBJECT);
        } catch (JsonProcessingException corrupt) {
            throw new StorageException("stored parameters are not a JSON object: " + corrupt.getOriginalMessage(),
                    corrupt);
        }
    }
}
