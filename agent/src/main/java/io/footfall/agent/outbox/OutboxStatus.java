package io.footfall.agent.outbox;

import java.util.List;

/**
 * What health reports about the outbox.
 *
 * @param depth messages stored and awaiting delivery
 * @param pending closed windows held in memory because storing them failed (disk full); they get
 *     their seq when stored, in order, and are lost only if the process dies first
 * @param coarsened windows merged into coarser ones because the outbox was over its bound
 * @param dropped messages dropped because even daily windows did not fit
 * @param faults what went wrong since start, oldest first (quarantined files, storage errors)
 * @param storageOk false while the last write failed
 */
public record OutboxStatus(long depth, long pending, long payloadBytes, long coarsened, long dropped, List<String> faults, boolean storageOk) {
    public OutboxStatus {
        faults = List.copyOf(faults);
    }
}
