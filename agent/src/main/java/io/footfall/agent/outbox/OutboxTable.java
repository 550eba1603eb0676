package io.footfall.agent.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;

/**
 * The outbox's rows and meta values on one open connection: every statement the outbox runs, each
 * write in its own transaction. Knows nothing of failures, retries or policy; {@link SqliteOutbox}
 * does.
 */
final class OutboxTable {
    private final Connection db;
    private int version;

    /** @param version the file's {@linkplain OutboxSchema#version schema version} */
    OutboxTable(Connection db, int version) {
        this.db = db;
        this.version = version;
    }

    /** False while the file still has an older schema (its migration failed): it is read, not written. */
    boolean current() {
        return version == OutboxSchema.CURRENT;
    }

    /** Migrates the file to the current schema, in one transaction; true when it did. */
    boolean migrate() throws SQLException {
        boolean migrated = OutboxSchema.migrate(db);
        version = OutboxSchema.version(db);
        return migrated;
    }

    Optional<String> meta(String key) throws SQLException {
        try (PreparedStatement p = db.prepareStatement("SELECT v FROM meta WHERE k = ?")) {
            p.setString(1, key);
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? Optional.of(r.getString(1)) : Optional.empty();
            }
        }
    }

    long metaLong(String key) throws SQLException {
        return meta(key).map(Long::parseLong).orElse(0L);
    }

    void setMeta(String key, String value) throws SQLException {
        try (PreparedStatement p = db.prepareStatement("INSERT INTO meta(k, v) VALUES (?, ?) ON CONFLICT(k) DO UPDATE SET v = excluded.v")) {
            p.setString(1, key);
            p.setString(2, value);
            p.executeUpdate();
        }
    }

    /** Stores {@code m} as the newest window: the row, {@code last_seq} and {@code last_window_end} in one transaction. */
    void append(OutboxMessage m) throws SQLException {
        inTransaction(() -> {
            insert(m);
            setMeta("last_seq", Long.toString(m.seq()));
            setMeta("last_window_end", Long.toString(m.windowEndMillis()));
        });
    }

    /**
     * Stores salvaged messages and the carried-over meta values in one transaction; {@code last_seq}
     * never goes back.
     */
    void carryOver(List<OutboxMessage> messages, long lastSeq, long lastWindowEnd, String quarantined) throws SQLException {
        inTransaction(() -> {
            for (OutboxMessage m : messages) {
                insert(m);
            }
            setMeta("last_seq", Long.toString(Math.max(lastSeq, metaLong("last_seq"))));
            setMeta("last_window_end", Long.toString(lastWindowEnd));
            setMeta("quarantined", quarantined);
        });
    }

    /** Up to {@code max} messages with a seq above {@code afterSeq}, lowest first. */
    List<OutboxMessage> oldest(long afterSeq, int max) throws SQLException {
        try (PreparedStatement p = db.prepareStatement("SELECT " + OutboxRows.columns(version) + " FROM outbox WHERE seq > ? ORDER BY seq LIMIT ?")) {
            p.setLong(1, afterSeq);
            p.setInt(2, max);
            try (ResultSet r = p.executeQuery()) {
                return OutboxRows.messages(r);
            }
        }
    }

    /** Deletes each given seq whose row still holds the given id, in one transaction. */
    void deleteAcknowledged(SortedMap<Long, String> acknowledged) throws SQLException {
        inTransaction(() -> {
            try (PreparedStatement p = db.prepareStatement("DELETE FROM outbox WHERE seq = ? AND id = ?")) {
                for (Map.Entry<Long, String> e : acknowledged.entrySet()) {
                    p.setLong(1, e.getKey());
                    p.setString(2, e.getValue());
                    p.addBatch();
                }
                p.executeBatch();
            }
        });
    }

    void delete(long seq) throws SQLException {
        try (PreparedStatement p = db.prepareStatement("DELETE FROM outbox WHERE seq = ?")) {
            p.setLong(1, seq);
            p.executeUpdate();
        }
    }

    /** How much is stored: messages and their payload bytes. */
    record Fill(long messages, long payloadBytes) {}

    /** One query, run after every append while the outbox applies its bounds. */
    Fill fill() throws SQLException {
        try (Statement s = db.createStatement(); ResultSet r = s.executeQuery("SELECT count(*), coalesce(sum(length(payload)), 0) FROM outbox")) {
            return r.next() ? new Fill(r.getLong(1), r.getLong(2)) : new Fill(0, 0);
        }
    }

    long count() throws SQLException {
        try (Statement s = db.createStatement(); ResultSet r = s.executeQuery("SELECT count(*) FROM outbox")) {
            return r.next() ? r.getLong(1) : 0L;
        }
    }

    /** The seq of the {@code n}-th oldest message (the last that may be in flight), 0 when empty. */
    long seqOfOldest(int n) throws SQLException {
        try (Statement s = db.createStatement();
                ResultSet r = s.executeQuery("SELECT max(seq) FROM (SELECT seq FROM outbox ORDER BY seq LIMIT " + n + ")")) {
            return r.next() ? r.getLong(1) : 0;
        }
    }

    /**
     * Offers the messages above {@code guard} whose window ended by {@code cutoff}, oldest first, to
     * {@code finder} until it has a run.
     */
    Optional<Coarsening.Run> findRun(long guard, long cutoff, Coarsening.RunFinder finder) throws SQLException {
        try (PreparedStatement p = db.prepareStatement(
                "SELECT seq, seq_last, id, window_start, window_end FROM outbox WHERE seq > ? AND window_end <= ? ORDER BY seq")) {
            p.setLong(1, guard);
            p.setLong(2, cutoff);
            try (ResultSet r = p.executeQuery()) {
                while (r.next() && finder.offer(new Coarsening.Row(r.getLong(1), r.getLong(2), MessageIds.prefix(r.getString(3)),
                        r.getLong(4), r.getLong(5)))) {
                    // offered
                }
            }
        }
        return finder.run();
    }

    /** The messages of a run, oldest first. */
    List<OutboxMessage> messages(Coarsening.Run run) throws SQLException {
        try (PreparedStatement p = db.prepareStatement("SELECT " + OutboxRows.COLUMNS + " FROM outbox WHERE seq BETWEEN ? AND ? ORDER BY seq")) {
            p.setLong(1, run.first().seq());
            p.setLong(2, run.last().seq());
            try (ResultSet r = p.executeQuery()) {
                return OutboxRows.messages(r);
            }
        }
    }

    /** Replaces the rows of {@code run} with {@code merged}, in one transaction. */
    void replace(Coarsening.Run run, OutboxMessage merged) throws SQLException {
        inTransaction(() -> {
            try (PreparedStatement p = db.prepareStatement("DELETE FROM outbox WHERE seq BETWEEN ? AND ?")) {
                p.setLong(1, run.first().seq());
                p.setLong(2, run.last().seq());
                p.executeUpdate();
            }
            insert(merged);
        });
    }

    /** The oldest message above {@code guard}, as the policy sees it. */
    Optional<Coarsening.Row> oldestAbove(long guard) throws SQLException {
        try (PreparedStatement p = db.prepareStatement("SELECT seq, seq_last, id, window_start, window_end FROM outbox WHERE seq > ? ORDER BY seq LIMIT 1")) {
            p.setLong(1, guard);
            try (ResultSet r = p.executeQuery()) {
                return r.next()
                        ? Optional.of(new Coarsening.Row(r.getLong(1), r.getLong(2), MessageIds.prefix(r.getString(3)), r.getLong(4), r.getLong(5)))
                        : Optional.empty();
            }
        }
    }

    /** Runs an SQL statement of the connection's own (a pragma). */
    void execute(String sql) throws SQLException {
        try (Statement s = db.createStatement()) {
            s.execute(sql);
        }
    }

    private void insert(OutboxMessage m) throws SQLException {
        try (PreparedStatement p = db.prepareStatement(OutboxRows.INSERT)) {
            OutboxRows.bind(p, m);
            p.executeUpdate();
        }
    }

    private void inTransaction(OutboxDb.Writes writes) throws SQLException {
        OutboxDb.inTransaction(db, writes);
    }
}
