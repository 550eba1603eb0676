package io.footfall.agent.receive;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The platform's bookkeeping, without the wire: de-duplication by {@code id} (the first arrival
 * counts, later ones are duplicates) and, per node stream, which seqs have arrived. A gap is a run
 * of seqs between the lowest and the highest seen that has not arrived (yet): it may close later
 * when a delayed re-send arrives. Not thread-safe; {@link Receiver} serialises access.
 */
public final class Ledger {
    /** What {@link #accept} made of a message. */
    public record Outcome(boolean duplicate, List<Gap> newGaps) {}

    private final Map<String, Map<String, Object>> byId = new java.util.HashMap<>();
    private final Map<String, TreeMap<Long, Long>> ranges = new LinkedHashMap<>();
    private final List<ReceivedWindow> received = new ArrayList<>();
    private long duplicates;
    private long conflicts;

    public Outcome accept(ReceivedWindow w) {
        Map<String, Object> first = byId.putIfAbsent(w.id(), w.json());
        if (first != null) {
            duplicates++;
            if (!first.equals(w.json())) {
                conflicts++;
            }
            return new Outcome(true, List.of());
        }
        received.add(w);
        TreeMap<Long, Long> r = ranges.computeIfAbsent(w.streamKey(), k -> new TreeMap<>());
        List<Gap> fresh = new ArrayList<>();
        if (!r.isEmpty() && w.seq() > r.lastEntry().getValue() + 1) {
            fresh.add(new Gap(w.node(), w.stream(), r.lastEntry().getValue() + 1, w.seq() - 1));
        }
        add(r, w.seq(), w.seqLast());
        return new Outcome(false, fresh);
    }

    private static void add(TreeMap<Long, Long> r, long from, long to) {
        Map.Entry<Long, Long> before = r.floorEntry(from);
        if (before != null && before.getValue() >= from - 1) {
            from = before.getKey();
            to = Math.max(to, before.getValue());
            r.remove(before.getKey());
        }
        Map.Entry<Long, Long> next = r.ceilingEntry(from);
        while (next != null && next.getKey() <= to + 1) {
            to = Math.max(to, next.getValue());
            r.remove(next.getKey());
            next = r.ceilingEntry(from);
        }
        r.put(from, to);
    }

    /** Distinct windows in arrival order (first arrival of each id). */
    public List<ReceivedWindow> received() {
        return List.copyOf(received);
    }

    public long duplicates() {
        return duplicates;
    }

    /**
     * Duplicates whose payload differs from the first arrival with the same id: a node bug (an id
     * reused for another window); always 0 for a correct node.
     */
    public long conflicts() {
        return conflicts;
    }

    /** Seq runs still missing between the lowest and highest seq seen, per node stream. */
    public List<Gap> gaps() {
        List<Gap> out = new ArrayList<>();
        ranges.forEach((key, r) -> {
            int slash = key.lastIndexOf('/');
            Long prevEnd = null;
            for (Map.Entry<Long, Long> e : r.entrySet()) {
                if (prevEnd != null) {
                    out.add(new Gap(key.substring(0, slash), key.substring(slash + 1), prevEnd + 1, e.getKey() - 1));
                }
                prevEnd = e.getValue();
            }
        });
        return out;
    }

    /** Lowest and highest seq seen per {@code node/stream}. */
    public Map<String, long[]> extents() {
        Map<String, long[]> out = new LinkedHashMap<>();
        ranges.forEach((k, r) -> out.put(k, new long[] {r.firstKey(), r.lastEntry().getValue()}));
        return out;
    }
}
