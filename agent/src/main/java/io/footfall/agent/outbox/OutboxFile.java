package io.footfall.agent.outbox;

import io.footfall.agent.datadir.DataDirLock;
import io.footfall.agent.datadir.DataDirLockedException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A technician's view of an outbox file, for {@code footfall outbox status|list|purge}, safe while
 * the agent runs (SQLite WAL allows a reader beside the writer). Unlike {@link SqliteOutbox} it
 * never quarantines, creates or migrates anything: a damaged file is reported, not touched, and a
 * file of an older {@linkplain OutboxSchema schema version} is read as it is.
 */
public final class OutboxFile {
    /** The outbox's file name inside the data directory. */
    public static final String NAME = "outbox.db";

    /**
     * @param oldestWindowStartMillis absent when empty
     * @param quarantined files moved aside as corrupt, in the same directory
     */
    public record Summary(Path file, String streamId, long lastSeq, long depth, long payloadBytes,
            Optional<Long> oldestWindowStartMillis, Optional<Long> newestWindowEndMillis, List<String> quarantined) {
        public Summary {
            quarantined = List.copyOf(quarantined);
        }
    }

    private OutboxFile() {}

    /** The outbox file of the data directory {@code dataDir}, the agent's and every command's. */
    public static Path in(Path dataDir) {
        return dataDir.resolve(NAME);
    }

    public static Summary summary(Path file) {
        requireReadable(file);
        if (size(file) == 0) {
            throw new OutboxException("outbox " + file + " is empty (zero bytes): it lost its contents; the agent moves it aside"
                    + " as corrupt at its next start and reports it", null);
        }
        return read(file, c -> {
            try (Statement s = c.createStatement()) {
                String stream = "";
                long lastSeq = 0;
                try (ResultSet r = s.executeQuery("SELECT k, v FROM meta")) {
                    while (r.next()) {
                        if (r.getString(1).equals("stream_id")) {
                            stream = r.getString(2);
                        } else if (r.getString(1).equals("last_seq")) {
                            lastSeq = Long.parseLong(r.getString(2));
                        }
                    }
                }
                try (ResultSet r = s.executeQuery("SELECT count(*), coalesce(sum(length(payload)),0), min(window_start), max(window_end) FROM outbox")) {
                    r.next();
                    long depth = r.getLong(1);
                    return new Summary(file, stream, lastSeq, depth, r.getLong(2),
                            depth == 0 ? Optional.empty() : Optional.of(r.getLong(3)),
                            depth == 0 ? Optional.empty() : Optional.of(r.getLong(4)), quarantined(file));
                }
            }
        }, "cannot read outbox " + file + " (the agent quarantines a corrupt file at its next start)");
    }

    /** Up to {@code max} stored messages, oldest first. */
    public static List<OutboxMessage> list(Path file, int max) {
        return read(file, c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT " + OutboxRows.columns(OutboxSchema.version(c)) + " FROM outbox ORDER BY seq LIMIT ?")) {
                p.setInt(1, max);
                try (ResultSet r = p.executeQuery()) {
                    return OutboxRows.messages(r);
                }
            }
        }, "cannot read outbox " + file);
    }

    /**
     * What is wrong with the file, if anything, by the same tests the agent applies at start (a
     * zero-byte file, {@code PRAGMA quick_check}, the two tables): empty when it is sound. Reads
     * only; the agent, not this, quarantines.
     */
    public static Optional<String> damage(Path file) {
        if (size(file) == 0) {
            return Optional.of("the file is empty (zero bytes)");
        }
        try {
            return read(file, c -> {
                try (Statement s = c.createStatement()) {
                    try (ResultSet r = s.executeQuery("PRAGMA quick_check")) {
                        String verdict = r.next() ? r.getString(1) : "no answer";
                        if (!"ok".equals(verdict)) {
                            return Optional.of("quick_check: " + verdict);
                        }
                    }
                    try (ResultSet r = s.executeQuery("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('meta', 'outbox')")) {
                        return r.next() && r.getInt(1) == 2 ? Optional.<String>empty() : Optional.of("not an outbox: its tables are missing");
                    }
                }
            }, "cannot check outbox " + file);
        } catch (OutboxException e) {
            if (e.getCause() instanceof SQLException q && OutboxQuarantine.corrupt(q)) {
                return Optional.of(q.getMessage());
            }
            throw e;
        }
    }

    /**
     * Deletes every stored message, delivered or not; the stream id and last seq stay, so the
     * platform sees the purged windows as a gap. Returns how many were deleted. Takes the data
     * directory's lock first, so it refuses ({@link DataDirLockedException}) while the agent runs.
     */
    @SuppressWarnings("try") // the lock is never read: it is held for the try block's scope
    public static long purge(Path file) {
        requireReadable(file);
        try (DataDirLock lock = DataDirLock.acquire(file.toAbsolutePath().getParent(),
                "the agent is running: stop it first (systemctl stop footfall), then purge");
                Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
                Statement s = c.createStatement()) {
            s.execute("PRAGMA busy_timeout=5000");
            s.execute("PRAGMA synchronous=FULL");
            return s.executeUpdate("DELETE FROM outbox");
        } catch (SQLException e) {
            throw new OutboxException("cannot purge outbox " + file, e);
        }
    }

    @FunctionalInterface
    private interface Query<T> {
        T run(Connection c) throws SQLException;
    }

    /**
     * Runs {@code query} on the file without writing anything beside it. SQLite opens a WAL
     * database read-only only through its {@code -shm}, and creates {@code -shm} and {@code -wal}
     * when they are missing (checked with real files: a {@code mode=ro} read as root left both,
     * root-owned, for the agent to trip over). So: with a {@code -shm} present (the agent runs, or
     * was killed) a plain read-only open; with neither side file (the agent stopped cleanly, the
     * file is complete) an {@code immutable} one, which touches nothing; with a {@code -wal} but no
     * {@code -shm} a private copy of both in a temporary directory, so the log's commits are seen.
     */
    private static <T> T read(Path file, Query<T> query, String failure) {
        requireReadable(file);
        Path abs = file.toAbsolutePath();
        Path wal = abs.resolveSibling(abs.getFileName() + "-wal");
        Path shm = abs.resolveSibling(abs.getFileName() + "-shm");
        Path copy = null;
        try {
            String url;
            if (Files.exists(shm)) {
                url = "jdbc:sqlite:" + abs.toUri() + "?mode=ro";
            } else if (size(wal) > 0) {
                copy = Files.createTempDirectory("footfall-outbox-");
                Files.copy(abs, copy.resolve(NAME));
                Files.copy(wal, copy.resolve(NAME + "-wal"));
                url = "jdbc:sqlite:" + copy.resolve(NAME);
            } else {
                url = "jdbc:sqlite:" + abs.toUri() + "?mode=ro&immutable=1";
            }
            try (Connection c = DriverManager.getConnection(url)) {
                return query.run(c);
            }
        } catch (SQLException | IOException e) {
            throw new OutboxException(failure, e);
        } finally {
            if (copy != null) {
                deleteTree(copy);
            }
        }
    }

    /**
     * @throws NoOutboxException when there is none
     * @throws OutboxException "permission denied" (with what to run instead) when this user cannot
     *     see or read it
     */
    private static void requireReadable(Path file) {
        Path abs = file.toAbsolutePath();
        try {
            Files.readAttributes(abs, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw new NoOutboxException("no outbox at " + file);
        } catch (AccessDeniedException e) {
            throw denied(abs);
        } catch (IOException e) {
            throw new OutboxException("cannot read outbox " + file, e);
        }
        if (!Files.isRegularFile(abs)) {
            throw new NoOutboxException("no outbox at " + file + " (not a regular file)");
        }
        if (!Files.isReadable(abs)) {
            throw denied(abs);
        }
    }

    private static OutboxException denied(Path file) {
        String owner = "footfall";
        for (Path p = file; p != null; p = p.getParent()) {
            try {
                owner = Files.getOwner(p).getName();
                break;
            } catch (IOException | SecurityException e) {
                // not visible to us: try its directory
            }
        }
        return new OutboxException("permission denied: " + file + " is readable by its owner only; run the command as the"
                + " service user (sudo -u " + owner + " footfall ...) or with sudo", null);
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return -1;
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.toList()) {
                Files.deleteIfExists(p);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // a private temporary directory: harmless if left
        }
    }

    private static List<String> quarantined(Path file) {
        Path dir = file.toAbsolutePath().getParent();
        String prefix = file.getFileName() + ".corrupt-";
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith(prefix) && !n.endsWith("-wal") && !n.endsWith("-shm"))
                    .sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
