package org.prismq.runner.adapters.persistence.jdbc;

import java.sql.Connection;
import java.sql.SQLException;

/** Work done on a connection lent by a database of this module, inside one transaction. */
@FunctionalInterface
public interface SqlWork<T> {

    T run(Connection connection) throws SQLException;
}
