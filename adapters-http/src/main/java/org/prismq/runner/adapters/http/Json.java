package org.prismq.runner.adapters.http;

import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The adapter's JSON: DTO records written with snake_case names and every {@code null} kept, request bodies read
 * as trees so that every type error can be named. Thread-safe.
 */
final class Json {

    // Requests and SSE streams run on virtual threads: Jackson's default buffer pool, one per thread, would keep
    // a set of buffers for every open stream; a shared pool keeps a few.
    private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .recyclerPool(JsonRecyclerPools.sharedConcurrentDequePool()).build())
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private Json() {
    }

    static byte[] bytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException bug) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", bug);
        }
    }

    /**
     * One line of JSON: every control character (CR, LF, NUL, ...) escaped, so it fits in an SSE {@code data:}
     * field. A lone surrogate stays in the string; the caller's UTF-8 encoder replaces it.
     */
    static String text(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException bug) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", bug);
        }
    }

    static ObjectNode emptyObject() {
        return MAPPER.createObjectNode();
    }

    /** Parses a request body that must be one JSON object in UTF-8 ({@link StrictUtf8}). */
    static ObjectNode parseObject(byte[] body) {
        String text = StrictUtf8.decode(body);
        JsonNode tree;
        try {
            tree = MAPPER.readTree(text);
        } catch (IOException malformed) {
            String reason = malformed instanceof JsonProcessingException json
                    ? json.getOriginalMessage() : malformed.getMessage();
            throw new ApiException(ErrorCode.INVALID_JSON, "the body is not valid JSON: " + reason);
        }
        if (tree instanceof ObjectNode object) {
            return object;
        }
        throw new ApiException(ErrorCode.INVALID_JSON, "the body must be a JSON object, got " + typeOf(tree));
    }

    /**
     * The {@code parameters} object of a body as a map of strings, numbers (Long, BigInteger or Double), booleans
     * and {@code null}s, in the order sent.
     *
     * @param required whether a missing or {@code null} field is an error rather than "no parameters"
     */
    static Map<String, Object> parameters(ObjectNode body, boolean required) {
        JsonNode node = body.get("parameters");
        if (node == null || node.isNull()) {
            if (required) {
                throw ApiException.badRequest("the body needs a \"parameters\" object");
            }
            return Map.of();
        }
        if (!node.isObject()) {
            throw ApiException.badRequest("\"parameters\" must be an object, got " + typeOf(node));
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            values.put(field.getKey(), scalar(field.getKey(), field.getValue()));
        }
        return Collections.unmodifiableMap(values);
    }

    /** A boolean field of a body, or {@code fallback} when it is missing or {@code null}. */
    static boolean optionalBoolean(ObjectNode body, String field, boolean fallback) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isBoolean()) {
            throw ApiException.badRequest("\"" + field + "\" must be true or false, got " + typeOf(node));
        }
        return node.booleanValue();
    }

    private static Object scalar(String name, JsonNode value) {
        if (value.isNull()) {
            return null;
        }
        if (value.isTextual()) {
            return value.textValue();
        }
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        if (value.isIntegralNumber()) {
            return value.canConvertToLong() ? (Object) value.longValue() : value.bigIntegerValue();
        }
        if (value.isNumber()) {
            return value.doubleValue();
        }
        throw ApiException.invalidParameter(name, "must be a string, number, boolean or null, got " + typeOf(value));
    }

    private static String typeOf(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT, POJO -> "an object";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            case BINARY, MISSING -> "nothing";
        };
    }
}
