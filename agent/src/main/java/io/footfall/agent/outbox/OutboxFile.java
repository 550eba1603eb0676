package io.footfall.agent.outbox;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A technician's view of an outbox file, for {@code footfall outbox status|list|purge}, safe while
 * the agent runs (SQLite WAL allows a reader beside the writer). Unlike {@link SqliteOutbox} it
 * never quarantines or creates anything: a damaged file is reported, not touched.
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

    public static Summary summary(Path file) {
        try (Connection c = open(file, true); Statement s = c.createStatement()) {
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
        } catch (SQLException e) {
            throw new OutboxException("cannot read outbox " + file + " (the agent quarantines a corrupt file at its next start)", e);
        }
    }

    /** Up to {@code max} stored messages, oldest first. */
    public static List<OutboxMessage> list(Path file, int max) {
        try (Connection c = open(file, true);
                PreparedStatement p = c.prepareStatement("SELECT seq, id, topic, payload, window_start, window_end FROM outbox ORDER BY seq LIMIT ?")) {
            p.setInt(1, max);
            List<OutboxMessage> out = new ArrayList<>();
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    out.add(new OutboxMessage(r.getLong(1), r.getString(2), r.getString(3), r.getBytes(4), r.getLong(5), r.getLong(6)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new OutboxException("cannot read outbox " + file, e);
        }
    }

    /**
     * Deletes every stored message, delivered or not; the stream id and last seq stay, so the
     * platform sees the purged windows as a gap. Returns how many were deleted.
     */
    public static long purge(Path file) {
        try (Connection c = open(file, false); Statement s = c.createStatement()) {
            s.execute("PRAGMA busy_timeout=5000");
            s.execute("PRAGMA synchronous=FULL");
            return s.executeUpdate("DELETE FROM outbox");
        } catch (SQLException e) {
            throw new OutboxException("cannot purge outbox " + file, e);
        }
    }

    private static Connection open(Path file, boolean readOnly) throws SQLException {
        if (!Files.isRegularFile(file)) {
            throw new OutboxException("no outbox at " + file, null);
        }
        return DriverManager.getConnection("jdbc:sqlite:file:" + file.toAbsolutePath() + (readOnly ? "?mode=ro" : ""));
    }

    private static List<String> quarantined(Path file) {
        Path dir = file.toAbsolutePath().getParent();
        String prefix = file.getFileName() + ".corrupt-";
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith(prefix) && !n.endsWith("-wal") && !n.endsWith("-shm"))
                    .sorted().toList();
        } catch (java.io.IOException e) {
            return List.of();
        }
    }
}
