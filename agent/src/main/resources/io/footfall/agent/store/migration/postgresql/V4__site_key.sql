-- Version 4: de-duplicate by (site, id), not by id alone. Keep in step with ../sqlite/V4__site_key.sql.
-- An id is node/stream/seq: node names are unique per site only (node-001 at every site) and the
-- stream is 24 random bits, so across a thousand sites two nodes share node/stream with ~3%
-- probability, and keyed by id alone one node's real windows would be dropped as the other's
-- duplicates (docs/MQTT.md, "De-duplication"). The gaps view is already per site, node and stream.
ALTER TABLE windows DROP CONSTRAINT windows_pkey;
ALTER TABLE windows ADD PRIMARY KEY (site, id);

-- Conflicts likewise: the site comes from the stored payload (validated: it names its topic's site).
ALTER TABLE conflicts ADD COLUMN site TEXT;
UPDATE conflicts SET site = payload::jsonb ->> 'site';
ALTER TABLE conflicts ALTER COLUMN site SET NOT NULL;
ALTER TABLE conflicts DROP CONSTRAINT conflicts_pkey;
ALTER TABLE conflicts ADD PRIMARY KEY (site, id, digest);

-- Also: version 3 filled its columns from stored payloads without the compact encoding's defaults
-- (docs/MQTT.md, "Compact encoding"): coverage.of absent means the window's length, wifi.capturing
-- absent (with coverage present) means coverage.counting. Fill what it left NULL by mistake.
UPDATE windows SET coverage_of = (window_end - window_start) / 1000
WHERE coverage_of IS NULL AND coverage_counting IS NOT NULL;
UPDATE windows SET wifi_capturing = coverage_counting
WHERE wifi_capturing IS NULL AND coverage_counting IS NOT NULL AND wifi_estimated IS NOT NULL;
