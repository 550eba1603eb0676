package io.footfall.agent.outbox;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The outbox in one SQLite file, WAL mode, {@code synchronous=FULL}: a commit is on storage when it
 * returns, and a SIGKILL or power cut loses nothing committed.
 */
public final class SqliteOutbox implements Outbox {
    private final Connection db;
    private final String node;
    private final String streamId;
    private long lastSeq;
    private long lastWindowEnd;

    /** @param node the node id, first part of every message id */
    public SqliteOutbox(Path file, String node) {
        this.node = node;
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            db = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
            try (Statement s = db.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=FULL");
                s.execute("CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v TEXT NOT NULL)");
                s.execute("CREATE TABLE IF NOT EXISTS outbox (seq INTEGER PRIMARY KEY, id TEXT NOT NULL, topic TEXT NOT NULL,"
                        + " payload BLOB NOT NULL, window_start INTEGER NOT NULL, window_end INTEGER NOT NULL)");
            }
            String stream = meta("stream_id");
            if (stream == null) {
                byte[] b = new byte[3];
                new SecureRandom().nextBytes(b);
                stream = HexFormat.of().formatHex(b);
                setMeta("stream_id", stream);
            }
            streamId = stream;
            lastSeq = parse(meta("last_seq"));
            lastWindowEnd = parse(meta("last_window_end"));
        } catch (SQLException | java.io.IOException e) {
            throw new OutboxException("cannot open outbox " + file, e);
        }
    }

    @Override
    public String streamId() {
        return streamId;
    }

    @Override
    public synchronized long lastSeq() {
        return lastSeq;
    }

    @Override
    public synchronized long lastWindowEndMillis() {
        return lastWindowEnd;
    }

    @Override
    public synchronized OutboxMessage append(long windowStartMillis, long windowEndMillis, MessageFactory factory) {
        long seq = lastSeq + 1;
        String id = node + "/" + streamId + "/" + seq;
        Built built = factory.build(seq, id);
        OutboxMessage m = new OutboxMessage(seq, id, built.topic(), built.payload(), windowStartMillis, windowEndMillis);
        try {
            db.setAutoCommit(false);
            try (PreparedStatement p = db.prepareStatement("INSERT INTO outbox VALUES (?,?,?,?,?,?)")) {
                p.setLong(1, seq);
                p.setString(2, id);
                p.setString(3, m.topic());
                p.setBytes(4, built.payload());
                p.setLong(5, windowStartMillis);
                p.setLong(6, windowEndMillis);
                p.executeUpdate();
            }
            setMeta("last_seq", Long.toString(seq));
            setMeta("last_window_end", Long.toString(windowEndMillis));
            db.commit();
        } catch (SQLException e) {
            rollback();
            throw new OutboxException("cannot store window seq " + seq, e);
        } finally {
            autoCommit();
        }
        lastSeq = seq;
        lastWindowEnd = windowEndMillis;
        return m;
    }

    @Override
    public synchronized List<OutboxMessage> oldest(int max) {
        List<OutboxMessage> out = new ArrayList<>();
        try (PreparedStatement p = db.prepareStatement("SELECT seq, id, topic, payload, window_start, window_end FROM outbox ORDER BY seq LIMIT ?")) {
            p.setInt(1, max);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    out.add(new OutboxMessage(r.getLong(1), r.getString(2), r.getString(3), r.getBytes(4), r.getLong(5), r.getLong(6)));
                }
            }
        } catch (SQLException e) {
            throw new OutboxException("cannot read outbox", e);
        }
        return out;
    }

    @Override
    public synchronized void delete(long seq) {
        try (PreparedStatement p = db.prepareStatement("DELETE FROM outbox WHERE seq = ?")) {
            p.setLong(1, seq);
            p.executeUpdate();
        } catch (SQLException e) {
            throw new OutboxException("cannot delete seq " + seq, e);
        }
    }

    @Override
    public synchronized void deleteThrough(long seq) {
        try (PreparedStatement p = db.prepareStatement("DELETE FROM outbox WHERE seq <= ?")) {
            p.setLong(1, seq);
            p.executeUpdate();
        } catch (SQLException e) {
            throw new OutboxException("cannot delete through seq " + seq, e);
        }
    }

    @Override
    public synchronized long depth() {
        try (Statement s = db.createStatement(); ResultSet r = s.executeQuery("SELECT count(*) FROM outbox")) {
            return r.next() ? r.getLong(1) : 0;
        } catch (SQLException e) {
            throw new OutboxException("cannot count outbox", e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            db.close();
        } catch (SQLException e) {
            throw new OutboxException("cannot close outbox", e);
        }
    }

    private String meta(String key) throws SQLException {
        try (PreparedStatement p = db.prepareStatement("SELECT v FROM meta WHERE k = ?")) {
            p.setString(1, key);
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? r.getString(1) : null;
            }
        }
    }

    private void setMeta(String key, String value) throws SQLException {
        try (PreparedStatement p = db.prepareStatement("INSERT INTO meta(k, v) VALUES (?, ?) ON CONFLICT(k) DO UPDATE SET v = excluded.v")) {
            p.setString(1, key);
            p.setString(2, value);
            p.executeUpdate();
        }
    }

    private static long parse(String v) {
        return v == null ? 0 : Long.parseLong(v);
    }

    private void rollback() {
        try {
            db.rollback();
        } catch (SQLException ignored) {
            // the original failure is what matters
        }
    }

    private void autoCommit() {
        try {
            db.setAutoCommit(true);
        } catch (SQLException ignored) {
            // next statement will report a broken connection
        }
    }
}
