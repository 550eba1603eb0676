package io.footfall.agent.outbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A corrupt outbox file moved aside ({@code outbox.db.corrupt-<epoch ms>}, with its {@code -wal}
 * and {@code -shm}), and whatever can still be read from it: its last seq, last window end and
 * undelivered messages, of either schema version. The caller starts a fresh store from that.
 */
final class OutboxQuarantine {
    private static final Logger log = LoggerFactory.getLogger(OutboxQuarantine.class);

    /** What could be read from a quarantined file; zeros and no messages when nothing could. */
    record Salvage(long lastSeq, long lastWindowEnd, List<OutboxMessage> messages) {
        Salvage {
            messages = List.copyOf(messages);
        }
    }

    private OutboxQuarantine() {}

    /**
     * Whether SQLite's error says the file is damaged ({@code SQLITE_CORRUPT}, {@code SQLITE_NOTADB}):
     * the agent quarantines such a file, {@link OutboxFile} reports it.
     */
    static boolean corrupt(SQLException e) {
        int code = e.getErrorCode() & 0xff;
        return code == 11 || code == 26;
    }

    /**
     * Renames {@code file} and its side files aside; returns the new name.
     *
     * @throws OutboxException when it cannot be moved (nothing is lost: it stays where it was)
     */
    static Path moveAside(Path file, String reason) {
        Path aside = file.resolveSibling(file.getFileName() + ".corrupt-" + System.currentTimeMillis());
        try {
            Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
            for (String suffix : List.of("-wal", "-shm")) {
                Path side = file.resolveSibling(file.getFileName() + suffix);
                if (Files.exists(side)) {
                    Files.move(side, aside.resolveSibling(aside.getFileName() + suffix), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new OutboxException("outbox " + file + " is corrupt (" + reason + ") and cannot be moved aside", e);
        }
        return aside;
    }

    /** Reads what it can from a file moved aside: each part (meta, messages) on its own, each failure logged. */
    static Salvage salvage(Path aside) {
        long seq = 0;
        long end = 0;
        List<OutboxMessage> messages = new ArrayList<>();
        try (Connection old = DriverManager.getConnection("jdbc:sqlite:" + aside)) {
            try (Statement s = old.createStatement()) {
                try (ResultSet r = s.executeQuery("SELECT k, v FROM meta")) {
                    while (r.next()) {
                        if ("last_seq".equals(r.getString(1))) {
                            seq = Long.parseLong(r.getString(2));
                        } else if ("last_window_end".equals(r.getString(1))) {
                            end = Long.parseLong(r.getString(2));
                        }
                    }
                } catch (SQLException | NumberFormatException e) {
                    log.debug("no meta in quarantined outbox: {}", e.toString());
                }
                int version = 0;
                try {
                    version = OutboxSchema.version(old);
                } catch (SQLException e) {
                    log.debug("schema version of quarantined outbox unreadable, read as 0 (ranges from the ids): {}", e.toString());
                }
                try (ResultSet r = s.executeQuery("SELECT " + OutboxRows.columns(version) + " FROM outbox ORDER BY seq")) {
                    while (r.next()) {
                        seq = Math.max(seq, r.getLong(1));
                        OutboxMessage m;
                        try {
                            m = OutboxRows.message(r);
                        } catch (IllegalArgumentException e) { // a row that makes no sense (an id not matching its seq): damage
                            log.warn("quarantined outbox {}: message seq {} skipped, it stays in that file: {}", aside, r.getLong(1), e.getMessage());
                            continue;
                        }
                        messages.add(m);
                        seq = Math.max(seq, m.seqLast());
                        end = Math.max(end, m.windowEndMillis());
                    }
                } catch (SQLException | RuntimeException e) {
                    log.debug("messages of quarantined outbox partly unreadable: {}", e.toString());
                }
            }
        } catch (SQLException e) {
            log.debug("quarantined outbox unreadable: {}", e.toString());
        }
        return new Salvage(seq, end, messages);
    }
}
