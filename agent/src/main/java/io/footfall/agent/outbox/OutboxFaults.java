package io.footfall.agent.outbox;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What went wrong with the outbox since start, for health ({@link OutboxStatus#faults()}): the
 * last {@value #MAX} faults, oldest first, each with its time, and whether storage takes writes.
 * A run of failed writes is one fault (its first failure, with SQLite's own words), and its end
 * another ("storage works again"), however many writes failed in between.
 */
final class OutboxFaults {
    static final int MAX = 50;

    private final Clock clock;
    private final List<String> faults = new ArrayList<>();
    private boolean storageOk = true;

    OutboxFaults(Clock clock) {
        this.clock = clock;
    }

    /** Records a fault; returns it as recorded, to be logged. */
    String add(String what) {
        String fault = clock.instant() + " " + what;
        faults.add(fault);
        if (faults.size() > MAX) {
            faults.remove(0);
        }
        return fault;
    }

    /** A write failed: recorded when it is the first of a run, which is then returned. */
    Optional<String> writeFailed(String what, String error) {
        Optional<String> first = storageOk ? Optional.of(add("cannot " + what + ": " + error)) : Optional.empty();
        storageOk = false;
        return first;
    }

    /** A write worked: true when it ends a run of failures (recorded). */
    boolean writeWorked() {
        if (storageOk) {
            return false;
        }
        storageOk = true;
        add("storage works again");
        return true;
    }

    boolean storageOk() {
        return storageOk;
    }

    List<String> list() {
        return List.copyOf(faults);
    }
}
