package org.prismq.runner.adapters.persistence.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * A PostgreSQL database for tests, as a JUnit extension registered on a static field: each test gets a schema of
 * its own, created before it and dropped after it, so tests never see each other's rows. {@link #url()} points
 * into that schema.
 *
 * <p>The server, in this order: the JDBC URL in {@value #URL_VARIABLE} (credentials in {@value #USER_VARIABLE}
 * and {@value #PASSWORD_VARIABLE}); else a Testcontainers container, when a Docker engine answers. Without
 * either, the tests fail when the variable {@code CI} is {@code true}, so that CI never passes without them, and
 * are skipped otherwise, with a message that says how to run them.
 */
public final class TestPostgres
        implements ExecutionCondition, BeforeAllCallback, BeforeEachCallback, AfterEachCallback {

    public static final String URL_VARIABLE = "PRISMQ_TEST_POSTGRES_URL";
    public static final String USER_VARIABLE = "PRISMQ_TEST_POSTGRES_USER";
    public static final String PASSWORD_VARIABLE = "PRISMQ_TEST_POSTGRES_PASSWORD";
    private static final String IMAGE = "postgres:16-alpine";
    private static final String HOW_TO_RUN = "Set " + URL_VARIABLE + " to a JDBC URL of a database the tests may "
            + "create schemas in (jdbc:postgresql://127.0.0.1:5432/prismq_test) and " + USER_VARIABLE + " and "
            + PASSWORD_VARIABLE + " to its credentials, or start a Docker engine for Testcontainers, or run "
            + ".ci/run, which installs and starts a local PostgreSQL and runs every test.";
    private static final String SKIPPED = "PostgreSQL tests skipped: no PostgreSQL given and no Docker engine. "
            + HOW_TO_RUN;
    private static final System.Logger LOG = System.getLogger(TestPostgres.class.getName());
    private static final AtomicBoolean SKIP_LOGGED = new AtomicBoolean();

    private String schema;

    /** The server the tests use, found once per test run; {@code null} when there is none. */
    private record Server(String url, String user, String password) {

        private static final Server FOUND = find();

        private static Server find() {
            String url = System.getenv(URL_VARIABLE);
            if (url != null && !url.isBlank()) {
                return new Server(url.strip(), System.getenv(USER_VARIABLE), System.getenv(PASSWORD_VARIABLE));
            }
            if (!DockerClientFactory.instance().isDockerAvailable()) {
                return null;
            }
            // Never stopped here: Testcontainers removes it when the test JVM exits.
            PostgreSQLContainer<?> container = new PostgreSQLContainer<>(DockerImageName.parse(IMAGE));
            container.start();
            return new Server(container.getJdbcUrl(), container.getUsername(), container.getPassword());
        }

        Connection connect() throws SQLException {
            Properties credentials = new Properties();
            if (user != null) {
                credentials.setProperty("user", user);
            }
            if (password != null) {
                credentials.setProperty("password", password);
            }
            return DriverManager.getConnection(url, credentials);
        }
    }

    /**
     * Without a server (and outside CI) every test method is disabled, rather than the class, so that each one is
     * reported as skipped, with the reason; no before or after method of it runs.
     */
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (Server.FOUND != null || inCi() || context.getTestMethod().isEmpty()) {
            return ConditionEvaluationResult.enabled("a PostgreSQL is there, or CI must fail without one");
        }
        if (!SKIP_LOGGED.getAndSet(true)) {
            LOG.log(System.Logger.Level.WARNING, SKIPPED);
        }
        return ConditionEvaluationResult.disabled(SKIPPED);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (Server.FOUND == null && inCi()) {
            Assertions.fail("CI=true but there is no PostgreSQL for the PostgreSQL tests. " + HOW_TO_RUN);
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) throws SQLException {
        schema = "prismq_test_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
        execute("CREATE SCHEMA " + schema);
    }

    @Override
    public void afterEach(ExtensionContext context) throws SQLException {
        execute("DROP SCHEMA " + schema + " CASCADE");
    }

    private static boolean inCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** The JDBC URL of the current test's schema, without credentials. */
    public String url() {
        String url = Server.FOUND.url();
        return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    /** The user name to connect with, or {@code null} when the URL or the driver's default gives it. */
    public String user() {
        return Server.FOUND.user();
    }

    /** The password to connect with, or {@code null} when the URL gives it or none is needed. */
    public String password() {
        return Server.FOUND.password();
    }

    /** Opens the current test's schema as a {@link PostgresDatabase}; the caller closes it. */
    public PostgresDatabase open() {
        return PostgresDatabase.open(url(), user(), password());
    }

    /** Runs one statement in the current test's database, outside any {@link PostgresDatabase}. */
    public void execute(String sql) throws SQLException {
        try (Connection connection = Server.FOUND.connect(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** The first column of the first row of a query, as text, run outside any {@link PostgresDatabase}. */
    public String query(String sql) throws SQLException {
        try (Connection connection = Server.FOUND.connect(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            return rows.next() ? rows.getString(1) : null;
        }
    }
}
