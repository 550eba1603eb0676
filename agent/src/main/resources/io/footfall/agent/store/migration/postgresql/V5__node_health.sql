-- Version 5: the last health snapshot of each node (footfall/v1/{site}/{node}/health), for the
-- FIWARE Device export. Keep in step with ../sqlite/V5__node_health.sql. One row per node: bounded
-- by the fleet, whatever the nodes send; a snapshot older than the row (by the node's own time) never
-- replaces it.
CREATE TABLE node_health (
    site        TEXT    NOT NULL,
    node        TEXT    NOT NULL,
    time        BIGINT  NOT NULL,  -- the snapshot's time, epoch milliseconds, UTC
    payload     TEXT    NOT NULL,  -- the payload as received (validated against health.schema.json)
    received_at BIGINT  NOT NULL,
    PRIMARY KEY (site, node)
);
