-- Saved parameter values per module, secrets unmasked.
CREATE TABLE module_configs (
    module_id  TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    -- A JSON object of strings, numbers and booleans, in the catalog's order (json keeps it, jsonb would not).
    parameters JSON             NOT NULL,
    updated_at TIMESTAMPTZ      NOT NULL
);
