package org.prismq.runner.adapters.persistence.jdbc;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Optional;

import org.prismq.runner.application.port.out.ModuleConfigs;
import org.prismq.runner.application.port.out.SavedConfig;
import org.prismq.runner.domain.catalog.ModuleId;

/**
 * {@link ModuleConfigs} in the {@code module_configs} table of a {@link JdbcDatabase}, one row per module,
 * secrets stored as given. Values come back as {@link JdbcRuns} returns parameters; the time is kept to the
 * microsecond.
 *
 * <p>Thread-safe. A database failure is an unchecked exception with the {@link SQLException} as its cause.
 * The database must stay open while this is used; closing it is its owner's job.
 */
public final class JdbcModuleConfigs implements ModuleConfigs {

    private final JdbcDatabase database;
    private final SqlDialect dialect;
    private final String upsert;

    public JdbcModuleConfigs(JdbcDatabase database) {
        this.database = Objects.requireNonNull(database, "database");
        this.dialect = database.dialect();
        this.upsert = "INSERT INTO module_configs (module_id, parameters, updated_at) "
                + "VALUES (?, " + dialect.jsonPlaceholder() + ", ?) ON CONFLICT (module_id) DO UPDATE "
                + "SET parameters = excluded.parameters, updated_at = excluded.updated_at";
    }

    @Override
    public Optional<SavedConfig> find(ModuleId module) {
        return database.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT parameters, updated_at FROM module_configs WHERE module_id = ?")) {
                query.setString(1, module.value());
                try (ResultSet rows = query.executeQuery()) {
                    if (!rows.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new SavedConfig(module, ParametersJson.read(rows.getString("parameters")),
                            dialect.readInstant(rows, "updated_at")));
                }
            }
        });
    }

    @Override
    public void save(SavedConfig config) {
        String parameters = ParametersJson.write(config.parameters());
        database.write(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(upsert)) {
                statement.setString(1, config.moduleId().value());
                statement.setString(2, parameters);
                dialect.bindInstant(statement, 3, config.updatedAt());
                return statement.executeUpdate();
            }
        });
    }

    @Override
    public boolean delete(ModuleId module) {
        return database.write(connection -> {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM module_configs WHERE module_id = ?")) {
                delete.setString(1, module.value());
                return delete.executeUpdate() > 0;
            }
        });
    }
}
