-- Version 3: how much of each window the node watched (docs/MQTT.md, "Coverage") and the 80%
-- interval around the Wi-Fi estimate, in columns. Keep in step with ../sqlite/V3__coverage.sql.
-- NULL means unknown: a node older than coverage (never read it as "watched throughout"), a node
-- without Wi-Fi, or (for the interval) a suppressed estimate.
ALTER TABLE windows
    ADD COLUMN coverage_counting   INTEGER,  -- seconds the agent was running and counting
    ADD COLUMN coverage_of         INTEGER,  -- out of the window's length (summed over a merged message)
    ADD COLUMN wifi_capturing      INTEGER,  -- seconds the capture was running and delivering frames
    ADD COLUMN wifi_estimated_low  INTEGER,  -- the interval's ends; an end the node left out is wifi_estimated
    ADD COLUMN wifi_estimated_high INTEGER;

-- Rows stored before this version keep their payload: fill the columns from it (one pass).
UPDATE windows w SET
    coverage_counting   = (p.j -> 'coverage' ->> 'counting')::integer,
    -- the compact encoding (docs/MQTT.md) leaves out coverage.of (= the window's length) and
    -- wifi.capturing (= coverage.counting) where they hold those defaults
    coverage_of         = CASE WHEN p.j -> 'coverage' IS NOT NULL
                               THEN COALESCE((p.j -> 'coverage' ->> 'of')::integer, ((w.window_end - w.window_start) / 1000)::integer) END,
    wifi_capturing      = CASE WHEN p.j -> 'coverage' IS NOT NULL AND p.j -> 'wifi' IS NOT NULL
                               THEN COALESCE((p.j -> 'wifi' ->> 'capturing')::integer, (p.j -> 'coverage' ->> 'counting')::integer) END,
    wifi_estimated_low  = CASE WHEN NOT w.wifi_suppressed
                               THEN COALESCE((p.j -> 'wifi' ->> 'estimatedLow')::integer, w.wifi_estimated) END,
    wifi_estimated_high = CASE WHEN NOT w.wifi_suppressed
                               THEN COALESCE((p.j -> 'wifi' ->> 'estimatedHigh')::integer, w.wifi_estimated) END
FROM (SELECT id, payload::jsonb AS j FROM windows) p
WHERE p.id = w.id;
