package org.prismq.runner.adapters.persistence.sqlite;

import java.sql.Connection;
import java.sql.SQLException;

/** Work done on a connection lent by {@link SqliteDatabase}, inside one transaction. */
@FunctionalInterface
interface SqlWork<T> {

    T run(Connection connection) throws SQLException;
}
