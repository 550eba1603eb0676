-- Version 2: the gaps view also says when each gap lies (from the end of the window before it to
-- the start of the window after it, epoch milliseconds), so a chart can mark it.
DROP VIEW gaps;
CREATE VIEW gaps AS
SELECT site, node, stream, seq_last + 1 AS seq_from, next_seq - 1 AS seq_to,
       window_end AS gap_start, next_start AS gap_end
FROM (SELECT site, node, stream, seq, seq_last, window_end,
             LEAD(seq) OVER (PARTITION BY site, node, stream ORDER BY seq) AS next_seq,
             LEAD(window_start) OVER (PARTITION BY site, node, stream ORDER BY seq) AS next_start
      FROM windows) w
WHERE next_seq > seq_last + 1;
