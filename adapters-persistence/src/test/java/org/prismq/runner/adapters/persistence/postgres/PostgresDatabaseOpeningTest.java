package org.prismq.runner.adapters.persistence.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;

import org.junit.jupiter.api.Test;

/** What opening refuses before a server is involved, or when none answers. */
class PostgresDatabaseOpeningTest {

    @Test
    void aUrlOfAnotherDatabaseIsRefusedSayingWhatIsExpected() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> PostgresDatabase.open("jdbc:sqlite:/tmp/prismq.db", null, null));

        assertEquals("not a PostgreSQL JDBC URL (jdbc:postgresql://host/database): jdbc:sqlite:/tmp/prismq.db",
                refused.getMessage());
    }

    @Test
    void aMalformedUrlIsRefusedWithoutItsPassword() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> PostgresDatabase.open("jdbc:postgresql://host:notaport/db?password=hunter2", null, null));

        assertEquals("not a valid PostgreSQL JDBC URL: jdbc:postgresql://host:notaport/db?password=***",
                refused.getMessage());
    }

    @Test
    void aServerThatDoesNotAnswerIsAnIllegalStateNamingTheUrl() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String url = "jdbc:postgresql://127.0.0.1:" + closedPort + "/prismq?password=hunter2";

        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> PostgresDatabase.open(url, "prismq", null));

        assertTrue(refused.getMessage().startsWith("cannot connect to the database jdbc:postgresql://127.0.0.1:"
                + closedPort + "/prismq?password=***: "), refused.getMessage());
        assertTrue(!refused.getMessage().contains("hunter2"), refused.getMessage());
    }

    @Test
    void redactMasksEveryPasswordParameterAndNothingElse() {
        assertEquals("jdbc:postgresql://h/db?user=u&password=***&ssl=true",
                PostgresDatabase.redact("jdbc:postgresql://h/db?user=u&password=secret&ssl=true"));
        assertEquals("jdbc:postgresql://h/db?PASSWORD=***", PostgresDatabase.redact("jdbc:postgresql://h/db?PASSWORD=x"));
        assertEquals("jdbc:postgresql://h/db", PostgresDatabase.redact("jdbc:postgresql://h/db"));
    }
}
