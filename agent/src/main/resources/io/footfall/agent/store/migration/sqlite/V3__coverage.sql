-- Version 3: how much of each window the node watched (docs/MQTT.md, "Coverage") and the 80%
-- interval around the Wi-Fi estimate, in columns. Keep in step with ../postgresql/V3__coverage.sql.
-- NULL means unknown: a node older than coverage (never read it as "watched throughout"), a node
-- without Wi-Fi, or (for the interval) a suppressed estimate.
ALTER TABLE windows ADD COLUMN coverage_counting   INTEGER;  -- seconds the agent was running and counting
ALTER TABLE windows ADD COLUMN coverage_of         INTEGER;  -- out of the window's length (summed over a merged message)
ALTER TABLE windows ADD COLUMN wifi_capturing      INTEGER;  -- seconds the capture was running and delivering frames
ALTER TABLE windows ADD COLUMN wifi_estimated_low  INTEGER;  -- the interval's ends; an end the node left out is wifi_estimated
ALTER TABLE windows ADD COLUMN wifi_estimated_high INTEGER;

-- Rows stored before this version keep their payload: fill the columns from it (one pass).
UPDATE windows SET
    coverage_counting   = json_extract(payload, '$.coverage.counting'),
    -- the compact encoding (docs/MQTT.md) leaves out coverage.of (= the window's length) and
    -- wifi.capturing (= coverage.counting) where they hold those defaults
    coverage_of         = CASE WHEN json_extract(payload, '$.coverage') IS NOT NULL
                               THEN COALESCE(json_extract(payload, '$.coverage.of'), (window_end - window_start) / 1000) END,
    wifi_capturing      = CASE WHEN json_extract(payload, '$.coverage') IS NOT NULL AND json_extract(payload, '$.wifi') IS NOT NULL
                               THEN COALESCE(json_extract(payload, '$.wifi.capturing'), json_extract(payload, '$.coverage.counting')) END,
    wifi_estimated_low  = CASE WHEN wifi_suppressed = 0
                               THEN COALESCE(json_extract(payload, '$.wifi.estimatedLow'), wifi_estimated) END,
    wifi_estimated_high = CASE WHEN wifi_suppressed = 0
                               THEN COALESCE(json_extract(payload, '$.wifi.estimatedHigh'), wifi_estimated) END;
