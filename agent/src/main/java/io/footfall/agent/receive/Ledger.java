package io.footfall.agent.receive;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The platform's bookkeeping, without the wire: de-duplication by site and {@code id} (the first
 * arrival counts, later ones are duplicates, and a later one with other content is a conflict) and,
 * per site, node and stream, which seqs have arrived. The site is part of both keys because node
 * names repeat across sites and stream ids are 24 random bits (docs/MQTT.md, "De-duplication"). A gap is a run of seqs between the lowest and the highest
 * seen that has not arrived (yet): it may close later when a delayed re-send arrives.
 *
 * <p>Memory is bounded by {@link Limits}, whatever arrives: the last {@code rememberedIds} ids with
 * a 64-bit digest of their content, at most {@code keptWindows} windows for {@link #received()},
 * {@code streams} streams with {@code rangesPerStream} seq ranges each. An id forgotten is still
 * recognised as a duplicate while its seqs lie within the stream's received ranges (content then
 * unknown: it cannot be a conflict). When a stream has too many ranges (a hostile or very broken
 * node), its lowest range is forgotten, and with it the gap above it; when there are too many
 * streams, the least recently seen stream is forgotten. Both are counted in {@link #forgotten()}.
 * Not thread-safe; {@link Receiver} serialises access.
 */
public final class Ledger {
    /** Bounds on what the ledger keeps. */
    public record Limits(int rememberedIds, int keptWindows, int streams, int rangesPerStream) {
        /** For tests and library callers that want {@link #received()}: 100,000 windows (~100 MB at most). */
        public static final Limits DEFAULT = new Limits(1_000_000, 100_000, 100_000, 10_000);

        public Limits {
            if (rememberedIds < 1 || keptWindows < 0 || streams < 1 || rangesPerStream < 2) {
                throw new IllegalArgumentException("limits must be positive: " + rememberedIds + ", " + keptWindows + ", " + streams
                        + ", " + rangesPerStream);
            }
        }

        /** The same limits keeping no windows (only counts): for a long-running receiver. */
        public Limits withoutWindows() {
            return new Limits(rememberedIds, 0, streams, rangesPerStream);
        }
    }

    /** What {@link #accept} made of a message. */
    public enum Verdict {
        /** first arrival of this id: counts */
        NEW,
        /** this id (or these seqs) arrived before, same content as far as known */
        DUPLICATE,
        /**
         * this id arrived before with other content, or these seqs were partly received under
         * other ids: a node bug or an impostor; the first arrival stands
         */
        CONFLICT
    }

    /** What {@link #accept} made of a message. */
    public record Outcome(Verdict verdict, List<Gap> newGaps) {
        public boolean duplicate() {
            return verdict != Verdict.NEW;
        }
    }

    private final Limits limits;
    private final LinkedHashMap<String, Long> digests;
    private final LinkedHashMap<String, TreeMap<Long, Long>> ranges;
    private final ArrayDeque<ReceivedWindow> received = new ArrayDeque<>();
    private long distinct;
    private long duplicates;
    private long conflicts;
    private long forgotten;

    public Ledger() {
        this(Limits.DEFAULT);
    }

    public Ledger(Limits limits) {
        this.limits = limits;
        this.digests = new LinkedHashMap<>(16, 0.75f, false) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
                return size() > limits.rememberedIds();
            }
        };
        this.ranges = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, TreeMap<Long, Long>> eldest) {
                if (size() > limits.streams()) {
                    forgotten++;
                    return true;
                }
                return false;
            }
        };
    }

    public Outcome accept(ReceivedWindow w) {
        long digest = digest(w.json());
        Long first = digests.get(w.key());
        if (first != null) {
            duplicates++;
            if (first != digest) {
                conflicts++;
                return new Outcome(Verdict.CONFLICT, List.of());
            }
            return new Outcome(Verdict.DUPLICATE, List.of());
        }
        TreeMap<Long, Long> r = ranges.computeIfAbsent(w.streamKey(), k -> new TreeMap<>());
        long covered = covered(r, w.seq(), w.seqLast());
        if (covered == w.seqLast() - w.seq() + 1) {
            duplicates++;
            return new Outcome(Verdict.DUPLICATE, List.of());
        }
        if (covered > 0) {
            duplicates++;
            conflicts++;
            return new Outcome(Verdict.CONFLICT, List.of());
        }
        digests.put(w.key(), digest);
        distinct++;
        if (limits.keptWindows() > 0) {
            received.addLast(w);
            if (received.size() > limits.keptWindows()) {
                received.removeFirst();
            }
        }
        List<Gap> fresh = new ArrayList<>();
        if (!r.isEmpty() && w.seq() > r.lastEntry().getValue() + 1) {
            fresh.add(new Gap(w.site(), w.node(), w.stream(), r.lastEntry().getValue() + 1, w.seq() - 1));
        }
        add(r, w.seq(), w.seqLast());
        while (r.size() > limits.rangesPerStream()) {
            r.pollFirstEntry();
            forgotten++;
        }
        return new Outcome(Verdict.NEW, fresh);
    }

    /** How many of the seqs {@code from..to} lie in {@code r}. */
    private static long covered(TreeMap<Long, Long> r, long from, long to) {
        long n = 0;
        Map.Entry<Long, Long> e = r.floorEntry(from);
        if (e == null) {
            e = r.ceilingEntry(from);
        }
        while (e != null && e.getKey() <= to) {
            long lo = Math.max(from, e.getKey());
            long hi = Math.min(to, e.getValue());
            if (hi >= lo) {
                n += hi - lo + 1;
            }
            e = r.higherEntry(e.getKey());
        }
        return n;
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

    /**
     * 64 bits of SHA-256 over the payload with its object keys sorted: two payloads with the same
     * fields and values have the same digest, whatever their key order or whitespace.
     */
    public static long digest(Map<String, Object> json) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(canonical(json).getBytes(StandardCharsets.UTF_8));
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v = (v << 8) | (h[i] & 0xff);
            }
            return v;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static String canonical(Object o) {
        if (o instanceof Map<?, ?> m) {
            StringBuilder b = new StringBuilder("{");
            new TreeMap<>(m).forEach((k, v) -> b.append('"').append(k).append("\":").append(canonical(v)).append(','));
            return b.append('}').toString();
        }
        if (o instanceof Collection<?> c) {
            StringBuilder b = new StringBuilder("[");
            c.forEach(v -> b.append(canonical(v)).append(','));
            return b.append(']').toString();
        }
        if (o instanceof String s) {
            return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
        }
        return String.valueOf(o);
    }

    /**
     * Distinct windows in arrival order (first arrival of each id): the last
     * {@link Limits#keptWindows()} of them.
     */
    public List<ReceivedWindow> received() {
        return List.copyOf(received);
    }

    /** How many distinct windows arrived (whether or not still kept for {@link #received()}). */
    public long distinct() {
        return distinct;
    }

    public long duplicates() {
        return duplicates;
    }

    /**
     * Duplicates whose payload differs from the first arrival with the same id, or that overlap
     * seqs received under another id: a node bug or an impostor; always 0 for a correct node.
     */
    public long conflicts() {
        return conflicts;
    }

    /** Seq ranges and streams dropped to stay within {@link Limits}; 0 unless something misbehaves. */
    public long forgotten() {
        return forgotten;
    }

    /** Seq runs still missing between the lowest and highest seq seen, per site, node and stream. */
    public List<Gap> gaps() {
        List<Gap> out = new ArrayList<>();
        ranges.forEach((key, r) -> {
            String[] part = key.split("/", 3);
            Long prevEnd = null;
            for (Map.Entry<Long, Long> e : r.entrySet()) {
                if (prevEnd != null) {
                    out.add(new Gap(part[0], part[1], part[2], prevEnd + 1, e.getKey() - 1));
                }
                prevEnd = e.getValue();
            }
        });
        return out;
    }

    /** Lowest and highest seq seen per {@code site/node/stream}. */
    public Map<String, long[]> extents() {
        Map<String, long[]> out = new LinkedHashMap<>();
        ranges.forEach((k, r) -> {
            if (!r.isEmpty()) {
                out.put(k, new long[] {r.firstKey(), r.lastEntry().getValue()});
            }
        });
        return out;
    }
}
