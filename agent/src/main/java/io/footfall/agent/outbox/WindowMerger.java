package io.footfall.agent.outbox;

import java.util.List;

/**
 * Turns several consecutive stored windows into one coarser message, when the outbox is over its
 * bound (see {@link OutboxLimits}). The result covers seqs {@code first.seq()..last.seq()} and
 * carries the id it is given ({@code node/stream/first-last}), never an id a part had.
 */
@FunctionalInterface
public interface WindowMerger {
    /**
     * @param parts at least two messages, consecutive in seq, oldest first
     * @param id the merged message's id
     */
    byte[] merge(List<OutboxMessage> parts, String id);
}
