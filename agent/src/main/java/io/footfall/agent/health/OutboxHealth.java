package io.footfall.agent.health;

import io.footfall.agent.outbox.OutboxStatus;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The outbox section of a health snapshot ({@code outbox}); the counters absent mean 0, absent
 * {@code faults} means none.
 *
 * @param depth messages stored and awaiting delivery
 * @param lastSeq the highest seq stored
 * @param pending closed windows held in memory because storing them failed
 * @param coarsened windows merged into coarser ones because the outbox was over its bound
 * @param dropped messages dropped because even daily windows did not fit
 * @param storageOk false while the last write failed
 * @param faults what went wrong since start, oldest first
 */
public record OutboxHealth(long depth, long lastSeq, OptionalLong pending, OptionalLong coarsened, OptionalLong dropped, boolean storageOk,
        Optional<List<String>> faults) {
    public OutboxHealth {
        Objects.requireNonNull(pending, "outbox.pending");
        Objects.requireNonNull(coarsened, "outbox.coarsened");
        Objects.requireNonNull(dropped, "outbox.dropped");
        faults = Objects.requireNonNull(faults, "outbox.faults").map(List::copyOf);
    }

    public static OutboxHealth of(OutboxStatus s, long lastSeq) {
        return new OutboxHealth(s.depth(), lastSeq, OptionalLong.of(s.pending()), OptionalLong.of(s.coarsened()), OptionalLong.of(s.dropped()),
                s.storageOk(), Optional.of(s.faults()));
    }

    OutboxHealth compact() {
        return new OutboxHealth(depth, lastSeq, Compact.counter(pending), Compact.counter(coarsened), Compact.counter(dropped), storageOk,
                Compact.list(faults));
    }
}
