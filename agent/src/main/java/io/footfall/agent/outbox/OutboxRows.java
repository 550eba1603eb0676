package io.footfall.agent.outbox;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The outbox table's message columns, and the one mapping between such a row and an
 * {@link OutboxMessage}, both ways.
 */
final class OutboxRows {
    /** The columns {@link #message} reads, in its order: select them, then map each row. */
    static final String COLUMNS = "seq, seq_last, id, topic, payload, window_start, window_end";

    /**
     * The same for a file of schema version 0 (before {@code seq_last}), read without migrating it:
     * the range then comes from the id ({@link MessageIds#legacySeqLast}).
     */
    private static final String LEGACY_COLUMNS = "seq, NULL, id, topic, payload, window_start, window_end";

    /** Stores a message, replacing a row of the same seq; bind with {@link #bind}. */
    static final String INSERT = "INSERT OR REPLACE INTO outbox (" + COLUMNS + ") VALUES (?,?,?,?,?,?,?)";

    private OutboxRows() {}

    /** What to select from a file of this {@linkplain OutboxSchema#version schema version}. */
    static String columns(int schemaVersion) {
        return schemaVersion >= 1 ? COLUMNS : LEGACY_COLUMNS;
    }

    /** The message of the current row of a result that selected {@link #columns}. */
    static OutboxMessage message(ResultSet r) throws SQLException {
        long seq = r.getLong(1);
        long seqLast = r.getLong(2);
        boolean legacy = r.wasNull(); // a version-0 file: no seq_last column
        String id = r.getString(3);
        return new OutboxMessage(seq, legacy ? MessageIds.legacySeqLast(seq, id) : seqLast, id, r.getString(4), r.getBytes(5), r.getLong(6), r.getLong(7));
    }

    /** Every remaining row of a result that selected {@link #columns}, as messages; closes nothing. */
    static List<OutboxMessage> messages(ResultSet r) throws SQLException {
        List<OutboxMessage> out = new ArrayList<>();
        while (r.next()) {
            out.add(message(r));
        }
        return out;
    }

    /** Binds {@code m} to {@link #INSERT}. */
    static void bind(PreparedStatement p, OutboxMessage m) throws SQLException {
        p.setLong(1, m.seq());
        p.setLong(2, m.seqLast());
        p.setString(3, m.id());
        p.setString(4, m.topic());
        p.setBytes(5, m.payload());
        p.setLong(6, m.windowStartMillis());
        p.setLong(7, m.windowEndMillis());
    }
}
