package org.prismq.runner.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class IdCharactersTest {

    @Test
    void lettersDigitsDotsUnderscoresAndHyphensAreAllowed() {
        assertTrue(IdCharacters.allAllowed("Run_2026.11-25_abcXYZ09"));
        assertTrue(IdCharacters.fit("a", 1));
    }

    @Test
    void anythingElseIsNotNorIsTheEmptyTextOrATooLongOne() {
        for (String refused : new String[] {"", "a/b", "a b", "..\\x", "é", "a:b", "a%2f", "line\n"}) {
            assertFalse(IdCharacters.allAllowed(refused), refused);
        }
        assertFalse(IdCharacters.fit("ab", 1));
        assertTrue(IdCharacters.allAllowed("x".repeat(10_000)), "any length when no limit is asked for");
    }

    @Test
    void fittingReplacesEachCharacterThatIsNotAllowedAndKeepsTheLength() {
        assertEquals("my-host-local-", IdCharacters.fitting("my host/local\u00e9"));
        assertTrue(IdCharacters.allAllowed(IdCharacters.fitting("any thing: at all")));
    }
}
