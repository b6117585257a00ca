package org.prismq.runner.adapters.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/**
 * {@link ErrorCode} is the one list of error codes: docs/api.md and the OpenAPI document list exactly its codes,
 * and the documentation gives each the status the code has.
 */
class ErrorCodesTest {

    private static final Path API_DOC = Path.of("..", "docs", "api.md");
    /** A row of the error table: {@code | 404 | `module_not_found`, `run_not_found` | when |}. */
    private static final Pattern TABLE_ROW = Pattern.compile("^\\| (\\d{3}) \\| ((?:`[a-z_]+`(?:, )?)+) \\|");
    private static final Pattern CODE = Pattern.compile("`([a-z_]+)`");

    private static Map<String, Integer> codesInCode() {
        return Arrays.stream(ErrorCode.values())
                .collect(Collectors.toMap(ErrorCode::wireName, ErrorCode::status, (a, b) -> a, TreeMap::new));
    }

    @Test
    void theErrorTableOfTheApiDocumentListsEveryCodeWithItsStatusAndNoOther() throws IOException {
        Map<String, Integer> documented = new TreeMap<>();
        for (String line : Files.readAllLines(API_DOC)) {
            Matcher row = TABLE_ROW.matcher(line);
            if (row.find()) {
                Matcher code = CODE.matcher(row.group(2));
                while (code.find()) {
                    documented.put(code.group(1), Integer.parseInt(row.group(1)));
                }
            }
        }

        assertFalse(documented.isEmpty(), "no error table found in " + API_DOC);
        assertEquals(codesInCode(), documented);
    }

    @Test
    void theOpenApiDocumentListsEveryCodeAndNoOther() throws IOException {
        JsonNode document = TestServer.JSON.readTree(OpenApiHandler.load());
        JsonNode listed = document.at("/components/schemas/Error/properties/error_code/enum");

        assertFalse(listed.isMissingNode(), "the Error schema has no error_code enum");
        TreeSet<String> codes = new TreeSet<>();
        listed.forEach(code -> codes.add(code.asText()));
        assertEquals(codesInCode().keySet(), codes);
        assertEquals(listed.size(), codes.size(), "a code listed twice");
    }

    @Test
    void everyCodeIsNamedOnce() {
        Map<String, ErrorCode> byName = Arrays.stream(ErrorCode.values())
                .collect(Collectors.toMap(ErrorCode::wireName, Function.identity()));

        assertEquals(ErrorCode.values().length, byName.size());
        assertEquals("queue_full", ErrorCode.QUEUE_FULL.wireName());
    }
}
