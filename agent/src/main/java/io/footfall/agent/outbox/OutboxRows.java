package io.footfall.agent.outbox;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** The outbox table's message columns, and the one mapping from such a row to an {@link OutboxMessage}. */
final class OutboxRows {
    /** The columns {@link #message} reads, in its order: select them, then map each row. */
    static final String COLUMNS = "seq, id, topic, payload, window_start, window_end";

    private OutboxRows() {}

    /** The message of the current row of a result that selected {@link #COLUMNS}. */
    static OutboxMessage message(ResultSet r) throws SQLException {
        return new OutboxMessage(r.getLong(1), r.getString(2), r.getString(3), r.getBytes(4), r.getLong(5), r.getLong(6));
    }

    /** Every remaining row of a result that selected {@link #COLUMNS}, as messages; closes nothing. */
    static List<OutboxMessage> messages(ResultSet r) throws SQLException {
        List<OutboxMessage> out = new ArrayList<>();
        while (r.next()) {
            out.add(message(r));
        }
        return out;
    }
}
