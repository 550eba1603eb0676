-- footfall store, version 1 (SQLite). Keep in step with ../postgresql/V1__windows.sql.
-- One row per distinct id: a window, or a merged (coarsened) message covering seq..seq_last.
CREATE TABLE windows (
    id              TEXT    NOT NULL PRIMARY KEY,
    site            TEXT    NOT NULL,
    node            TEXT    NOT NULL,
    stream          TEXT    NOT NULL,
    seq             INTEGER NOT NULL,
    seq_last        INTEGER NOT NULL,
    merged          INTEGER NOT NULL,   -- windows this row sums: 1, or the node's "merged"
    window_start    INTEGER NOT NULL,   -- epoch milliseconds, UTC
    window_end      INTEGER NOT NULL,
    clock_synced    INTEGER NOT NULL,
    beam_in         INTEGER NOT NULL,
    beam_out        INTEGER NOT NULL,
    wifi_devices    INTEGER,            -- NULL: the node does not count Wi-Fi
    wifi_universal  INTEGER,
    wifi_randomized INTEGER,
    wifi_estimated  INTEGER,
    wifi_suppressed INTEGER,
    wifi_k          INTEGER,
    digest          INTEGER NOT NULL,   -- 64 bits of SHA-256 over the payload with sorted keys
    payload         TEXT    NOT NULL,   -- the payload as received (validated against counts.schema.json)
    received_at     INTEGER NOT NULL
);
CREATE INDEX windows_by_time ON windows (window_start);
CREATE INDEX windows_by_stream ON windows (site, node, stream, seq);

-- Same id, other content: the first arrival stays in windows, each differing arrival lands here.
CREATE TABLE conflicts (
    id          TEXT    NOT NULL,
    digest      INTEGER NOT NULL,
    topic       TEXT    NOT NULL,
    payload     TEXT    NOT NULL,
    received_at INTEGER NOT NULL,
    PRIMARY KEY (id, digest)
);

-- Seq ranges missing between the windows stored, per node stream. Derived from windows, so it
-- cannot disagree with them, whichever receiver stored what; a late re-send closes its gap.
CREATE VIEW gaps AS
SELECT site, node, stream, seq_last + 1 AS seq_from, next_seq - 1 AS seq_to
FROM (SELECT site, node, stream, seq, seq_last,
             LEAD(seq) OVER (PARTITION BY site, node, stream ORDER BY seq) AS next_seq
      FROM windows) w
WHERE next_seq > seq_last + 1;
