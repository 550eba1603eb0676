package io.footfall.agent.outbox;

import java.util.List;
import java.util.SortedMap;

/**
 * Durable store of closed windows awaiting delivery, and keeper of the node's identity: the stream
 * id, the last {@code seq} handed out and the end of the last closed window. A message is on
 * storage when {@link #append} returns, and leaves only through {@link #deleteAcknowledged} after the broker
 * acknowledged it.
 */
public interface Outbox extends AutoCloseable {
    /**
     * At most this many of the oldest messages may be on the wire at once: the forwarder never has
     * more in flight, and the outbox never merges or drops them (see {@link OutboxLimits}).
     */
    int MAX_IN_FLIGHT = 20;

    /**
     * A random id created with the store; every message id is {@code node/streamId/seq}, so ids never
     * repeat after a wiped data directory.
     */
    String streamId();

    /** The last seq handed out, 0 before the first window. */
    long lastSeq();

    /** End (epoch ms) of the last window appended, 0 before the first. */
    long lastWindowEndMillis();

    /**
     * Assigns the next seq and its id, lets {@code factory} build the message for them, and stores it
     * together with the new seq and window end in one durable transaction.
     *
     * <p>Never loses a window to a storage failure while the process lives: if the store cannot be
     * written (disk full, I/O error) the message is held in memory, {@link #status()} reports it,
     * and it is stored, in order and before any later window, at the next append or
     * {@link #oldest} that succeeds. Held messages are not handed to the forwarder, so a seq that
     * dies with the process was never seen by anyone. At {@link #close()} they are written somewhere
     * durable rather than dropped, and come back at the next start with their seq and id
     * ({@link SqliteOutbox}: a spill file next to the store, the log as a last resort).
     */
    OutboxMessage append(long windowStartMillis, long windowEndMillis, MessageFactory factory);

    /** Up to {@code max} stored messages, lowest seq first. */
    List<OutboxMessage> oldest(int max);

    /**
     * Up to {@code max} stored messages with a seq above {@code afterSeq}, lowest seq first: the
     * forwarder reads on past messages it has already had an answer for (acknowledged but not yet
     * deleted because the store cannot be written, or refused by the broker).
     */
    default List<OutboxMessage> oldest(long afterSeq, int max) {
        return oldest(Integer.MAX_VALUE).stream().filter(m -> m.seq() > afterSeq).limit(max).toList();
    }

    /**
     * Removes acknowledged messages, given as seq to id, in one transaction. A seq whose row now holds
     * another id (the outbox merged it into a coarser window meanwhile) is left alone. Everything up
     * to the highest seq given is never merged or dropped afterwards, even if the delete fails: the
     * platform already has it.
     *
     * @throws OutboxException when the store cannot be written; nothing is removed then
     */
    void deleteAcknowledged(SortedMap<Long, String> acknowledged);

    /** How many messages await delivery, stored or held in memory. */
    long depth();

    /** For health: depth, held windows, coarsening, drops and faults such as a quarantined file. */
    OutboxStatus status();

    @Override
    void close();

    /** Builds a message's topic and payload once its seq and id are known. */
    @FunctionalInterface
    interface MessageFactory {
        Built build(long seq, String id);
    }

    record Built(String topic, byte[] payload) {
        public Built {
            payload = payload.clone();
        }
    }
}
