package io.footfall.agent.receive;

import java.util.List;

/**
 * Where the {@link Receiver} puts every valid window before the broker gets its PUBACK: a
 * {@code footfall receive --store} database. A method that throws leaves the message
 * unacknowledged; the receiver drops the connection and the broker delivers the message again
 * (persistent session), so nothing is lost while the store is down. Both methods must be
 * idempotent: the same window may come again, through this receiver or another.
 */
public interface Sink {
    /** What {@link #put} found. */
    enum Put {
        /** first time this id was stored */
        STORED,
        /** this id was already stored with the same content */
        DUPLICATE,
        /** this id was already stored with other content: recorded as a conflict, the first stays */
        CONFLICT
    }

    Put put(String topic, ReceivedWindow w);

    /** One window to put, with the topic it came on. */
    record Item(String topic, ReceivedWindow window) {}

    /**
     * Puts several windows at once, all or none (one transaction in a database); the results in the
     * order given. The receiver acknowledges them only after this returned.
     */
    default List<Put> putAll(List<Item> items) {
        return items.stream().map(i -> put(i.topic(), i.window())).toList();
    }

    /** A message the ledger found conflicting (its seqs overlap windows taken under other ids): kept aside, never as a window. */
    void conflict(String topic, ReceivedWindow w);

    /**
     * Whether this sink keeps node health ({@link #health}): the receiver then also subscribes to
     * {@code footfall/v1/{site}/+/health}.
     */
    default boolean keepsHealth() {
        return false;
    }

    /**
     * A node's health snapshot, valid and bound to its topic: kept if it is the node's latest (one
     * per node). Health is QoS 0: a failure loses this snapshot only, the next one replaces it.
     */
    default void health(ReceivedHealth h) {}
}
