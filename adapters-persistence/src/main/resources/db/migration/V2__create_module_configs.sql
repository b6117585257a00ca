-- Saved parameter values per module, secrets unmasked. updated_at is UTC epoch microseconds.
CREATE TABLE module_configs (
    module_id  TEXT    NOT NULL PRIMARY KEY,
    -- A JSON object of strings, numbers and booleans, in the catalog's order.
    parameters TEXT    NOT NULL,
    updated_at INTEGER NOT NULL
) WITHOUT ROWID;
