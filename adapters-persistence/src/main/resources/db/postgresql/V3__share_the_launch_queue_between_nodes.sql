-- Several service nodes on one database: a launch queue that every node claims from, the nodes alive, which node
-- holds which run, cancels asked of the node that holds a run, and news of every change sent to all nodes.

-- The node that claimed the run from the queue and executes it; NULL while it waits (and for runs recorded before
-- nodes shared a database).
ALTER TABLE runs ADD COLUMN node_id TEXT COLLATE "C";
-- Somebody asked for the run to be cancelled; the node that holds it does so.
ALTER TABLE runs ADD COLUMN cancel_requested BOOLEAN NOT NULL DEFAULT FALSE;
CREATE INDEX runs_active_by_node ON runs (node_id) WHERE status IN ('queued', 'running');

-- The nodes alive: each beats its heart every few seconds; a node silent for longer than the timeout is taken out
-- by another, which records the runs it held as failed.
CREATE TABLE nodes (
    node_id      TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    started_at   TIMESTAMPTZ      NOT NULL,
    heartbeat_at TIMESTAMPTZ      NOT NULL
);

-- Runs waiting for a node with a free slot, oldest first. A claim deletes the row and sets runs.node_id in one
-- transaction (FOR UPDATE SKIP LOCKED: claims of several nodes never wait for each other nor get the same run).
CREATE TABLE run_queue (
    position   BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    run_pk     BIGINT NOT NULL UNIQUE REFERENCES runs (id) ON DELETE CASCADE,
    -- The values the run was launched with, unmasked (a password included): the node that claims the run needs
    -- them for its arguments. Deleted with the row when the run is claimed or cancelled.
    parameters JSON   NOT NULL
);

-- News, sent at commit on the channel prismq_events as '<schema> <kind> <run_id> [<seq>]', so that nodes on other
-- schemas of the same database ignore it. Kinds: q (a run was queued), r (a run's record changed), c (a run's
-- cancel was asked for), l (the run's lines up to seq are stored).
CREATE FUNCTION prismq_queue_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('prismq_events', TG_TABLE_SCHEMA || ' q');
    RETURN NULL;
END
$$;

CREATE TRIGGER run_queue_changed AFTER INSERT ON run_queue
    FOR EACH STATEMENT EXECUTE FUNCTION prismq_queue_changed();

CREATE FUNCTION prismq_run_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.cancel_requested AND NOT OLD.cancel_requested THEN
        PERFORM pg_notify('prismq_events', TG_TABLE_SCHEMA || ' c ' || NEW.run_id);
    ELSE
        PERFORM pg_notify('prismq_events', TG_TABLE_SCHEMA || ' r ' || NEW.run_id);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER runs_changed AFTER UPDATE ON runs
    FOR EACH ROW EXECUTE FUNCTION prismq_run_changed();

-- One message per run and statement (a batch of lines arrives as one COPY), whatever the number of lines.
CREATE FUNCTION prismq_lines_stored() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('prismq_events', TG_TABLE_SCHEMA || ' l ' || r.run_id || ' ' || stored.last_seq)
    FROM (SELECT run_pk, MAX(seq) AS last_seq FROM new_lines GROUP BY run_pk) AS stored
    JOIN runs r ON r.id = stored.run_pk;
    RETURN NULL;
END
$$;

CREATE TRIGGER log_lines_stored AFTER INSERT ON log_lines
    REFERENCING NEW TABLE AS new_lines
    FOR EACH STATEMENT EXECUTE FUNCTION prismq_lines_stored();
