/**
 * What the SQL adapters of this module ({@code sqlite}, {@code postgres}) share: how parameters, levels and
 * streams are stored, the run-key cache, the storage failure and Flyway's logging. Public only because Java
 * packages cannot share otherwise; nothing outside this module uses it.
 */
package org.prismq.runner.adapters.persistence.jdbc;
