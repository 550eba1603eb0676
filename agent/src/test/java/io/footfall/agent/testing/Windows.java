package io.footfall.agent.testing;

import io.footfall.agent.counts.BeamCounts;
import io.footfall.agent.counts.CountsJson;
import io.footfall.agent.counts.CountsMessage;
import io.footfall.agent.counts.Coverage;
import io.footfall.agent.kinds.StandardMessage;
import io.footfall.agent.mqtt.Topics;
import io.footfall.agent.outbox.Outbox;
import io.footfall.agent.outbox.OutboxMessage;
import io.footfall.agent.privacy.WifiCounts;
import java.util.List;
import java.util.Optional;

/** Realistic closed windows for delivery tests: 5-minute windows with plausible counts. */
public final class Windows {
    public static final long FIVE_MINUTES = 300_000L;
    /** 2026-11-22T00:00:00Z */
    public static final long DAY0 = 1_795_305_600_000L;

    private Windows() {}

    /** Appends the window that follows the outbox's last one (or the first of DAY0). */
    /** As the forwarder does once the broker acknowledged every stored window up to {@code seq}. */
    public static void deliveredThrough(Outbox outbox, long seq) {
        java.util.TreeMap<Long, String> acknowledged = new java.util.TreeMap<>();
        outbox.oldest(Integer.MAX_VALUE).stream().filter(m -> m.seq() <= seq).forEach(m -> acknowledged.put(m.seq(), m.id()));
        if (!acknowledged.isEmpty()) {
            outbox.deleteAcknowledged(acknowledged);
        }
    }

    public static OutboxMessage appendNext(Outbox outbox, Topics topics) {
        return appendNext(outbox, topics, 2);
    }

    /** The next window, with counts for {@code passages} (1 or 2) doors. */
    public static OutboxMessage appendNext(Outbox outbox, Topics topics, int passages) {
        long start = outbox.lastWindowEndMillis() == 0 ? DAY0 : outbox.lastWindowEndMillis();
        long end = start + FIVE_MINUTES;
        return outbox.append(start, end, (seq, id) -> new Outbox.Built(topics.counts(), json(topics, seq, id, start, end, passages)));
    }

    public static OutboxMessage append(Outbox outbox, Topics topics, long start, long end) {
        return outbox.append(start, end, (seq, id) -> new Outbox.Built(topics.counts(), json(topics, seq, id, start, end)));
    }

    public static byte[] json(Topics topics, long seq, String id, long start, long end) {
        return json(topics, seq, id, start, end, 2);
    }

    public static byte[] json(Topics topics, long seq, String id, long start, long end, int passages) {
        int base = (int) ((start / FIVE_MINUTES) % 97);
        List<BeamCounts.PassageCounts> doors = List.of(
                new BeamCounts.PassageCounts("door-1", 20 + base % 30, 18 + base % 25, false),
                new BeamCounts.PassageCounts("door-2", 3 + base % 7, 4 + base % 6, base % 41 == 0, base % 41 == 0 ? 95 : 0));
        BeamCounts beam = BeamCounts.of(doors.subList(0, passages));
        int universal = 20 + base % 20;
        int randomized = 60 + base % 40;
        int estimated = universal + randomized / 3;
        // with its 80% interval as the agent publishes it for 5 or more phones: low 0.88 x estimated, high the estimate
        WifiCounts wifi = new WifiCounts(universal + randomized, universal, randomized, estimated,
                new io.footfall.agent.privacy.DwellHistogram(base % 50, 10 + base % 30, 5 + base % 9, base % 4), false, 10,
                java.util.OptionalDouble.empty(), (int) Math.floor(estimated * 0.88), estimated);
        // a node watched throughout, its capture running all along on the default hop list
        Coverage coverage = new Coverage((end - start) / 1000, (end - start) / 1000,
                Optional.of(new Coverage.Wifi((end - start) / 1000, List.of(1, 6, 11))));
        CountsMessage m = StandardMessage.window(topics.site(), topics.node(), id, seq,
                new CountsMessage.WindowInfo(start, end, true), beam, Optional.of(wifi), coverage);
        return CountsJson.toJson(m);
    }
}
