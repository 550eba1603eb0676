-- Version 4: de-duplicate by (site, id), not by id alone. Keep in step with ../postgresql/V4__site_key.sql.
-- An id is node/stream/seq: node names are unique per site only (node-001 at every site) and the
-- stream is 24 random bits, so across a thousand sites two nodes share node/stream with ~3%
-- probability, and keyed by id alone one node's real windows would be dropped as the other's
-- duplicates (docs/MQTT.md, "De-duplication"). SQLite cannot change a primary key in place:
-- rebuild the tables, keeping every row. The gaps view (already per site, node and stream) is
-- dropped and made again around the rebuild.
DROP VIEW gaps;

CREATE TABLE windows_v4 (
    id                  TEXT    NOT NULL,
    site                TEXT    NOT NULL,
    node                TEXT    NOT NULL,
    stream              TEXT    NOT NULL,
    seq                 INTEGER NOT NULL,
    seq_last            INTEGER NOT NULL,
    merged              INTEGER NOT NULL,
    window_start        INTEGER NOT NULL,
    window_end          INTEGER NOT NULL,
    clock_synced        INTEGER NOT NULL,
    beam_in             INTEGER NOT NULL,
    beam_out            INTEGER NOT NULL,
    wifi_devices        INTEGER,
    wifi_universal      INTEGER,
    wifi_randomized     INTEGER,
    wifi_estimated      INTEGER,
    wifi_suppressed     INTEGER,
    wifi_k              INTEGER,
    digest              INTEGER NOT NULL,
    payload             TEXT    NOT NULL,
    received_at         INTEGER NOT NULL,
    coverage_counting   INTEGER,
    coverage_of         INTEGER,
    wifi_capturing      INTEGER,
    wifi_estimated_low  INTEGER,
    wifi_estimated_high INTEGER,
    PRIMARY KEY (site, id)
);
INSERT INTO windows_v4 (id, site, node, stream, seq, seq_last, merged, window_start, window_end, clock_synced, beam_in, beam_out,
        wifi_devices, wifi_universal, wifi_randomized, wifi_estimated, wifi_suppressed, wifi_k, digest, payload, received_at,
        coverage_counting, coverage_of, wifi_capturing, wifi_estimated_low, wifi_estimated_high)
SELECT id, site, node, stream, seq, seq_last, merged, window_start, window_end, clock_synced, beam_in, beam_out,
       wifi_devices, wifi_universal, wifi_randomized, wifi_estimated, wifi_suppressed, wifi_k, digest, payload, received_at,
       coverage_counting, coverage_of, wifi_capturing, wifi_estimated_low, wifi_estimated_high
FROM windows;
DROP TABLE windows;
ALTER TABLE windows_v4 RENAME TO windows;
CREATE INDEX windows_by_time ON windows (window_start);
CREATE INDEX windows_by_stream ON windows (site, node, stream, seq);

-- Conflicts likewise: the site comes from the stored payload (validated: it names its topic's site).
CREATE TABLE conflicts_v4 (
    site        TEXT    NOT NULL,
    id          TEXT    NOT NULL,
    digest      INTEGER NOT NULL,
    topic       TEXT    NOT NULL,
    payload     TEXT    NOT NULL,
    received_at INTEGER NOT NULL,
    PRIMARY KEY (site, id, digest)
);
INSERT INTO conflicts_v4 (site, id, digest, topic, payload, received_at)
SELECT json_extract(payload, '$.site'), id, digest, topic, payload, received_at FROM conflicts;
DROP TABLE conflicts;
ALTER TABLE conflicts_v4 RENAME TO conflicts;

CREATE VIEW gaps AS
SELECT site, node, stream, seq_last + 1 AS seq_from, next_seq - 1 AS seq_to,
       window_end AS gap_start, next_start AS gap_end
FROM (SELECT site, node, stream, seq, seq_last, window_end,
             LEAD(seq) OVER (PARTITION BY site, node, stream ORDER BY seq) AS next_seq,
             LEAD(window_start) OVER (PARTITION BY site, node, stream ORDER BY seq) AS next_start
      FROM windows) w
WHERE next_seq > seq_last + 1;

-- Also: version 3 filled its columns from stored payloads without the compact encoding's defaults
-- (docs/MQTT.md, "Compact encoding"): coverage.of absent means the window's length, wifi.capturing
-- absent (with coverage present) means coverage.counting. Fill what it left NULL by mistake.
UPDATE windows SET coverage_of = (window_end - window_start) / 1000
WHERE coverage_of IS NULL AND coverage_counting IS NOT NULL;
UPDATE windows SET wifi_capturing = coverage_counting
WHERE wifi_capturing IS NULL AND coverage_counting IS NOT NULL AND wifi_estimated IS NOT NULL;
