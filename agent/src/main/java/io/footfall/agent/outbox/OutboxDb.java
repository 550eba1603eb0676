package io.footfall.agent.outbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's connection to its outbox file: created whole when missing, owner-only, WAL,
 * {@code synchronous=FULL}, checked by {@code PRAGMA quick_check}, its write-ahead log kept small.
 * A file that fails the checks throws as {@code SQLITE_CORRUPT}, for the caller's quarantine.
 */
final class OutboxDb {
    private static final Logger log = LoggerFactory.getLogger(OutboxDb.class);
    private static final int WAL_CHECKPOINT_PAGES = 100;
    private static final long WAL_MAX_BYTES = 256 * 1024;

    private OutboxDb() {}

    /**
     * Opens {@code file}, creating it first when there is none ({@link OutboxSchema#create}). A
     * zero-byte file is therefore never one of ours in the making: it is a store that lost its
     * contents (a truncation, an SD card's power cut) and is treated as corrupt, so the loss is
     * recorded instead of silently starting over.
     *
     * @param maxPageCount {@code PRAGMA max_page_count} when above 0
     */
    static Connection open(Path file, long maxPageCount) throws SQLException {
        try {
            if (!Files.exists(file)) {
                OutboxSchema.create(file);
            } else if (Files.size(file) == 0) {
                throw new SQLException("the file is empty (zero bytes) though a store existed", "corrupt", 11);
            } else {
                tighten(file);
            }
        } catch (IOException e) {
            throw new OutboxException("cannot create outbox " + file, e);
        }
        Connection db = DriverManager.getConnection("jdbc:sqlite:" + file);
        try (Statement s = db.createStatement()) {
            s.execute("PRAGMA busy_timeout=5000");
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("PRAGMA synchronous=FULL");
            try (ResultSet r = s.executeQuery("PRAGMA quick_check")) {
                String verdict = r.next() ? r.getString(1) : "no answer";
                if (!"ok".equals(verdict)) {
                    throw new SQLException("quick_check: " + verdict, "corrupt", 11);
                }
            }
            if (maxPageCount > 0) {
                s.execute("PRAGMA max_page_count=" + maxPageCount);
            }
            limitWal(s);
            return db;
        } catch (SQLException | RuntimeException e) {
            try {
                db.close();
            } catch (SQLException ignored) {
                // the original failure is what matters
            }
            throw e;
        }
    }

    /** Statements of one transaction ({@link #inTransaction}). */
    @FunctionalInterface
    interface Writes {
        void run() throws SQLException;
    }

    /**
     * Runs {@code writes} as one transaction of {@code db}: committed when they return, rolled back
     * when they throw (the original failure is rethrown); the connection's auto-commit mode is
     * restored either way.
     */
    static void inTransaction(Connection db, Writes writes) throws SQLException {
        boolean autoCommit = db.getAutoCommit();
        db.setAutoCommit(false);
        try {
            writes.run();
            db.commit();
        } catch (SQLException | RuntimeException e) {
            try {
                db.rollback();
            } catch (SQLException ignored) {
                // the original failure is what matters
            }
            throw e;
        } finally {
            try {
                db.setAutoCommit(autoCommit);
            } catch (SQLException ignored) {
                // the next statement will report a broken connection
            }
        }
    }

    /**
     * Keeps the write-ahead log small: merged back every {@value #WAL_CHECKPOINT_PAGES} pages (at a
     * window every 5 minutes, about every 3 hours) and cut back to {@value #WAL_MAX_BYTES} bytes after.
     * SQLite's defaults (1,000 pages, never shrunk) let the log alone fill a small partition, and a full
     * partition cannot take the checkpoint that would free it.
     */
    private static void limitWal(Statement s) throws SQLException {
        s.execute("PRAGMA wal_autocheckpoint=" + WAL_CHECKPOINT_PAGES);
        s.execute("PRAGMA journal_size_limit=" + WAL_MAX_BYTES);
    }

    /**
     * Storage is full: merges the write-ahead log back into the database and truncates it. SQLite's
     * automatic checkpoint runs only at 1,000 pages (4 MB) of log and never shrinks the file, so on a
     * small or nearly full partition the log alone can fill it. True when the log got smaller.
     */
    static boolean truncateWal(Connection db, Path file) {
        Path wal = file.resolveSibling(file.getFileName() + "-wal");
        try {
            long before = Files.exists(wal) ? Files.size(wal) : 0;
            try (Statement s = db.createStatement()) {
                s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            }
            long after = Files.exists(wal) ? Files.size(wal) : 0;
            if (after < before) {
                log.info("outbox {} full: write-ahead log merged back and truncated, {} bytes freed", file, before - after);
                return true;
            }
        } catch (IOException | SQLException e) {
            log.debug("cannot checkpoint the outbox's write-ahead log: {}", e.toString());
        }
        return false;
    }

    /**
     * An outbox made by an earlier version under the default umask becomes owner-only. Never
     * through a symbolic link: the agent makes none, and as root a link planted in the service
     * user's directory would change the mode of whatever it points to.
     */
    private static void tighten(Path file) {
        try {
            if (Files.isSymbolicLink(file)) {
                log.warn("{} is a symbolic link (to {}); its mode is left as it is", file, Files.readSymbolicLink(file));
                return;
            }
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
            if (mode.stream().anyMatch(p -> p.name().startsWith("GROUP") || p.name().startsWith("OTHERS"))) {
                Files.getFileAttributeView(file, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                        .setPermissions(PosixFilePermissions.fromString("rw-------")); // a link swapped in meanwhile fails here
            }
        } catch (IOException | SecurityException e) {
            log.debug("mode of {} left as it is: {}", file, e.toString());
        }
    }
}
