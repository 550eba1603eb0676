package io.footfall.agent.outbox;

import io.footfall.agent.datadir.PrivateFiles;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The outbox file's tables and their versions, kept in SQLite's {@code PRAGMA user_version}.
 *
 * <ul>
 *   <li><b>0</b> (footfall before the seq range had a column): {@code outbox(seq, id, topic, payload,
 *       window_start, window_end)}; a coarsened message's range lived only in its id
 *       ({@code node/stream/first-last}).
 *   <li><b>1</b>: the same plus {@code seq_last}, the last seq a message covers ({@code = seq} for a
 *       single window), checked to be at least {@code seq}.
 * </ul>
 *
 * Both have {@code meta(k, v)} with {@code stream_id}, {@code last_seq}, {@code last_window_end} (and
 * {@code quarantined} after a quarantine). {@link #migrate} brings an older file up to date in place,
 * in one transaction: it is either migrated whole or left as it was.
 */
final class OutboxSchema {
    /** The version this code writes. */
    static final int CURRENT = 1;

    private static final String META = "CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v TEXT NOT NULL)";
    private static final String OUTBOX_COLUMNS = "(seq INTEGER PRIMARY KEY, seq_last INTEGER NOT NULL, id TEXT NOT NULL,"
            + " topic TEXT NOT NULL, payload BLOB NOT NULL, window_start INTEGER NOT NULL, window_end INTEGER NOT NULL,"
            + " CHECK (seq_last >= seq))";

    private OutboxSchema() {}

    /**
     * Creates an empty store so that it appears whole or not at all: the schema is written into
     * {@code outbox.db.new}, created 0600 (SQLite gives the {@code -wal} and {@code -shm} the mode
     * of the database file, so they are 0600 too), which is then renamed into place and the
     * directory synced. As root in a directory another user owns, the file is handed to that user.
     */
    static void create(Path file) throws IOException, SQLException {
        Path fresh = file.resolveSibling(file.getFileName() + ".new");
        Files.deleteIfExists(fresh);
        Files.deleteIfExists(fresh.resolveSibling(fresh.getFileName() + "-journal"));
        PrivateFiles.createFile(fresh);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + fresh); Statement s = c.createStatement()) {
            s.execute("PRAGMA synchronous=FULL");
            s.execute(META);
            s.execute("CREATE TABLE outbox " + OUTBOX_COLUMNS);
            s.execute("PRAGMA user_version=" + CURRENT);
        }
        Files.move(fresh, file, StandardCopyOption.ATOMIC_MOVE);
        try (FileChannel dir = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
            dir.force(true);
        }
    }

    /** The file's schema version; reads only. */
    static int version(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("PRAGMA user_version")) {
            return r.next() ? r.getInt(1) : 0;
        }
    }

    /**
     * Brings the file to {@link #CURRENT} in one transaction, or leaves it untouched; true when it
     * was migrated. Version 0 to 1 copies the table into one with {@code seq_last}, taking each
     * range from the message's id, the only time an id is read back. An id that does not match its
     * seq is damage: it fails as {@code SQLITE_CORRUPT}, so the caller's quarantine rules apply.
     *
     * @throws SQLException as SQLite reports it (full or read-only storage, corruption); rolled back
     * @throws OutboxException when the file was written by a newer footfall (nothing is changed)
     */
    static boolean migrate(Connection c) throws SQLException {
        int version = version(c);
        if (version == CURRENT) {
            return false;
        }
        if (version > CURRENT) {
            throw new OutboxException("the outbox has schema version " + version + ", written by a newer footfall than this one (which"
                    + " knows versions up to " + CURRENT + "); it is left untouched: install that version again", null);
        }
        OutboxDb.inTransaction(c, () -> toCurrent(c));
        return true;
    }

    /** The statements of {@link #migrate}, run in its transaction. */
    private static void toCurrent(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(META);
            if (!hasOutboxTable(s)) { // an empty SQLite file, not one of ours: give it the tables
                s.execute("CREATE TABLE outbox " + OUTBOX_COLUMNS);
                s.execute("PRAGMA user_version=" + CURRENT);
                return;
            }
            s.execute("CREATE TABLE outbox_v1 " + OUTBOX_COLUMNS);
            s.execute("INSERT INTO outbox_v1 (seq, seq_last, id, topic, payload, window_start, window_end)"
                    + " SELECT seq, seq, id, topic, payload, window_start, window_end FROM outbox");
            try (ResultSet r = s.executeQuery("SELECT seq, id FROM outbox");
                    PreparedStatement p = c.prepareStatement("UPDATE outbox_v1 SET seq_last = ? WHERE seq = ?")) {
                while (r.next()) {
                    long seq = r.getLong(1);
                    long last;
                    try {
                        last = MessageIds.legacySeqLast(seq, r.getString(2));
                    } catch (IllegalArgumentException e) {
                        throw new SQLException("cannot migrate the outbox: " + e.getMessage(), "corrupt", 11);
                    }
                    if (last != seq) {
                        p.setLong(1, last);
                        p.setLong(2, seq);
                        p.executeUpdate();
                    }
                }
            }
            s.execute("DROP TABLE outbox");
            s.execute("ALTER TABLE outbox_v1 RENAME TO outbox");
            s.execute("PRAGMA user_version=" + CURRENT);
        }
    }

    private static boolean hasOutboxTable(Statement s) throws SQLException {
        try (ResultSet r = s.executeQuery("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'outbox'")) {
            return r.next() && r.getInt(1) == 1;
        }
    }
}
