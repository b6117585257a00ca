package org.prismq.runner.adapters.persistence.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.prismq.runner.adapters.persistence.jdbc.StorageException;

/** The pool's lending rules, on stand-in connections that only know whether they were closed. */
class ConnectionPoolTest {

    private static final Duration GRACE = Duration.ofSeconds(5);

    private final List<Connection> opened = new CopyOnWriteArrayList<>();
    private final List<Connection> closed = new CopyOnWriteArrayList<>();

    @Test
    void connectionsAreOpenedWhenFirstNeededAndReusedWhenGivenBack() {
        ConnectionPool pool = new ConnectionPool("test", this::open, 2, GRACE);
        assertEquals(0, opened.size());

        Connection first = pool.borrow();
        pool.back(first, true);
        Connection again = pool.borrow();

        assertSame(first, again);
        assertEquals(1, opened.size());
        pool.back(again, true);
        pool.close();
    }

    @Test
    void aBorrowerWaitsWhileAllAreLentAndGetsTheOneGivenBack() throws Exception {
        ConnectionPool pool = new ConnectionPool("test", this::open, 1, GRACE);
        Connection lent = pool.borrow();
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<Connection> waiting = executor.submit(pool::borrow);
            assertThrows(TimeoutException.class, () -> waiting.get(200, TimeUnit.MILLISECONDS));

            pool.back(lent, true);

            assertSame(lent, waiting.get(30, TimeUnit.SECONDS));
            pool.back(lent, true);
        }
        pool.close();
    }

    @Test
    void anUnusableConnectionIsClosedAndReplacedByANewOne() {
        ConnectionPool pool = new ConnectionPool("test", this::open, 1, GRACE);
        Connection broken = pool.borrow();

        pool.back(broken, false);
        Connection replacement = pool.borrow();

        assertEquals(List.of(broken), closed);
        assertNotSame(broken, replacement);
        pool.back(replacement, true);
        pool.close();
    }

    @Test
    void aFailedOpenFreesItsPlaceForTheNextBorrower() {
        AtomicBoolean serverDown = new AtomicBoolean(true);
        ConnectionPool pool = new ConnectionPool("test", () -> {
            if (serverDown.get()) {
                throw new SQLException("connection refused", "08001");
            }
            return open();
        }, 1, GRACE);

        StorageException refused = assertThrows(StorageException.class, pool::borrow);
        serverDown.set(false);
        Connection connection = pool.borrow();

        assertTrue(refused.getMessage().contains("connection refused"), refused.getMessage());
        pool.back(connection, true);
        pool.close();
    }

    @Test
    void closeClosesIdleConnectionsAndOnesGivenBackLaterAndRefusesBorrowers() throws Exception {
        ConnectionPool pool = new ConnectionPool("test", this::open, 2, Duration.ofMillis(100));
        Connection idle = pool.borrow();
        Connection lent = pool.borrow();
        pool.back(idle, true);

        pool.close();

        assertEquals(List.of(idle), closed);
        assertThrows(IllegalStateException.class, pool::borrow);
        pool.back(lent, true);
        assertEquals(List.of(idle, lent), closed);
    }

    @Test
    void aBorrowerWaitingWhenThePoolClosesIsRefused() throws Exception {
        ConnectionPool pool = new ConnectionPool("test", this::open, 1, Duration.ofMillis(100));
        Connection lent = pool.borrow();
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<Connection> waiting = executor.submit(pool::borrow);
            assertThrows(TimeoutException.class, () -> waiting.get(200, TimeUnit.MILLISECONDS));

            pool.close();

            Exception refused = assertThrows(Exception.class, () -> waiting.get(30, TimeUnit.SECONDS));
            assertTrue(refused.getCause() instanceof IllegalStateException, refused.toString());
        }
        pool.back(lent, true);
    }

    /** A stand-in connection: {@code close()} is recorded, every other method is unsupported. */
    private Connection open() {
        Connection[] self = new Connection[1];
        self[0] = (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, arguments) -> switch (method.getName()) {
                    case "close" -> {
                        closed.add(self[0]);
                        yield null;
                    }
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == arguments[0];
                    case "toString" -> "connection " + opened.indexOf(self[0]);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        opened.add(self[0]);
        return self[0];
    }
}
