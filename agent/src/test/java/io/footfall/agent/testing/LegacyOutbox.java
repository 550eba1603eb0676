package io.footfall.agent.testing;

import io.footfall.agent.kinds.Kinds;
import io.footfall.agent.mqtt.Topics;
import io.footfall.agent.outbox.CountsMerger;
import io.footfall.agent.outbox.OutboxMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * An outbox file as footfall wrote it before the seq range had its own column (schema version 0,
 * up to commit 0c2bb64): the same tables and statements, frozen here, with windows of
 * {@link Windows} and one coarsened message made by the real {@link CountsMerger}, whose range
 * lives only in its id ({@code node/stream/first-last}) and its payload's {@code seqLast}.
 */
public final class LegacyOutbox {
    private LegacyOutbox() {}

    /**
     * Writes {@code file} (and its seq mark, as that version did) holding windows {@code 1..windows},
     * with {@code mergeFirst..mergeLast} coarsened into one message; returns the messages stored,
     * oldest first, each with the range it covers.
     */
    public static List<OutboxMessage> write(Path file, Topics topics, String stream, int windows, long mergeFirst, long mergeLast)
            throws Exception {
        List<OutboxMessage> singles = new ArrayList<>();
        for (long seq = 1; seq <= windows; seq++) {
            long start = Windows.DAY0 + (seq - 1) * Windows.FIVE_MINUTES;
            String id = topics.node() + "/" + stream + "/" + seq;
            singles.add(new OutboxMessage(seq, id, topics.counts(), Windows.json(topics, seq, id, start, start + Windows.FIVE_MINUTES),
                    start, start + Windows.FIVE_MINUTES));
        }
        List<OutboxMessage> stored = new ArrayList<>();
        List<OutboxMessage> parts = new ArrayList<>();
        for (OutboxMessage m : singles) {
            if (m.seq() < mergeFirst || m.seq() > mergeLast) {
                stored.add(m);
                continue;
            }
            parts.add(m);
            if (m.seq() == mergeLast) {
                String id = topics.node() + "/" + stream + "/" + mergeFirst + "-" + mergeLast;
                stored.add(new OutboxMessage(mergeFirst, mergeLast, id, topics.counts(), new CountsMerger(Kinds.STANDARD.sections()).merge(parts, id),
                        parts.get(0).windowStartMillis(), m.windowEndMillis()));
            }
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("PRAGMA synchronous=FULL");
            s.execute("CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v TEXT NOT NULL)");
            s.execute("CREATE TABLE IF NOT EXISTS outbox (seq INTEGER PRIMARY KEY, id TEXT NOT NULL, topic TEXT NOT NULL,"
                    + " payload BLOB NOT NULL, window_start INTEGER NOT NULL, window_end INTEGER NOT NULL)");
            try (PreparedStatement p = c.prepareStatement("INSERT OR REPLACE INTO outbox VALUES (?,?,?,?,?,?)")) {
                for (OutboxMessage m : stored) {
                    p.setLong(1, m.seq());
                    p.setString(2, m.id());
                    p.setString(3, m.topic());
                    p.setBytes(4, m.payload());
                    p.setLong(5, m.windowStartMillis());
                    p.setLong(6, m.windowEndMillis());
                    p.executeUpdate();
                }
            }
            OutboxMessage last = singles.get(singles.size() - 1);
            try (PreparedStatement p = c.prepareStatement("INSERT INTO meta(k, v) VALUES (?, ?)")) {
                for (String[] kv : List.of(new String[] {"stream_id", stream}, new String[] {"last_seq", Long.toString(last.seq())},
                        new String[] {"last_window_end", Long.toString(last.windowEndMillis())})) {
                    p.setString(1, kv[0]);
                    p.setString(2, kv[1]);
                    p.executeUpdate();
                }
            }
        }
        Files.writeString(file.resolveSibling(file.getFileName() + ".seq"), String.format("%s %019d%n", stream, (long) windows),
                StandardCharsets.US_ASCII);
        return stored;
    }
}
