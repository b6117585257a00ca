package org.prismq.runner.adapters.persistence.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.prismq.runner.adapters.persistence.jdbc.StorageException;

class PostgresTextTest {

    @Test
    void textWithoutNulOrEscapeIsStoredAsItIs() {
        String plain = "plain \\ text \u001B[31m 🚀 \uFFFE";

        assertSame(plain, PostgresText.store(plain));
        assertSame(plain, PostgresText.load(plain));
        assertNull(PostgresText.store(null));
        assertNull(PostgresText.load(null));
    }

    @Test
    void nulAndTheEscapeComeBackExactlyAndNoNulIsStored() {
        for (String text : List.of("\u0000", "\uFFFF", "\uFFFF0", "a\u0000b\uFFFFc", "\u0000\u0000\uFFFF\uFFFF",
                "ends with\uFFFF", "ends with\u0000", "\uFFFF\u0000")) {
            String stored = PostgresText.store(text);

            assertTrue(stored.indexOf('\u0000') < 0, "no NUL stored for " + text.codePoints().boxed().toList());
            assertEquals(text, PostgresText.load(stored));
        }
    }

    @Test
    void storedTextWithALoneEscapeIsCorrupt() {
        assertThrows(StorageException.class, () -> PostgresText.load("dangling\uFFFF"));
        assertThrows(StorageException.class, () -> PostgresText.load("\uFFFFx"));
    }
}
