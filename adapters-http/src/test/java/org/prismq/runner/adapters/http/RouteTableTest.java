package org.prismq.runner.adapters.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

class RouteTableTest {

    private static final ResourceHandler NOTHING = request -> {
    };

    private final RouteTable table = new RouteTable(List.of(
            new RouteTable.Route("/api/runs/delete", Set.of(RouteTable.POST), NOTHING),
            new RouteTable.Route("/api/runs/{run_id}", Set.of(RouteTable.DELETE, RouteTable.GET), NOTHING)));

    @Test
    void aTemplateSegmentCapturesOneSegmentPercentDecoded() {
        RouteTable.Match match = table.match("/api/runs/run%5F1");

        assertEquals("/api/runs/{run_id}", match.route().template());
        assertEquals(Map.of("run_id", "run_1"), match.values());
    }

    @Test
    void theFirstMatchingRouteWins() {
        assertEquals("/api/runs/delete", table.match("/api/runs/delete").route().template());
    }

    @Test
    void anEmptySegmentOrAnotherLengthMatchesNothing() {
        assertNull(table.match("/api/runs/"));
        assertNull(table.match("/api/runs/a/b"));
    }

    @Test
    void theDescriptionListsEachRouteWithItsMethodsInMatchingOrder() {
        assertEquals("POST /api/runs/delete; GET, DELETE /api/runs/{run_id}", table.describe());
    }
}
