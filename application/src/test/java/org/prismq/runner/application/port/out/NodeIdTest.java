package org.prismq.runner.application.port.out;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class NodeIdTest {

    @Test
    void aNodeIdIsLettersDigitsDotsUnderscoresAndDashesUpTo64() {
        assertEquals("worker-1.eu_b", new NodeId("worker-1.eu_b").value());
        assertEquals(64, new NodeId("n".repeat(64)).value().length());
        assertThrows(IllegalArgumentException.class, () -> new NodeId(""));
        assertThrows(IllegalArgumentException.class, () -> new NodeId("n".repeat(65)));
        assertThrows(IllegalArgumentException.class, () -> new NodeId("host name"));
    }

    @Test
    void fittingReplacesWhatANodeIdMayNotHoldAndKeepsTheLength() {
        assertEquals("my-host--lan-x.y_z", NodeId.fitting("my host:élan-x.y_z"));
        assertEquals("ab-c", NodeId.fitting("ab/c"));
        assertEquals("Host-01", new NodeId(NodeId.fitting("Host 01")).value());
    }
}
