/**
 * The SQL storage of this module, written once for both databases: {@link JdbcRuns}, {@link BlockLogStore} and
 * {@link JdbcModuleConfigs} work on any {@link JdbcDatabase} ({@code sqlite.SqliteDatabase},
 * {@code postgres.PostgresDatabase}), and the few ways the two differ are its {@link SqlDialect}. Also what
 * those packages share: how levels and streams are stored, the log block format ({@link LogBlock},
 * {@link Micros}), the storage failure and Flyway's logging, public only because Java packages cannot share
 * otherwise.
 */
package org.prismq.runner.adapters.persistence.jdbc;
